package ui

import (
	"net"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"ferry/session"
)

// A server that accepts and then says nothing keeps a listing waiting until
// the dial timeout; Cancel on the busy bar ends it at once, without an
// error dialog.
func TestCancelOnTheBusyBarEndsAListing(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // silent: no greeting
		}
	}()
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	addr := ln.Addr().(*net.TCPAddr)
	site := session.Site{Protocol: session.FTP, Host: "127.0.0.1", Port: addr.Port, Logon: session.Anonymous}
	m := session.NewManager(session.ManagerOptions{Options: session.Options{DialTimeout: 10 * time.Minute}})
	defer m.Close()
	pool, err := m.Pool(m.Add(site))
	if err != nil {
		t.Fatal(err)
	}
	var p *pane
	var failed error
	inUI(func() {
		p = newPane(win, "Server", remoteSource{pool: pool})
		p.onError = func(_ string, err error) { failed = err }
		p.open("/")
	})
	waitFor(t, func() bool { return p.busy.Visible() && p.work.box.Visible() })
	inUI(p.work.cancelAll)
	waitFor(t, func() bool { return !p.work.box.Visible() })
	inUI(func() {
		if failed != nil {
			t.Errorf("a cancelled listing showed an error: %v", failed)
		}
	})
}

// Work that ends before showAfter never shows the bar (a local folder is
// listed again every few hundred milliseconds while a download writes into
// it); work that lasts shows it.
func TestTheBusyBarShowsOnlyForWorkThatLasts(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	var p *pane
	var done func()
	inUI(func() {
		p = newPane(win, "Local", localSource{})
		_, quick := p.work.begin()
		quick()
		_, done = p.work.begin()
		if p.work.box.Visible() {
			t.Error("the bar shows at once")
		}
	})
	waitFor(t, func() bool { return p.work.box.Visible() })
	inUI(func() {
		done()
		if p.work.box.Visible() || p.work.busy() {
			t.Error("the bar stays after the work ended")
		}
	})
}
