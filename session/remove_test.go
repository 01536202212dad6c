package session

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

func TestRemoveAllNeverDeletesThroughALink(t *testing.T) {
	type server struct {
		name, root string
		site       Site
		chown      func(testing.TB)
	}
	embedded := ftptest.Embedded(t, ftpserver.Faults{}) // lists links as what they point to
	servers := []server{{"embedded", embedded.Root, embeddedSite(embedded), func(testing.TB) {}}}
	for _, start := range []func(testing.TB, bool) *ftptest.Server{ftptest.Vsftpd, ftptest.PureFTPd} {
		srv := start(t, false)
		servers = append(servers, server{srv.Name, srv.Root, realSite(srv, FTP), srv.Chown})
	}
	for _, srv := range servers {
		t.Run(srv.name, func(t *testing.T) {
			for name, data := range map[string]string{"t/real/x": "x", "o/keep.txt": "keep"} {
				p := filepath.Join(srv.root, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for link, target := range map[string]string{"t/outside": "../o", "t/loop": "."} {
				if err := os.Symlink(target, filepath.Join(srv.root, filepath.FromSlash(link))); err != nil {
					t.Fatal(err)
				}
			}
			srv.chown(t)
			c := dialOK(t, srv.site, quickOptions())
			if err := c.RemoveAll("/t"); err != nil {
				t.Fatalf("RemoveAll: %v", err)
			}
			if _, err := c.Stat("/t"); !errors.Is(err, ErrNotExist) {
				t.Errorf("/t is still there: %v", err)
			}
			if data, err := os.ReadFile(filepath.Join(srv.root, "o", "keep.txt")); err != nil || string(data) != "keep" {
				t.Errorf("a file behind a link was deleted: %q, %v", data, err)
			}
		})
	}
}
