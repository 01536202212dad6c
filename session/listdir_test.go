package session

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"slices"
	"testing"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

// awkwardFolders makes folders whose names a "LIST path" misreads, each
// holding one file named after it.
func awkwardFolders(t *testing.T, root string) []string {
	t.Helper()
	names := []string{"-dash dir", "with space", " lead", "-l"}
	for _, name := range names {
		dir := filepath.Join(root, "a", name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "in "+name), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "a", "plain.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	return names
}

// requireRobustListing checks that awkward folders list their own file, and
// that a missing folder or a file is an error rather than an empty listing.
func requireRobustListing(t *testing.T, c *Conn, names []string) {
	t.Helper()
	for _, name := range names {
		entries, err := c.List("/a/" + name)
		if err != nil {
			t.Errorf("list %q: %v", name, err)
			continue
		}
		if len(entries) != 1 || entries[0].Name != "in "+name || entries[0].Size != int64(len(name)) {
			t.Errorf("list %q = %+v", name, entries)
		}
	}
	if entries, err := c.List("/a/missing"); !errors.Is(err, ErrNotExist) {
		t.Errorf("list of a missing folder = %+v, %v; want ErrNotExist", entries, err)
	}
	// A file is an error, or (MLSD on some servers) a listing of itself.
	if entries, err := c.List("/a/plain.txt"); err == nil && (len(entries) != 1 || entries[0].Name != "plain.txt") {
		t.Errorf("list of a file = %+v, want an error", entries)
	}
	// The connection is back where it was: relative paths still work.
	if entries, err := c.List("/a"); err != nil || len(entries) != len(names)+1 {
		t.Errorf("list /a after the others = %+v, %v", entries, err)
	}
}

func TestAFolderThatCannotBeListedIsAnErrorNeverEmpty(t *testing.T) {
	t.Run("embedded-mlsd", func(t *testing.T) {
		srv := ftptest.Embedded(t, ftpserver.Faults{})
		names := awkwardFolders(t, srv.Root)
		requireRobustListing(t, dialOK(t, embeddedSite(srv), quickOptions()), names)
	})
	t.Run("embedded-list", func(t *testing.T) {
		srv := ftptest.Embedded(t, ftpserver.Faults{NoMLSD: true})
		names := awkwardFolders(t, srv.Root)
		requireRobustListing(t, dialOK(t, embeddedSite(srv), quickOptions()), names)
	})
	for _, start := range []func(testing.TB, bool) *ftptest.Server{ftptest.Vsftpd, ftptest.PureFTPd} {
		srv := start(t, false)
		t.Run(srv.Name, func(t *testing.T) {
			names := awkwardFolders(t, srv.Root)
			srv.Chown(t)
			requireRobustListing(t, dialOK(t, realSite(srv, FTP), quickOptions()), names)
		})
	}
}

func TestAnUnreadableFolderIsAnError(t *testing.T) {
	srv := ftptest.Vsftpd(t, false)
	dir := filepath.Join(srv.Root, "locked")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "f"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv.Chown(t)
	if err := os.Chmod(dir, 0o311); err != nil { // enter, but not read
		t.Fatal(err)
	}
	c := dialOK(t, realSite(srv, FTP), quickOptions())
	if entries, err := c.List("/locked"); err == nil || !IsPermanent(err) {
		t.Errorf("list of an unreadable folder = %+v, %v; want a permanent error", entries, err)
	}
}

func TestDotFilesAreListedOnce(t *testing.T) {
	type server struct {
		name, root string
		site       Site
		chown      func(testing.TB)
	}
	embedded := ftptest.Embedded(t, ftpserver.Faults{NoMLSD: true}) // ignores "-a", shows dot files
	servers := []server{{"embedded-list", embedded.Root, embeddedSite(embedded), func(testing.TB) {}}}
	for _, srv := range []*ftptest.Server{ftptest.Vsftpd(t, false), ftptest.InetutilsFTPD(t), ftptest.Pyftpdlib(t)} {
		servers = append(servers, server{srv.Name, srv.Root, realSite(srv, FTP), srv.Chown})
	}
	for _, srv := range servers {
		t.Run(srv.name, func(t *testing.T) {
			dir := filepath.Join(srv.root, "d")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{".hidden", "shown"} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(name), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			srv.chown(t)
			c := dialOK(t, srv.site, quickOptions())
			home, err := c.Pwd()
			if err != nil {
				t.Fatal(err)
			}
			for range 2 { // the second time with what the first one learnt
				entries, err := c.List(path.Join(home, "d"))
				var names []string
				for _, e := range entries {
					names = append(names, e.Name)
				}
				slices.Sort(names)
				if err != nil || !slices.Equal(names, []string{".hidden", "shown"}) {
					t.Fatalf("listing = %q, %v; want .hidden and shown", names, err)
				}
			}
		})
	}
}
