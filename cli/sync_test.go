package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

func TestSyncAndDiffFromTheCommandLine(t *testing.T) {
	isolate(t)
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	src := filepath.Join(t.TempDir(), "src")
	old := time.Now().Add(-time.Hour)
	for _, name := range []string{"a.txt", "b/c.txt", "b/d.txt", "e.txt"} {
		writeFile(t, filepath.Join(src, name), []byte("first "+name))
		os.Chtimes(filepath.Join(src, name), old, old)
	}
	url := ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/site")

	code, out, errOut := run(t, "sync", "--dry-run", src, url)
	if code != 0 || !strings.Contains(out, "upload b/c.txt\n") || !strings.Contains(out, "would copy 4 new") {
		t.Fatalf("dry run: %d %q %q", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(srv.Root, "site")); err == nil {
		t.Fatal("the dry run created the target")
	}
	code, out, errOut = run(t, "sync", src, url)
	if code != 0 || !strings.Contains(out, "copied 4 new and 0 changed") {
		t.Fatalf("sync: %d %q %q", code, out, errOut)
	}
	sameTree(t, src, filepath.Join(srv.Root, "site"))

	code, out, _ = run(t, "diff", url, src)
	if code != 0 || out != "4 same, 0 only here, 0 only there, 0 differ, 0 newer here, 0 newer there, 0 folder/file clashes\n" {
		t.Fatalf("diff after a sync: %d %q", code, out)
	}
	writeFile(t, filepath.Join(src, "a.txt"), []byte("second"))
	os.Remove(filepath.Join(src, "e.txt"))
	code, out, _ = run(t, "diff", url, src)
	if code != 0 || !strings.Contains(out, "newer here   a.txt\n") || !strings.Contains(out, "only there   e.txt\n") {
		t.Fatalf("diff after a change: %d %q", code, out)
	}

	code, out, errOut = run(t, "sync", "-q", "--delete", "--versions", "/old", src, url)
	if code != 0 || out != "" {
		t.Fatalf("sync --delete: %d %q %q", code, out, errOut)
	}
	sameTree(t, src, filepath.Join(srv.Root, "site"))
	if _, err := os.Stat(filepath.Join(srv.Root, "site", "e.txt")); err == nil {
		t.Fatal("--delete left e.txt")
	}

	// The other way, into an empty folder, and the safety stop.
	back := filepath.Join(t.TempDir(), "back")
	if code, _, errOut = run(t, "sync", "-q", url, back); code != 0 {
		t.Fatalf("sync down: %d %q", code, errOut)
	}
	sameTree(t, src, back)
	empty := t.TempDir()
	code, _, errOut = run(t, "sync", "--delete", empty, url)
	if code != 1 || !strings.Contains(errOut, "source folder is empty") || !strings.Contains(errOut, "use --force") {
		t.Fatalf("sync --delete from an empty folder: %d %q", code, errOut)
	}
	sameTree(t, src, filepath.Join(srv.Root, "site"))
}

func TestSyncRefusesBadArguments(t *testing.T) {
	isolate(t)
	for _, args := range [][]string{
		{"sync", "a", "b"},
		{"sync", "ftp://h/x"},
		{"sync", "--keep", "0", "a", "ftp://h/x"},
		{"sync", "--keep-days", "0", "a", "ftp://h/x"},
		{"sync", "--exclude", "[", "a", "ftp://127.0.0.1:1/x"},
		{"diff", "ftp://h/a", "ftp://h/b"},
	} {
		code, _, errOut := run(t, args...)
		if code == 0 || !strings.HasPrefix(errOut, "ferry: ") {
			t.Errorf("%v: %d %q", args, code, errOut)
		}
	}
	code, _, errOut := run(t, "sync", filepath.Join(t.TempDir(), "missing"), "ftp://u:p@127.0.0.1:1/x")
	if code != 1 {
		t.Errorf("a dead server: %d %q", code, errOut)
	}
}
