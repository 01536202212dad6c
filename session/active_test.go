package session

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"ferry/internal/ftptest"
)

// transferSequence lists, uploads, resumes an upload, downloads, and
// resumes a download, checking the bytes on the server's disk and received.
func transferSequence(t *testing.T, c *Conn, root string) {
	t.Helper()
	data := bytes.Repeat([]byte("active\x00\xff"), 50_000)
	half := int64(len(data) / 2)
	if err := c.Stor("/up.bin", bytes.NewReader(data[:half]), 0); err != nil {
		t.Fatalf("put: %v", err)
	}
	if err := c.Stor("/up.bin", bytes.NewReader(data[half:]), half); err != nil {
		t.Fatalf("put resume: %v", err)
	}
	if err := c.Stor("/empty.bin", bytes.NewReader(nil), 0); err != nil {
		t.Fatalf("put an empty file: %v", err)
	}
	onDisk, err := os.ReadFile(filepath.Join(root, "up.bin"))
	if err != nil || !bytes.Equal(onDisk, data) {
		t.Fatalf("server file: %d bytes (want %d), %v", len(onDisk), len(data), err)
	}
	entries, err := c.List("/")
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	if len(entries) != 2 {
		t.Fatalf("listing = %+v", entries)
	}
	// A download cut after some bytes, then resumed from there.
	r, err := c.Retr("/up.bin", 0)
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	got := make([]byte, 1000)
	if _, err := io.ReadFull(r, got); err != nil {
		t.Fatalf("get: %v", err)
	}
	r.Close() // the cut: the server reports the transfer aborted
	if c.broken.Load() {
		c = dialOK(t, c.site, c.opts)
	}
	r, err = c.Retr("/up.bin", int64(len(got)))
	if err != nil {
		t.Fatalf("get resume: %v", err)
	}
	rest, err := io.ReadAll(r)
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	if err != nil || !bytes.Equal(append(got, rest...), data) {
		t.Fatalf("resumed download: %d+%d bytes, %v", len(got), len(rest), err)
	}
}

func activeOptions(log *Log) Options {
	opts := quickOptions()
	opts.Ask = Answers{Trust: TrustOnce, Plain: PlainAllowOnce}
	opts.Log = log
	return opts
}

func logHas(log *Log, kind LogKind, prefix string) bool {
	for _, l := range log.Lines() {
		if l.Kind == kind && strings.HasPrefix(l.Text, prefix) {
			return true
		}
	}
	return false
}

func TestActiveModeOnVsftpdWithoutPassive(t *testing.T) {
	for _, p := range []Protocol{FTP, ExplicitTLS, ImplicitTLS} {
		// With TLS, require_ssl_reuse=YES: every data handshake resumes.
		srv := ftptest.VsftpdWith(t, ftptest.VsftpdOptions{TLS: p != FTP, Implicit: p == ImplicitTLS, NoPassive: true})
		t.Run(string(p), func(t *testing.T) {
			log := NewLog(10_000)
			site := realSite(srv, p)
			site.TransferMode = ModeActive
			transferSequence(t, dialOK(t, site, activeOptions(log)), srv.Root)
			if !logHas(log, LogCommand, "EPRT |1|127.0.0.1|") || logHas(log, LogCommand, "PASV") || logHas(log, LogCommand, "EPSV") {
				t.Error("the data connections were not opened with EPRT alone")
			}
		})
	}
}

func TestActiveModeOnPureFTPd(t *testing.T) {
	for _, tlsOn := range []bool{false, true} {
		srv := ftptest.PureFTPd(t, tlsOn)
		p := FTP
		if tlsOn {
			p = ExplicitTLS
		}
		t.Run(string(p), func(t *testing.T) {
			log := NewLog(10_000)
			site := realSite(srv, p)
			site.TransferMode = ModeActive
			transferSequence(t, dialOK(t, site, activeOptions(log)), srv.Root)
			if logHas(log, LogCommand, "PASV") || logHas(log, LogCommand, "EPSV") {
				t.Error("passive mode was used")
			}
		})
	}
}

func TestIPv6LoopbackInPassiveAndActiveMode(t *testing.T) {
	srv := ftptest.VsftpdWith(t, ftptest.VsftpdOptions{IPv6: true})
	site, _, err := ParseURL("ftp://[::1]:" + strconv.Itoa(srv.Port) + "/")
	if err != nil {
		t.Fatal(err)
	}
	site.Logon, site.User, site.Password, site.AllowPlainPassword = Normal, srv.User, srv.Password, true
	for _, mode := range []TransferMode{ModePassive, ModeActive} {
		t.Run(string(mode), func(t *testing.T) {
			log := NewLog(10_000)
			site.TransferMode = mode
			c := dialOK(t, site, activeOptions(log))
			if err := c.Stor("/v6-"+string(mode), strings.NewReader("six"), 0); err != nil {
				t.Fatalf("put: %v", err)
			}
			if _, err := c.List("/"); err != nil {
				t.Fatalf("list: %v", err)
			}
			want := map[TransferMode]string{ModePassive: "EPSV", ModeActive: "EPRT |2|::1|"}[mode]
			if !logHas(log, LogCommand, want) {
				t.Errorf("no %s in the log", want)
			}
		})
	}
}

func TestDefaultModeFallsBackToActiveAndRemembersIt(t *testing.T) {
	srv := ftptest.VsftpdWith(t, ftptest.VsftpdOptions{NoPassive: true})
	log := NewLog(10_000)
	pool := NewPool(realSite(srv, FTP), activeOptions(log))
	defer pool.Close()
	for i := range 2 {
		c, err := pool.Get(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.List("/")
		if err != nil {
			t.Fatalf("list on connection %d: %v", i, err)
		}
		if i == 0 && !logHas(log, LogStatus, "The server refused passive mode") {
			t.Error("the fallback is not in the log")
		}
		c.broken.Store(true) // the second Get dials afresh
		pool.Put(c, nil)
	}
	// Another pool for the same site (the window has one for browsing and
	// one for transfers) knows it too.
	other := NewPool(realSite(srv, FTP), activeOptions(log))
	defer other.Close()
	if err := other.Browse(context.Background(), func(c *Conn) error { _, err := c.List("/"); return err }); err != nil {
		t.Fatal(err)
	}
	pasv := 0
	for _, l := range log.Lines() {
		if l.Kind == LogCommand && (l.Text == "PASV" || l.Text == "EPSV") {
			pasv++
		}
	}
	if pasv != 2 { // EPSV and PASV once, on the first connection only
		t.Errorf("passive commands sent %d times, want 2", pasv)
	}
}

// A saved site keeps what Default mode learned: the next run of Ferry starts
// it in active mode without asking for passive mode first.
func TestASavedSiteRemembersThatPassiveWasRefused(t *testing.T) {
	srv := ftptest.VsftpdWith(t, ftptest.VsftpdOptions{NoPassive: true})
	path := t.TempDir() + "/sites.json"
	store, err := OpenStore(path)
	if err != nil {
		t.Fatal(err)
	}
	site := realSite(srv, FTP)
	site.Password = ""
	if err := store.Put(site); err != nil {
		t.Fatal(err)
	}
	site, _ = store.Get(site.Name)
	m := NewManager(ManagerOptions{Options: activeOptions(NewLog(1000)), Store: store,
		Keyring: memKeyring{PasswordKey(site): srv.Password}, Getenv: func(string) string { return "" }})
	defer m.Close()
	pool, err := m.Pool(KeyOf(site))
	if err != nil {
		t.Fatal(err)
	}
	if err := pool.Browse(context.Background(), func(c *Conn) error { _, err := c.List("/"); return err }); err != nil {
		t.Fatal(err)
	}
	again, err := OpenStore(path)
	if err != nil {
		t.Fatal(err)
	}
	if saved, _ := again.ByID(site.ID); !saved.PassiveRefused || saved.TransferMode != site.TransferMode {
		t.Errorf("saved site after the fallback: passive refused %v, mode %q (was %q)",
			saved.PassiveRefused, saved.TransferMode, site.TransferMode)
	}
	// As in a new run: only the sites file knows.
	passiveRefused.Delete(site.Key())
	log := NewLog(1000)
	next := NewManager(ManagerOptions{Options: activeOptions(log), Store: again,
		Keyring: memKeyring{PasswordKey(site): srv.Password}, Getenv: func(string) string { return "" }})
	defer next.Close()
	if pool, err = next.Pool(KeyOf(site)); err != nil {
		t.Fatal(err)
	}
	if err := pool.Browse(context.Background(), func(c *Conn) error { _, err := c.List("/"); return err }); err != nil {
		t.Fatal(err)
	}
	for _, l := range log.Lines() {
		if l.Kind == LogCommand && (l.Text == "PASV" || l.Text == "EPSV") {
			t.Errorf("the next run asked for passive mode again: %s", l.Text)
		}
	}
}

func TestActiveListenerRefusesAForeignPeer(t *testing.T) {
	srv := ftptest.VsftpdWith(t, ftptest.VsftpdOptions{NoPassive: true})
	log := NewLog(10_000)
	site := realSite(srv, FTP)
	site.TransferMode = ModeActive
	c := dialOK(t, site, activeOptions(log))
	foreign := make(chan net.Conn, 1)
	c.onListen = func(addr net.Addr) {
		// Queued before the server's connection: accepted first.
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.2")}, Timeout: 5 * time.Second}
		conn, err := d.Dial("tcp", addr.String())
		if err != nil {
			t.Errorf("foreign dial: %v", err)
		}
		foreign <- conn
	}
	if err := c.Stor("/real.txt", strings.NewReader("the real one"), 0); err != nil {
		t.Fatalf("put with a foreign peer waiting: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(srv.Root, "real.txt")); string(got) != "the real one" {
		t.Errorf("server file = %q", got)
	}
	conn := <-foreign
	if conn != nil {
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		if n, err := conn.Read(make([]byte, 1)); err == nil || n > 0 {
			t.Error("the foreign connection was not closed")
		}
		conn.Close()
	}
	if !logHas(log, LogError, "Refused a data connection from 127.0.0.2") {
		t.Error("the refused peer is not in the log")
	}
}

func TestActiveModePortRangeAndNATAddress(t *testing.T) {
	srv := ftptest.VsftpdWith(t, ftptest.VsftpdOptions{NoPassive: true})
	// A free range: ports that can be listened on now.
	lo := 0
	for p := 40000; p < 60000 && lo == 0; p += 17 {
		ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
		if err == nil {
			ln.Close()
			lo = p
		}
	}
	log := NewLog(10_000)
	site := realSite(srv, FTP)
	site.TransferMode, site.ActivePorts = ModeActive, fmt.Sprintf("%d-%d", lo, lo)
	c := dialOK(t, site, activeOptions(log))
	if _, err := c.List("/"); err != nil {
		t.Fatalf("list from a one-port range: %v", err)
	}
	if !logHas(log, LogCommand, fmt.Sprintf("EPRT |1|127.0.0.1|%d|", lo)) {
		t.Errorf("the listener is not on port %d", lo)
	}

	// The app's range applies to a site that sets none.
	appPort := lo + 1
	opts := activeOptions(log)
	opts.ActiveDefaults = func() (string, string) { return "", fmt.Sprintf("%d-%d", appPort, appPort+5) }
	site.ActivePorts = ""
	c = dialOK(t, site, opts)
	if _, err := c.List("/"); err != nil {
		t.Fatalf("list with the app's port range: %v", err)
	}
	inRange := false
	for p := appPort; p <= appPort+5; p++ {
		inRange = inRange || logHas(log, LogCommand, fmt.Sprintf("EPRT |1|127.0.0.1|%d|", p))
	}
	if !inRange {
		t.Errorf("the app's port range %d-%d was not used", appPort, appPort+5)
	}

	// Behind NAT the announced address is the one the user gave (here one
	// that leads nowhere, so the server cannot connect and says so).
	site.ActivePorts, site.ActiveAddress = "", "127.0.0.3"
	c = dialOK(t, site, activeOptions(log))
	_, err := c.List("/")
	if !logHas(log, LogCommand, "EPRT |1|127.0.0.3|") {
		t.Error("the NAT address was not announced")
	}
	if err == nil {
		t.Error("a listing through an address that leads nowhere succeeded")
	}
}
