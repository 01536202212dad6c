package session

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

func TestRoundTripOnEveryServer(t *testing.T) {
	data := bytes.Repeat([]byte("ferry\x00\xff"), 100_000)
	t.Run("embedded", func(t *testing.T) {
		srv := ftptest.Embedded(t, ftpserver.Faults{})
		roundTrip(t, dialOK(t, embeddedSite(srv), quickOptions()), "/a", data)
	})
	t.Run("embedded-tls", func(t *testing.T) {
		srv, _ := ftptest.EmbeddedTLS(t, ftpserver.Faults{})
		site := embeddedSite(srv)
		site.Protocol = ExplicitTLS
		opts := quickOptions()
		opts.Ask = Answers{Trust: TrustOnce, Plain: PlainAllowOnce}
		roundTrip(t, dialOK(t, site, opts), "/a", data)
	})
	for _, tlsOn := range []bool{false, true} {
		for _, start := range []func(testing.TB, bool) *ftptest.Server{ftptest.Vsftpd, ftptest.PureFTPd} {
			srv := start(t, tlsOn)
			name := srv.Name
			p := FTP
			if tlsOn {
				name += "-tls"
				p = ExplicitTLS
			}
			t.Run(name, func(t *testing.T) {
				opts := quickOptions()
				opts.Ask = Answers{Trust: TrustOnce, Plain: PlainAllowOnce}
				c := dialOK(t, realSite(srv, p), opts)
				roundTrip(t, c, "/a", data)
				// Several data connections in a row: each must reuse the
				// control connection's TLS session on vsftpd.
				for i := range 3 {
					if _, err := c.List("/a"); err != nil {
						t.Fatalf("list %d: %v", i, err)
					}
				}
			})
		}
	}
}

func TestWrongPasswordIsOneClearPermanentError(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	site := embeddedSite(srv)
	site.Password = "wrong"
	pool := NewPool(site, quickOptions())
	defer pool.Close()
	_, err := pool.Get(context.Background())
	if err == nil {
		t.Fatal("logged in with a wrong password")
	}
	if !IsPermanent(err) {
		t.Errorf("a refused login is not permanent: %v", err)
	}
	msg := Describe(err)
	if !strings.Contains(msg, "wrong user name or password") || !strings.Contains(msg, "530") || strings.Count(msg, "\n") > 0 {
		t.Errorf("message = %q", msg)
	}
	users := 0
	for _, c := range srv.Commands() {
		if strings.HasPrefix(c, "USER ") {
			users++
		}
	}
	if users != 1 {
		t.Errorf("the login was tried %d times; a refused login must not be retried", users)
	}
}

func TestAServerThatNeverAnswersFailsWithinTheTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() { // accept and stay silent
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	addr := ln.Addr().(*net.TCPAddr)
	site := Site{Protocol: FTP, Host: "127.0.0.1", Port: addr.Port, Logon: Anonymous}
	done := make(chan error, 1)
	go func() {
		_, err := Dial(context.Background(), site, Options{DialTimeout: 300 * time.Millisecond})
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("dial succeeded against a silent server")
		}
		if msg := Describe(err); !strings.Contains(msg, "did not answer in time") {
			t.Errorf("message = %q", msg)
		}
	case <-time.After(time.Minute):
		t.Fatal("dial hangs on a server that never answers")
	}
}

func TestAStalledTransferFailsAfterTheIdleTimeout(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{StallAfter: 1000})
	if err := os.WriteFile(filepath.Join(srv.Root, "f"), make([]byte, 100_000), 0o644); err != nil {
		t.Fatal(err)
	}
	c := dialOK(t, embeddedSite(srv), Options{IdleTimeout: 300 * time.Millisecond})
	r, err := c.Retr("/f", 0)
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, r)
	r.Close()
	if err == nil || n >= 100_000 {
		t.Fatalf("read %d bytes, err %v: want a timeout", n, err)
	}
	if !isTimeout(err) {
		t.Errorf("err = %v, want a timeout", err)
	}
}

func TestListFallsBackToLISTWhenMLSDIsRefused(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	if err := os.WriteFile(filepath.Join(srv.Root, "x.txt"), []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := dialOK(t, embeddedSite(srv), quickOptions())
	srv.SetFaults(ftpserver.Faults{NoMLSD: true}) // advertised, then refused
	entries, err := c.List("/")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name != "x.txt" || entries[0].Size != 5 {
		t.Fatalf("entries = %+v", entries)
	}
	if !slices.ContainsFunc(srv.Commands(), func(s string) bool { return strings.HasPrefix(s, "LIST") }) {
		t.Fatal("no LIST was sent")
	}
}

func TestHostileNamesAreListedAsSentAndRefusedLocally(t *testing.T) {
	hostile := []string{"..", "../../escape", "/etc/passwd", "a\x01b"}
	srv := ftptest.Embedded(t, ftpserver.Faults{HostileNames: hostile})
	c := dialOK(t, embeddedSite(srv), quickOptions())
	entries, err := c.List("/")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, e := range entries {
		if p, err := SafeLocalPath(dir, e.Name); err == nil {
			t.Errorf("hostile name %q became local path %s", e.Name, p)
		}
	}
}

func TestStatTellsFilesFoldersAndMissingApart(t *testing.T) {
	srv := ftptest.Vsftpd(t, false) // no MLST: SIZE and CWD
	c := dialOK(t, realSite(srv, FTP), quickOptions())
	if err := c.MkdirAll("/d/e"); err != nil {
		t.Fatal(err)
	}
	if err := c.Stor("/d/f", strings.NewReader("hello"), 0); err != nil {
		t.Fatal(err)
	}
	if e, err := c.Stat("/d/e"); err != nil || e.Type != Dir {
		t.Errorf("stat folder = %+v, %v", e, err)
	}
	if e, err := c.Stat("/d/f"); err != nil || e.Type != File || e.Size != 5 || e.ModTime.IsZero() {
		t.Errorf("stat file = %+v, %v", e, err)
	}
	if _, err := c.Stat("/d/missing"); !errors.Is(err, ErrNotExist) {
		t.Errorf("stat missing: err = %v, want ErrNotExist", err)
	}
	if err := c.MkdirAll("/d/e"); err != nil {
		t.Errorf("mkdir -p of an existing folder: %v", err)
	}
	if err := c.RemoveAll("/d"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Stat("/d"); !errors.Is(err, ErrNotExist) {
		t.Errorf("the tree survived RemoveAll: %v", err)
	}
}

func TestRefusingClearTextSendsNoPassword(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	site := embeddedSite(srv)
	site.AllowPlainPassword = false
	site.Protocol = FTPTLSIfAvailable // the embedded server has no TLS here
	asked := 0
	opts := quickOptions()
	opts.Ask = askFuncs{plain: func(Site) PlainDecision { asked++; return PlainRefuse }}
	_, err := Dial(context.Background(), site, opts)
	if !errors.Is(err, ErrPlainRefused) || !IsPermanent(err) {
		t.Fatalf("err = %v, want ErrPlainRefused", err)
	}
	if asked != 1 {
		t.Errorf("asked %d times", asked)
	}
	for _, c := range srv.Commands() {
		if strings.HasPrefix(c, "PASS") {
			t.Fatal("the password was sent after the user refused")
		}
	}
}

func TestImplicitTLSOnVsftpd(t *testing.T) {
	srv := ftptest.VsftpdImplicitTLS(t)
	opts := quickOptions()
	opts.Ask = Answers{Trust: TrustOnce, Plain: PlainAllowOnce}
	c := dialOK(t, realSite(srv, ImplicitTLS), opts)
	roundTrip(t, c, "/i", []byte("implicit"))
}

// A site that takes TLS if available learns at login whether it got it.
func TestAPoolSaysWhetherItsConnectionsAreEncrypted(t *testing.T) {
	withTLS, _ := ftptest.EmbeddedTLS(t, ftpserver.Faults{})
	without := ftptest.Embedded(t, ftpserver.Faults{})
	for _, c := range []struct {
		srv  *ftpserver.Server
		want bool
	}{{withTLS, true}, {without, false}} {
		site := embeddedSite(c.srv)
		site.Protocol = FTPTLSIfAvailable
		opts := quickOptions()
		opts.Ask = Answers{Trust: TrustOnce, Plain: PlainAllowOnce}
		p := NewPool(site, opts)
		conn, err := p.Get(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if conn.Encrypted() != c.want || p.Encrypted() != c.want {
			t.Errorf("a server with TLS %v: connection encrypted %v, pool %v", c.want, conn.Encrypted(), p.Encrypted())
		}
		p.Put(conn, nil)
		p.Close()
	}
}
