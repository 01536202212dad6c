package ftpserver_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jlaffaye/ftp"

	"ferry/internal/ftpserver"
)

// dial logs in to srv with jlaffaye/ftp; options add to the defaults.
func dial(t *testing.T, srv *ftpserver.Server, options ...ftp.DialOption) *ftp.ServerConn {
	t.Helper()
	options = append([]ftp.DialOption{ftp.DialWithTimeout(5 * time.Second)}, options...)
	c, err := ftp.Dial(srv.Addr(), options...)
	if err != nil {
		t.Fatalf("dial %s: %v", srv.Addr(), err)
	}
	t.Cleanup(func() { c.Quit() })
	if err := c.Login(srv.User, srv.Password); err != nil {
		t.Fatalf("login: %v", err)
	}
	return c
}

// retr downloads path whole, from offset.
func retr(t *testing.T, c *ftp.ServerConn, path string, offset uint64) []byte {
	t.Helper()
	resp, err := c.RetrFrom(path, offset)
	if err != nil {
		t.Fatalf("RETR %s from %d: %v", path, offset, err)
	}
	data, err := io.ReadAll(resp)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	if err := resp.Close(); err != nil {
		t.Fatalf("close RETR %s: %v", path, err)
	}
	return data
}

// pattern returns n bytes that differ at every offset modulo 251.
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i % 251)
	}
	return b
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func assertFile(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s: %d bytes, want %d identical bytes", filepath.Base(path), len(got), len(want))
	}
}
