package ftpserver_test

import (
	"bytes"
	"errors"
	"net/textproto"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jlaffaye/ftp"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

func TestUploadDownloadAndListRoundTrip(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	c := dial(t, srv)
	data := pattern(300_000)

	if err := c.MakeDir("dir one"); err != nil {
		t.Fatalf("MKD: %v", err)
	}
	if err := c.Stor("dir one/f ü.bin", bytes.NewReader(data)); err != nil {
		t.Fatalf("STOR: %v", err)
	}
	assertFile(t, filepath.Join(srv.Root, "dir one", "f ü.bin"), data)
	if got := retr(t, c, "dir one/f ü.bin", 0); !bytes.Equal(got, data) {
		t.Fatalf("RETR returned %d bytes, want the %d uploaded", len(got), len(data))
	}
	entries, err := c.List("dir one")
	if err != nil {
		t.Fatalf("LIST: %v", err)
	}
	if len(entries) != 1 || entries[0].Name != "f ü.bin" || entries[0].Size != uint64(len(data)) {
		t.Fatalf("listing = %+v, want one entry f ü.bin of %d bytes", entries, len(data))
	}
	if got, want := srv.BytesReceived(), int64(len(data)); got != want {
		t.Errorf("BytesReceived = %d, want %d", got, want)
	}
	if got, want := srv.BytesSent(), int64(len(data)); got != want {
		t.Errorf("BytesSent = %d, want %d", got, want)
	}
	cmds := srv.Commands()
	for _, want := range []string{"USER ferry", "PASS ****", "MLSD dir one", "STOR dir one/f ü.bin"} {
		if !slices.Contains(cmds, want) {
			t.Errorf("commands %q lack %q", cmds, want)
		}
	}
	for _, cmd := range cmds {
		if strings.Contains(cmd, srv.Password) && !strings.HasPrefix(cmd, "USER") {
			t.Errorf("command %q shows the password", cmd)
		}
	}
}

func TestRestartedTransfersMoveOnlyTheRest(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	c := dial(t, srv)
	data := pattern(100_000)
	writeFile(t, filepath.Join(srv.Root, "down.bin"), data)

	if got := retr(t, c, "down.bin", 60_000); !bytes.Equal(got, data[60_000:]) {
		t.Fatalf("RETR after REST 60000 returned %d bytes, want the last %d", len(got), len(data)-60_000)
	}
	if got := srv.BytesSent(); got != 40_000 {
		t.Errorf("BytesSent = %d, want 40000", got)
	}

	// A partial upload with a wrong tail: REST+STOR keeps the head, replaces the rest.
	partial := append(slices.Clone(data[:70_000]), []byte("garbage beyond the restart point")...)
	writeFile(t, filepath.Join(srv.Root, "up.bin"), partial)
	if err := c.StorFrom("up.bin", bytes.NewReader(data[50_000:]), 50_000); err != nil {
		t.Fatalf("STOR after REST: %v", err)
	}
	assertFile(t, filepath.Join(srv.Root, "up.bin"), data)

	writeFile(t, filepath.Join(srv.Root, "app.bin"), data[:30_000])
	if err := c.Append("app.bin", bytes.NewReader(data[30_000:])); err != nil {
		t.Fatalf("APPE: %v", err)
	}
	assertFile(t, filepath.Join(srv.Root, "app.bin"), data)
	if got, want := srv.BytesReceived(), int64(50_000+70_000); got != want {
		t.Errorf("BytesReceived = %d, want %d", got, want)
	}

	if err := c.Stor("up.bin", bytes.NewReader(data[:10])); err != nil {
		t.Fatalf("STOR: %v", err)
	}
	assertFile(t, filepath.Join(srv.Root, "up.bin"), data[:10])
}

func TestWrongPasswordIsRefused(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	c, err := ftp.Dial(srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Quit()
	err = c.Login(srv.User, "wrong")
	var reply *textproto.Error
	if !errors.As(err, &reply) || reply.Code != ftp.StatusNotLoggedIn {
		t.Fatalf("login with a wrong password: %v, want a 530 reply", err)
	}
}

func TestPathsStayInsideTheRoot(t *testing.T) {
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "secret"), []byte("secret"))
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	if err := os.Symlink(outside, filepath.Join(srv.Root, "link")); err != nil {
		t.Fatal(err)
	}
	c := dial(t, srv)

	if err := c.Stor("../../escape", strings.NewReader("x")); err != nil {
		t.Fatalf("STOR ../../escape: %v", err)
	}
	assertFile(t, filepath.Join(srv.Root, "escape"), []byte("x"))
	if _, err := c.Retr("link/secret"); err == nil {
		t.Fatal("RETR through a symbolic link out of the root succeeded")
	}
	if err := c.Stor("link/new", strings.NewReader("x")); err == nil {
		t.Fatal("STOR through a symbolic link out of the root succeeded")
	}
	if _, err := os.Stat(filepath.Join(outside, "new")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a file was created outside the root: %v", err)
	}
}

func TestManyParallelConnections(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	data := pattern(64 << 10)
	conns := make([]*ftp.ServerConn, 12)
	for i := range conns {
		conns[i] = dial(t, srv)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(conns))
	for i, c := range conns {
		wg.Go(func() {
			name := "p" + string(rune('a'+i))
			if err := c.Stor(name, bytes.NewReader(data)); err != nil {
				errs <- err
				return
			}
			resp, err := c.Retr(name)
			if err != nil {
				errs <- err
				return
			}
			var got bytes.Buffer
			_, err = got.ReadFrom(resp)
			errs <- errors.Join(err, resp.Close())
			if !bytes.Equal(got.Bytes(), data) {
				errs <- errors.New(name + " came back different")
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if got, want := srv.BytesReceived(), int64(len(conns)*len(data)); got != want {
		t.Errorf("BytesReceived = %d, want %d", got, want)
	}
}

func TestExplicitTLS(t *testing.T) {
	srv, certPEM := ftptest.EmbeddedTLS(t, ftpserver.Faults{})
	cfg := ftptest.ClientTLS(t, certPEM)
	c := dial(t, srv, ftp.DialWithExplicitTLS(cfg), ftp.DialWithDialFunc(ftptest.TLSDataDial(srv.Addr(), cfg)))
	data := pattern(2 << 20)
	if err := c.Stor("tls.bin", bytes.NewReader(data)); err != nil {
		t.Fatalf("STOR over TLS: %v", err)
	}
	if got := retr(t, c, "tls.bin", 0); !bytes.Equal(got, data) {
		t.Fatalf("RETR over TLS returned %d bytes, want %d", len(got), len(data))
	}
	if _, err := c.List("/"); err != nil {
		t.Fatalf("list over TLS: %v", err)
	}
	if cmds := srv.Commands(); !slices.Contains(cmds, "AUTH TLS") || !slices.Contains(cmds, "PROT P") {
		t.Fatalf("commands %q lack AUTH TLS and PROT P", cmds)
	}
}

func TestCloseDropsConnectionsAndIsIdempotent(t *testing.T) {
	srv, err := ftpserver.Start(ftpserver.Options{Root: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	c := dial(t, srv)
	if err := srv.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := c.NoOp(); err == nil {
		t.Fatal("NOOP succeeded on a closed server")
	}
	if err := srv.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := ftp.Dial(srv.Addr()); err == nil {
		t.Fatal("dial succeeded after Close")
	}
}

func TestSizeAndTimeOfMissingFilesArePermanentErrors(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	writeFile(t, filepath.Join(srv.Root, "f"), pattern(1234))
	mtime := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	if err := os.Chtimes(filepath.Join(srv.Root, "f"), mtime, mtime); err != nil {
		t.Fatal(err)
	}
	c := dial(t, srv)

	if size, err := c.FileSize("f"); err != nil || size != 1234 {
		t.Fatalf("SIZE f = %d, %v; want 1234", size, err)
	}
	if got, err := c.GetTime("f"); err != nil || !got.Equal(mtime) {
		t.Fatalf("MDTM f = %v, %v; want %v", got, err, mtime)
	}
	for _, name := range []string{"missing", "/"} {
		_, err := c.FileSize(name)
		var reply *textproto.Error
		if !errors.As(err, &reply) || reply.Code != ftp.StatusFileUnavailable {
			t.Errorf("SIZE %s: %v, want a 550 reply", name, err)
		}
	}
}

func TestCloseLeavesNoGoroutinesBehind(t *testing.T) {
	before := runtime.NumGoroutine()
	srv, err := ftpserver.Start(ftpserver.Options{Root: t.TempDir(), Faults: ftpserver.Faults{StallAfter: 100_000}})
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(srv.Root, "f"), pattern(300_000))
	var conns []*ftp.ServerConn
	for range 4 {
		c, err := ftp.Dial(srv.Addr())
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Login(srv.User, srv.Password); err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	if err := conns[0].Stor("g", bytes.NewReader(pattern(50_000))); err != nil {
		t.Fatal(err)
	}
	stalled, err := conns[1].Retr("f") // left hanging until Close
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	stalled.Close()
	for _, c := range conns {
		c.Quit()
	}
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines before, %d after Close:\n%s",
				before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}
