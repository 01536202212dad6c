package ftptest_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jlaffaye/ftp"

	"ferry/internal/ftptest"
)

// exercise logs in, makes a directory, uploads, lists and downloads, and
// checks the file landed under the server's root.
func exercise(t *testing.T, s *ftptest.Server) {
	t.Helper()
	options := []ftp.DialOption{ftp.DialWithTimeout(10 * time.Second)}
	if s.TLS {
		cfg := ftptest.ClientTLS(t, s.CertPEM)
		options = append(options,
			ftp.DialWithExplicitTLS(cfg),
			ftp.DialWithDialFunc(ftptest.TLSDataDial(s.Addr(), cfg)))
	}
	c, err := ftp.Dial(s.Addr(), options...)
	if err != nil {
		t.Fatalf("dial %s: %v", s.Name, err)
	}
	defer c.Quit()
	if err := c.Login(s.User, s.Password); err != nil {
		t.Fatalf("login to %s: %v", s.Name, err)
	}
	data := bytes.Repeat([]byte("ferry "), 200_000)
	if err := c.MakeDir("sub dir"); err != nil {
		t.Fatalf("MKD: %v", err)
	}
	if err := c.Stor(s.Path("sub dir/file ü.txt"), bytes.NewReader(data)); err != nil {
		t.Fatalf("STOR: %v", err)
	}
	onDisk, err := os.ReadFile(filepath.Join(s.Root, "sub dir", "file ü.txt"))
	if err != nil || !bytes.Equal(onDisk, data) {
		t.Fatalf("uploaded file on disk: %d bytes, %v; want %d bytes", len(onDisk), err, len(data))
	}
	// Listed from inside: inetutils-ftpd hands "LIST path" to ls, which
	// shows a folder with a space in its name as empty.
	if err := c.ChangeDir(s.Path("sub dir")); err != nil {
		t.Fatalf("CWD: %v", err)
	}
	entries, err := c.List("")
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	var files []*ftp.Entry
	for _, e := range entries {
		if e.Name != "." && e.Name != ".." { // pure-ftpd lists them in MLSD
			files = append(files, e)
		}
	}
	if len(files) != 1 || files[0].Name != "file ü.txt" || files[0].Size != uint64(len(data)) {
		t.Fatalf("listing %+v, want file ü.txt of %d bytes", files, len(data))
	}
	// A fixture written by the test, handed to the server's user, can be
	// resumed into.
	fixture := filepath.Join(s.Root, "sub dir", "part")
	if err := os.WriteFile(fixture, data[:5000], 0o644); err != nil {
		t.Fatal(err)
	}
	s.Chown(t)
	if err := c.StorFrom(s.Path("sub dir/part"), bytes.NewReader(data[5000:]), 5000); err != nil {
		t.Fatalf("STOR after REST into a fixture: %v", err)
	}
	if onDisk, _ := os.ReadFile(fixture); !bytes.Equal(onDisk, data) {
		t.Fatalf("resumed fixture: %d bytes, want %d identical", len(onDisk), len(data))
	}
	if err := c.Delete(s.Path("sub dir/part")); err != nil {
		t.Fatalf("DELE: %v", err)
	}

	resp, err := c.RetrFrom(s.Path("sub dir/file ü.txt"), 1000)
	if err != nil {
		t.Fatalf("RETR: %v", err)
	}
	got, err := io.ReadAll(resp)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if err := resp.Close(); err != nil {
		t.Fatalf("end of RETR: %v", err)
	}
	if !bytes.Equal(got, data[1000:]) {
		t.Fatalf("RETR from 1000 gave %d bytes, want %d", len(got), len(data)-1000)
	}
}

func TestVsftpd(t *testing.T) {
	for _, useTLS := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "explicit TLS"}[useTLS], func(t *testing.T) {
			s := ftptest.Vsftpd(t, useTLS)
			exercise(t, s)
			if got, want := s.XferBytes(t, "i", "/file ü.txt"), int64(1_200_000); got != want {
				t.Errorf("xferlog upload bytes = %d, want %d", got, want)
			}
			if got, want := s.XferBytes(t, "o", "/file ü.txt"), int64(1_200_000-1000); got != want {
				t.Errorf("xferlog download bytes = %d, want %d", got, want)
			}
		})
	}
}

func TestPureFTPd(t *testing.T) {
	for _, useTLS := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "explicit TLS"}[useTLS], func(t *testing.T) {
			exercise(t, ftptest.PureFTPd(t, useTLS))
		})
	}
}

func TestProFTPD(t *testing.T) { exercise(t, ftptest.ProFTPD(t)) }

func TestInetutilsFTPD(t *testing.T) { exercise(t, ftptest.InetutilsFTPD(t)) }

func TestPyftpdlib(t *testing.T) { exercise(t, ftptest.Pyftpdlib(t)) }

func TestVsftpdRequiresTLSSessionReuse(t *testing.T) {
	s := ftptest.Vsftpd(t, true)
	cfg := ftptest.ClientTLS(t, s.CertPEM)
	cfg.ClientSessionCache = nil // every data connection makes a fresh session
	c, err := ftp.Dial(s.Addr(), ftp.DialWithTimeout(10*time.Second),
		ftp.DialWithExplicitTLS(cfg), ftp.DialWithDialFunc(ftptest.TLSDataDial(s.Addr(), cfg)))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Quit()
	if err := c.Login(s.User, s.Password); err != nil {
		t.Fatal(err)
	}
	if _, err := c.List("/"); err == nil {
		t.Fatal("a listing without TLS session reuse succeeded; require_ssl_reuse is not in force")
	}
}
