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

func TestChmodRecursiveFilesOnly(t *testing.T) {
	isolate(t)
	srv := ftptest.PureFTPd(t, false)
	local := t.TempDir()
	writeFile(t, filepath.Join(local, "a.txt"), []byte("a"))
	writeFile(t, filepath.Join(local, "sub", "b.txt"), []byte("b"))
	url := ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/tree/")
	if code, _, stderr := run(t, "put", "-q", "-r", local, url); code != 0 {
		t.Fatalf("put: exit %d: %s", code, stderr)
	}
	subBefore, _ := os.Stat(filepath.Join(srv.Root, "tree", "sub"))
	code, out, stderr := run(t, "chmod", "-r", "--only", "files", "600", url)
	if code != 0 || strings.TrimSpace(out) != "2 changed" {
		t.Fatalf("chmod -r: exit %d, %q %q", code, out, stderr)
	}
	for _, f := range []string{"a.txt", "sub/b.txt"} {
		fi, err := os.Stat(filepath.Join(srv.Root, "tree", f))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v", f, fi.Mode(), err)
		}
	}
	if fi, _ := os.Stat(filepath.Join(srv.Root, "tree", "sub")); fi.Mode() != subBefore.Mode() {
		t.Errorf("files-only changed the folder to %v", fi.Mode())
	}
	if code, _, stderr := run(t, "chmod", "9x9", url); code != 2 || !strings.Contains(stderr, "not a permission value") {
		t.Errorf("bad mode: exit %d, %q", code, stderr)
	}
}

func TestQuoteAndARefusedChmod(t *testing.T) {
	isolate(t)
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	url := ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/")
	code, out, stderr := run(t, "quote", url, "SYST")
	if code != 0 || !strings.HasPrefix(out, "215 ") {
		t.Errorf("quote SYST: exit %d, %q %q", code, out, stderr)
	}
	code, _, stderr = run(t, "quote", url, "SITE NOSUCH")
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "500") {
		t.Errorf("refused quote: exit %d, %q", code, stderr)
	}
	code, _, stderr = run(t, "quote", url, "NOOP\r\nDELE x")
	if code != 1 || !strings.Contains(stderr, "one line") {
		t.Errorf("quote with a line break: exit %d, %q", code, stderr)
	}
	code, _, stderr = run(t, "chmod", "644", url)
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "500") {
		t.Errorf("refused chmod: exit %d, %q", code, stderr)
	}
}

func TestPutKeepsTheLocalTimeOrSaysOnceItCannot(t *testing.T) {
	isolate(t)
	when := time.Date(2017, 1, 2, 3, 4, 5, 0, time.UTC)
	dir := t.TempDir()
	for _, name := range []string{"a.txt", "b.txt"} {
		writeFile(t, filepath.Join(dir, name), []byte(name))
		if err := os.Chtimes(filepath.Join(dir, name), when, when); err != nil {
			t.Fatal(err)
		}
	}
	for _, start := range []func(testing.TB, bool) *ftptest.Server{ftptest.Vsftpd, ftptest.PureFTPd} {
		srv := start(t, false)
		url := ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/")
		if code, _, stderr := run(t, "put", "-q", filepath.Join(dir, "a.txt"), url); code != 0 {
			t.Fatalf("put to %s: exit %d: %s", srv.Name, code, stderr)
		}
		fi, err := os.Stat(filepath.Join(srv.Root, "a.txt"))
		if err != nil || !fi.ModTime().Equal(when) {
			t.Errorf("%s: server mtime %v (%v), want %v", srv.Name, fi.ModTime().UTC(), err, when)
		}
	}
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	url := ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/up/")
	code, _, stderr := run(t, "put", "-r", "--verify", dir, url)
	if code != 0 || strings.Count(stderr, "cannot set modification times") != 1 {
		t.Errorf("embedded: exit %d, stderr %q; want the note once", code, stderr)
	}
}
