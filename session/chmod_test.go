package session

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

func TestChmodChangesTheModeOnDisk(t *testing.T) {
	for _, start := range []func(testing.TB, bool) *ftptest.Server{ftptest.Vsftpd, ftptest.PureFTPd} {
		srv := start(t, false)
		t.Run(srv.Name, func(t *testing.T) {
			c := dialOK(t, realSite(srv, FTP), quickOptions())
			for _, p := range []string{"/d/a.txt", "/d/sub/b.txt"} {
				if err := c.MkdirAll(filepath.Dir(p)); err != nil {
					t.Fatal(err)
				}
				if err := c.Stor(p, strings.NewReader("x"), 0); err != nil {
					t.Fatal(err)
				}
			}
			if err := c.Chmod("/d/a.txt", 0o640); err != nil {
				t.Fatalf("chmod: %v", err)
			}
			if got := fileMode(t, filepath.Join(srv.Root, "d/a.txt")); got != 0o640 {
				t.Errorf("mode = %o, want 640", got)
			}
			dirBefore := fileMode(t, filepath.Join(srv.Root, "d/sub"))
			n, err := c.ChmodTree(context.Background(), "/d", 0o600, ChmodFilesOnly)
			if err != nil || n != 2 {
				t.Fatalf("recursive files-only: %d changed, %v", n, err)
			}
			for _, f := range []string{"d/a.txt", "d/sub/b.txt"} {
				if got := fileMode(t, filepath.Join(srv.Root, f)); got != 0o600 {
					t.Errorf("%s mode = %o, want 600", f, got)
				}
			}
			if got := fileMode(t, filepath.Join(srv.Root, "d/sub")); got != dirBefore {
				t.Errorf("files-only changed a folder: %o, was %o", got, dirBefore)
			}
			entries, err := c.List("/d")
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if mode, ok := ParsePerm(e.Perm); e.Name == "a.txt" && (!ok || mode != 0o600) {
					t.Errorf("listing shows %q for a.txt, parsed %o %v", e.Perm, mode, ok)
				}
			}
		})
	}
}

func TestChmodRefusedIsOneSentenceWithTheServersWords(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	c := dialOK(t, embeddedSite(srv), quickOptions())
	if err := c.Stor("/f", strings.NewReader("x"), 0); err != nil {
		t.Fatal(err)
	}
	err := c.Chmod("/f", 0o644)
	if err == nil {
		t.Fatal("the embedded server has no SITE CHMOD, yet chmod succeeded")
	}
	msg := Describe(err)
	if !strings.Contains(msg, "“500 ") || strings.Contains(msg, "\n") {
		t.Errorf("message = %q", msg)
	}
	if _, err := c.List("/"); err != nil {
		t.Fatalf("the connection is unusable after the refusal: %v", err)
	}
}

func TestParseModeAndPerm(t *testing.T) {
	for in, want := range map[string]os.FileMode{"644": 0o644, "0755": 0o755, "000": 0} {
		if got, err := ParseMode(in); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %o, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "64", "888", "12345", "u+x", "1777"} {
		if _, err := ParseMode(bad); err == nil {
			t.Errorf("ParseMode(%q) accepted", bad)
		}
	}
	for in, want := range map[string]os.FileMode{"rwxr-xr-x": 0o755, "-rw-r-----": 0o640, "drwxrwxrwt": 0o777, "rwSr--r--": 0o644} {
		if got, ok := ParsePerm(in); !ok || got != want {
			t.Errorf("ParsePerm(%q) = %o, %v; want %o", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "adfrw", "rwxr-xr-q"} {
		if _, ok := ParsePerm(bad); ok {
			t.Errorf("ParsePerm(%q) accepted", bad)
		}
	}
}

// SITE CHMOD follows links: a recursive chmod must not change a folder
// outside what it walks through a link to it.
func TestRecursiveChmodLeavesLinksAlone(t *testing.T) {
	srv := ftptest.PureFTPd(t, false)
	c := dialOK(t, realSite(srv, FTP), quickOptions())
	if err := c.MkdirAll("/d/sub"); err != nil {
		t.Fatal(err)
	}
	if err := c.Stor("/d/sub/a.txt", strings.NewReader("x"), 0); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("..", filepath.Join(srv.Root, "d/sub/up")); err != nil {
		t.Fatal(err)
	}
	srv.Chown(t)
	before := fileMode(t, filepath.Join(srv.Root, "d"))
	if n, err := c.ChmodTree(context.Background(), "/d", 0o600, ChmodFilesOnly); err != nil || n != 1 {
		t.Fatalf("recursive files-only chmod with a link to a parent: %d changed, %v", n, err)
	}
	if got := fileMode(t, filepath.Join(srv.Root, "d")); got != before {
		t.Errorf("the link's target /d changed mode: %o, was %o", got, before)
	}
	if got := fileMode(t, filepath.Join(srv.Root, "d/sub/a.txt")); got != 0o600 {
		t.Errorf("a.txt mode = %o, want 600", got)
	}
}
