package queue

import (
	"path/filepath"
	"testing"

	"ferry/internal/ftptest"
)

// Every server sees the same tree go up and come back down byte-identical.
func TestTreeOf500FilesRoundTripsByteIdentical(t *testing.T) {
	servers := []struct {
		name  string
		start func(t *testing.T) siteAndRoot
	}{
		{"embedded", func(t *testing.T) siteAndRoot {
			srv := ftptest.Embedded(t, ftpserverFaultsNone)
			return siteAndRoot{embeddedSite(srv, 4), srv.Root}
		}},
		{"vsftpd", func(t *testing.T) siteAndRoot {
			srv := ftptest.Vsftpd(t, false)
			return siteAndRoot{realSite(srv, 4), srv.Root}
		}},
		{"pure-ftpd", func(t *testing.T) siteAndRoot {
			srv := ftptest.PureFTPd(t, false)
			return siteAndRoot{realSite(srv, 4), srv.Root}
		}},
	}
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			server := s.start(t)
			src := filepath.Join(t.TempDir(), "src")
			makeTree(t, src, 500)

			q := newQueue(t, server.site, Options{Workers: 4})
			if err := q.Upload(testKey, src, "/tree", true); err != nil {
				t.Fatal(err)
			}
			snap := wait(t, q)
			requireAll(t, snap, Done)
			if snap.Totals.Done != 500 {
				t.Fatalf("uploaded %d files, want 500", snap.Totals.Done)
			}
			requireSameTree(t, src, filepath.Join(server.root, "tree"))

			q.ClearFinished()
			back := filepath.Join(t.TempDir(), "back")
			if err := q.Download(testKey, "/tree", back, true); err != nil {
				t.Fatal(err)
			}
			snap = wait(t, q)
			requireAll(t, snap, Done)
			requireSameTree(t, src, back)
		})
	}
}
