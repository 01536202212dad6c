package session

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"ferry/internal/ftptest"
)

// Folders made with MKDs sent together are made, in order (a child after
// its parent in the same write), each refusal goes to its own folder, and
// the connection answers its next command.
func TestFoldersMadeTogetherAreAnsweredOneByOne(t *testing.T) {
	for _, srv := range []*ftptest.Server{ftptest.Vsftpd(t, false), ftptest.PureFTPd(t, false)} {
		t.Run(srv.Name, func(t *testing.T) {
			c := dialOK(t, realSite(srv, FTP), quickOptions())
			if err := os.WriteFile(filepath.Join(srv.Root, "file"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			srv.Chown(t)
			paths := []string{"/a", "/a/b", "/file", "/c", "/bad\r\nDELE /file"}
			errs := make([]error, len(paths))
			answered := 0
			for i, p := range paths {
				c.MkdirLater(p, func(err error) { answered++; errs[i] = err })
			}
			if err := c.Settle(); err != nil {
				t.Fatal(err)
			}
			if answered != len(paths) {
				t.Fatalf("%d answers, want %d", answered, len(paths))
			}
			for i, p := range paths {
				wantErr := p == "/file" || i == 4
				if (errs[i] != nil) != wantErr {
					t.Fatalf("MKD %q: %v", p, errs[i])
				}
			}
			if !errors.Is(errs[4], ErrBadCommand) {
				t.Fatalf("a path with CR LF: %v, want ErrBadCommand", errs[4])
			}
			for _, dir := range []string{"a", "a/b", "c"} {
				if fi, err := os.Stat(filepath.Join(srv.Root, dir)); err != nil || !fi.IsDir() {
					t.Fatalf("%s was not made: %v", dir, err)
				}
			}
			if _, err := os.Stat(filepath.Join(srv.Root, "file")); err != nil {
				t.Fatalf("the file is gone: %v", err)
			}
			if _, err := c.List("/a"); err != nil {
				t.Fatalf("the next command: %v", err)
			}
		})
	}
}
