package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
	"ferry/queue"
	"ferry/session"
)

func TestAPendingPasswordDialogGoesAwayWithItsContext(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(800, 600))
	ctx, cancel := context.WithCancel(context.Background())
	answered := make(chan error, 1)
	go func() {
		_, err := windowQuestions{win: w}.Password(ctx, session.Site{Host: "h", User: "u", Logon: session.Normal})
		answered <- err
	}()
	waitFor(t, func() bool { return w.Canvas().Overlays().Top() != nil })
	cancel()
	select {
	case err := <-answered:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the question did not return when its context ended")
	}
	waitFor(t, func() bool { return w.Canvas().Overlays().Top() == nil })
}

// closeWindow closes w as the app does when its window closes. The queue
// panel's ticker stops first, outside the UI's turn that it may wait for.
// A log batch still waiting is dropped, so that it draws nothing after the
// test.
// Listings still running (a refresh after the queue went idle) finish
// first, so that none draws after the test.
func closeWindow(t *testing.T, w *mainWindow) {
	w.queue.stop()
	waitFor(t, func() bool {
		for _, p := range w.panes() {
			if p.work.busy() {
				return false
			}
		}
		return true
	})
	inUI(w.close)
	w.log.mu.Lock()
	if w.log.timer != nil {
		w.log.timer.Stop()
	}
	w.log.mu.Unlock()
}

// sessionWindow is the main window on a test app, with a keyring in memory.
func sessionWindow(t *testing.T) (*mainWindow, *Env) {
	t.Helper()
	isolate(t)
	a := test.NewTempApp(t)
	env, err := openEnv(a)
	if err != nil {
		t.Fatal(err)
	}
	env.Keyring = memKeyring{}
	var w *mainWindow
	inUI(func() { w = newMainWindow(a, env) })
	return w, env
}

func TestClosingTheWindowWithAPasswordQuestionPendingReturns(t *testing.T) {
	t.Setenv("FERRY_PASSWORD", "")
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	os.WriteFile(filepath.Join(srv.Root, "a.bin"), []byte("data"), 0o644)
	w, env := sessionWindow(t)
	// A job restored for a site whose password nobody stored: the queue
	// connects, and the manager asks.
	site := session.Site{Name: "locked", Protocol: session.FTP, Host: srv.Host, Port: srv.Port,
		Logon: session.Normal, User: srv.User, AllowPlainPassword: true}
	key := env.Sessions.Add(site)
	if err := env.Queue.Download(key, "/a.bin", t.TempDir(), false); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return w.win.Canvas().Overlays().Top() != nil })
	closed := make(chan struct{})
	go func() {
		w.stopEngine() // what closing the window does to the engine
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("closing the window hung with a question pending")
	}
	closeWindow(t, w)
}

func TestReconnectWhileAListingRuns(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	for _, n := range []string{"a", "b", "c"} {
		os.WriteFile(filepath.Join(srv.Root, n), []byte(n), 0o644)
	}
	w, env := sessionWindow(t)
	defer closeWindow(t, w)
	site := session.Site{Name: "s", Protocol: session.FTP, Host: srv.Host, Port: srv.Port,
		Logon: session.Normal, User: srv.User, Password: srv.Password, AllowPlainPassword: true}
	key := env.Sessions.Add(site)
	pool, err := env.Sessions.Pool(key)
	if err != nil {
		t.Fatal(err)
	}
	var tab *siteTab
	inUI(func() {
		w.addTab(site, key, pool, "/", nil)
		tab = w.current()
	})
	for range 20 {
		inUI(tab.pane.refresh) // lists in the background...
		inUI(w.reconnect)      // ...while the connections are replaced
	}
	waitFor(t, func() bool { return len(tab.pane.all) == 3 && !tab.pane.busy.Visible() })
}

func TestDuplicateThenDeleteKeepsTheOriginalsPassword(t *testing.T) {
	inUI(func() { duplicateThenDelete(t) })
}

func duplicateThenDelete(t *testing.T) {
	_, store := siteStore(t)
	keys := memKeyring{}
	m := newSiteManager(&Env{Store: store, Keyring: keys}, test.NewTempWindow(t, nil), func(session.Site) {})
	test.Type(m.name, "Work")
	test.Type(m.host, "ftp.example.test")
	test.Type(m.user, "ann")
	test.Type(m.password, "hunter2")
	original, ok := m.save()
	if !ok {
		t.Fatal("save failed")
	}
	m.duplicate()
	copied, ok := store.Get("Work copy")
	if !ok || copied.ID == original.ID {
		t.Fatalf("duplicate %+v of %+v", copied, original)
	}
	if keys[session.PasswordKey(copied)] != "hunter2" {
		t.Fatal("the duplicate has no password of its own")
	}
	m.load(copied)
	m.delete()
	yes := findButton(m.win.Canvas().Overlays().Top(), "Yes")
	if yes == nil {
		t.Fatal("no confirmation")
	}
	test.Tap(yes)
	if _, still := store.Get("Work copy"); still {
		t.Fatal("the duplicate was not deleted")
	}
	if keys[session.PasswordKey(original)] != "hunter2" {
		t.Fatal("deleting the duplicate deleted the original's password")
	}
	if _, ok := keys[session.PasswordKey(copied)]; ok {
		t.Error("the deleted duplicate's password stayed in the keyring")
	}
}

// The window's Connect and the site manager's Test connection find a saved
// site's password where the command line does (the keyring, by the site's
// ID): nothing is asked.
func TestConnectAndTestConnectionFindTheKeyringPassword(t *testing.T) {
	t.Setenv("FERRY_PASSWORD", "")
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	w, env := sessionWindow(t)
	defer closeWindow(t, w)
	site := session.Site{Name: "saved", Protocol: session.FTP, Host: srv.Host, Port: srv.Port,
		Logon: session.Normal, User: srv.User, AllowPlainPassword: true}
	if err := env.Store.Put(site); err != nil {
		t.Fatal(err)
	}
	site, _ = env.Store.Get("saved")
	env.Keyring.Set(session.PasswordKey(site), srv.Password)

	inUI(func() { w.connect(site) })
	waitFor(t, func() bool { return len(w.open) == 1 })

	var m *siteManager
	var mwin fyne.Window
	inUI(func() {
		mwin = test.NewTempWindow(t, nil)
		m = newSiteManager(env, mwin, func(session.Site) {})
		m.load(site)
		m.test()
	})
	waitFor(t, func() bool {
		top := mwin.Canvas().Overlays().Top()
		return top != nil && findButton(top, "OK") != nil && findLabel(top, "Connected to") != nil
	})
}

// findLabel walks o for a label whose text starts with prefix.
func findLabel(o fyne.CanvasObject, prefix string) *widget.Label {
	switch v := o.(type) {
	case nil:
		return nil
	case *widget.Label:
		if strings.HasPrefix(v.Text, prefix) {
			return v
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			if l := findLabel(c, prefix); l != nil {
				return l
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			if l := findLabel(c, prefix); l != nil {
				return l
			}
		}
	}
	return nil
}

// A job left from a quickconnect server names it by key alone (no
// password, no tab): resuming it connects, asks for the password in a
// dialog, and finishes.
func TestAQuickconnectJobRunsWithoutATabAfterThePasswordDialog(t *testing.T) {
	t.Setenv("FERRY_PASSWORD", "")
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	os.WriteFile(filepath.Join(srv.Root, "a.bin"), []byte("data"), 0o644)
	w, env := sessionWindow(t)
	defer closeWindow(t, w)
	quick := session.Site{Protocol: session.FTPTLSIfAvailable, Host: srv.Host, Port: srv.Port,
		Logon: session.Normal, User: srv.User}
	key := session.KeyOf(quick) // what the saved queue keeps
	dst := t.TempDir()
	if err := env.Queue.Download(key, "/a.bin", dst, false); err != nil {
		t.Fatal(err)
	}
	answer := func(tap func(fyne.CanvasObject) bool) {
		t.Helper()
		waitFor(t, func() bool {
			top := w.win.Canvas().Overlays().Top()
			return top != nil && tap(top)
		})
	}
	answer(func(top fyne.CanvasObject) bool { // the password dialog
		entry := findPasswordEntry(top)
		connect := findButton(top, "Connect")
		if entry == nil || connect == nil {
			return false
		}
		test.Type(entry, srv.Password)
		test.Tap(connect)
		return true
	})
	// The embedded server offers no TLS: the clear-text question follows.
	answer(func(top fyne.CanvasObject) bool {
		once := findButton(top, "Send once")
		if once == nil {
			return false
		}
		test.Tap(once)
		return true
	})
	waitFor(t, func() bool {
		data, err := os.ReadFile(filepath.Join(dst, "a.bin"))
		return err == nil && string(data) == "data"
	})
}

// findPasswordEntry walks o for a password entry.
func findPasswordEntry(o fyne.CanvasObject) *widget.Entry {
	switch v := o.(type) {
	case nil:
		return nil
	case *widget.Entry:
		if v.Password {
			return v
		}
	case *escapableEntry:
		if v.Password {
			return &v.Entry
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			if e := findPasswordEntry(c); e != nil {
				return e
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			if e := findPasswordEntry(c); e != nil {
				return e
			}
		}
	}
	return nil
}

// The file-exists question goes away when its job no longer wants the
// answer (paused, removed): the file is skipped and no dialog stays behind.
func TestTheFileExistsQuestionGoesAwayWhenItsJobStops(t *testing.T) {
	w := testWindow(t, 0)
	c := w.win.Canvas()
	ctx, cancel := context.WithCancel(context.Background())
	answer := make(chan queue.Answer, 1)
	go func() {
		answer <- askFileExists(ctx, w.win, queue.Question{Job: queue.Job{Local: "/l/f", Remote: "/r/f"}, SourceSize: 10, TargetSize: 5})
	}()
	waitFor(t, func() bool { return c.Overlays().Top() != nil })
	cancel()
	select {
	case a := <-answer:
		if a.Policy != queue.PolicySkip {
			t.Fatalf("an abandoned question answered %+v", a)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the question did not give up when its job stopped")
	}
	waitFor(t, func() bool { return c.Overlays().Top() == nil })
}
