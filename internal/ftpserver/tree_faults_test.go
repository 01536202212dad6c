package ftpserver_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jlaffaye/ftp"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

func names(t *testing.T, c *ftp.ServerConn, dir string) []string {
	t.Helper()
	entries, err := c.List(dir)
	if err != nil {
		t.Fatalf("list %s: %v", dir, err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name+map[bool]string{true: "/"}[e.Type == ftp.EntryTypeFolder])
	}
	slices.Sort(out)
	return out
}

func TestLoopDirIsAFolderHoldingItselfForever(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{LoopDir: "again"})
	writeFile(t, filepath.Join(srv.Root, "d", "f.txt"), []byte("f"))
	c := dial(t, srv)
	want := []string{"again/", "f.txt"}
	for _, dir := range []string{"/d", "/d/again", "/d/again/again/again"} {
		if got := names(t, c, dir); !slices.Equal(got, want) {
			t.Errorf("%s holds %q, want %q", dir, got, want)
		}
	}
	if got := retr(t, c, "/d/again/again/f.txt", 0); string(got) != "f" {
		t.Errorf("a file deep in the loop holds %q", got)
	}
}

func TestSymlinksAreServedAsWhatTheyPointTo(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	writeFile(t, filepath.Join(srv.Root, "d", "f.txt"), []byte("f"))
	for link, target := range map[string]string{"filelink": "f.txt", "self": ".", "dangling": "nowhere"} {
		if err := os.Symlink(target, filepath.Join(srv.Root, "d", link)); err != nil {
			t.Fatal(err)
		}
	}
	c := dial(t, srv)
	want := []string{"dangling", "f.txt", "filelink", "self/"}
	if got := names(t, c, "/d"); !slices.Equal(got, want) {
		t.Errorf("/d holds %q, want %q", got, want)
	}
	if got := retr(t, c, "/d/filelink", 0); string(got) != "f" {
		t.Errorf("the link to a file holds %q", got)
	}
}

func TestRepliesAnswersTheNamedCommandsOnly(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{Replies: map[string]int{"SIZE": 450}})
	writeFile(t, filepath.Join(srv.Root, "f"), []byte("12345"))
	c := dial(t, srv)
	if _, err := c.FileSize("f"); err == nil || !strings.HasPrefix(err.Error(), "450") {
		t.Errorf("SIZE: %v, want the 450 the fault names", err)
	}
	if got := retr(t, c, "f", 0); string(got) != "12345" {
		t.Errorf("RETR gave %q", got)
	}
}
