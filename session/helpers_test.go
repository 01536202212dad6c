package session

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

func embeddedSite(srv *ftpserver.Server) Site {
	return Site{Name: "embedded", Protocol: FTP, Host: srv.Host, Port: srv.Port, Logon: Normal,
		User: srv.User, Password: srv.Password, AllowPlainPassword: true}
}

func realSite(srv *ftptest.Server, p Protocol) Site {
	return Site{Name: srv.Name, Protocol: p, Host: srv.Host, Port: srv.Port, Logon: Normal,
		User: srv.User, Password: srv.Password, AllowPlainPassword: true}
}

func quickOptions() Options {
	return Options{DialTimeout: 10 * time.Second, IdleTimeout: 10 * time.Second}
}

func dialOK(t *testing.T, site Site, opts Options) *Conn {
	t.Helper()
	c, err := Dial(context.Background(), site, opts)
	if err != nil {
		t.Fatalf("dial %s: %v (%s)", site.Addr(), err, Describe(err))
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// roundTrip uploads data, lists it, and downloads it again.
func roundTrip(t *testing.T, c *Conn, dir string, data []byte) {
	t.Helper()
	if err := c.MkdirAll(dir + "/sub"); err != nil {
		t.Fatalf("mkdir -p: %v", err)
	}
	name := dir + "/sub/file with spaces ü.bin"
	if err := c.Stor(name, bytes.NewReader(data), 0); err != nil {
		t.Fatalf("stor: %v", err)
	}
	entries, err := c.List(dir + "/sub")
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	if len(entries) != 1 || entries[0].Name != "file with spaces ü.bin" || entries[0].Size != int64(len(data)) || entries[0].Type != File {
		t.Fatalf("listing = %+v", entries)
	}
	r, err := c.Retr(name, 0)
	if err != nil {
		t.Fatalf("retr: %v", err)
	}
	got, err := io.ReadAll(r)
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if !bytes.Equal(got, data) {
		t.Fatalf("downloaded %d bytes that differ from the %d uploaded", len(got), len(data))
	}
}

func setXDG(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	for _, v := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"} {
		t.Setenv(v, filepath.Join(home, strings.ToLower(v)))
	}
	return home
}

func fileMode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}
