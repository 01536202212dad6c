package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/adrg/xdg"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
	"ferry/queue"
	"ferry/session"
)

// isolate points the XDG folders (and Fyne's font cache) at a temp dir.
func isolate(t *testing.T) {
	t.Helper()
	home := t.TempDir()
	for _, v := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"} {
		t.Setenv(v, filepath.Join(home, strings.ToLower(v)))
	}
	xdg.Reload()
}

func entries(names ...string) []session.Entry {
	var out []session.Entry
	for i, n := range names {
		e := session.Entry{Name: n, Size: int64(100 * (len(names) - i)), ModTime: time.Unix(int64(i)*1000, 0)}
		if strings.HasSuffix(n, "/") {
			e.Name, e.Type = strings.TrimSuffix(n, "/"), session.Dir
		}
		out = append(out, e)
	}
	return out
}

func names(rows []session.Entry) string {
	var out []string
	for _, e := range rows {
		out = append(out, e.Name)
	}
	return strings.Join(out, " ")
}

func TestSortingKeepsFoldersFirst(t *testing.T) {
	test.NewTempApp(t)
	p := newPane(test.NewTempWindow(t, nil), "Local", localSource{})
	p.show("/x", entries("b.txt", "a/", "C.txt", "z/", ".hidden"))
	if got := names(p.rows); got != "a z b.txt C.txt" {
		t.Fatalf("by name: %s", got)
	}
	p.sortBy(colName)
	if got := names(p.rows); got != "z a C.txt b.txt" {
		t.Fatalf("by name, reversed: %s", got)
	}
	p.sortBy(colSize) // sizes fall with position: b.txt is the biggest
	if got := names(p.rows); got != "z a C.txt b.txt" {
		t.Fatalf("by size: %s", got)
	}
	p.hidden = true
	p.apply()
	if !strings.Contains(names(p.rows), ".hidden") {
		t.Fatal("hidden files stay hidden with the box ticked")
	}
}

func TestMultiSelectWithCtrlAndShift(t *testing.T) {
	test.NewTempApp(t)
	p := newPane(test.NewTempWindow(t, nil), "Local", localSource{})
	p.show("/x", entries("a", "b", "c", "d", "e"))
	p.click(1, false, false)
	p.click(3, false, true) // shift: 1..3
	if got := names(p.selected()); got != "b c d" {
		t.Fatalf("shift range: %s", got)
	}
	p.click(2, true, false) // ctrl toggles c off
	if got := names(p.selected()); got != "b d" {
		t.Fatalf("ctrl toggle: %s", got)
	}
	p.click(4, true, false)
	if got := names(p.selected()); got != "b d e" {
		t.Fatalf("ctrl add: %s", got)
	}
	p.click(0, false, false)
	if got := names(p.selected()); got != "a" {
		t.Fatalf("plain click: %s", got)
	}
	p.selectAll()
	if p.sel.count() != 5 || !strings.HasPrefix(p.status.Text, "5 items selected") {
		t.Fatalf("select all: %d, %q", p.sel.count(), p.status.Text)
	}
}

func TestRowCellsSelectOnMouseAndOpenOnDoubleClick(t *testing.T) {
	test.NewTempApp(t)
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "f.txt"), []byte("x"), 0o644)
	p := newPane(test.NewTempWindow(t, nil), "Local", localSource{})
	var sent []session.Entry
	p.onTransfer = func(_ *pane, e []session.Entry) { sent = e }
	p.onError = func(string, error) {}
	p.show(dir, mustList(t, dir))
	cell := newRowCell(p)
	cell.row = 1 // f.txt, after the folder
	cell.MouseDown(&desktopEvent(fyne.KeyModifierShift).MouseEvent)
	if got := names(p.selected()); got != "f.txt" {
		t.Fatalf("selected %s", got)
	}
	cell.DoubleTapped(nil)
	if len(sent) != 1 || sent[0].Name != "f.txt" {
		t.Fatalf("double-click on a file sent %v", sent)
	}
	cell.row = 0
	cell.DoubleTapped(nil)
	var now string
	deadline := time.Now().Add(10 * time.Second)
	for now != filepath.Join(dir, "sub") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		inUI(func() { now = p.dir })
	}
	if now != filepath.Join(dir, "sub") {
		t.Fatalf("double-click on a folder left the pane in %s", now)
	}
}

func mustList(t *testing.T, dir string) []session.Entry {
	t.Helper()
	e, err := localSource{}.list(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestDropHitTest(t *testing.T) {
	origin, size := fyne.NewPos(100, 50), fyne.NewSize(200, 100)
	for _, c := range []struct {
		pos  fyne.Position
		want bool
	}{
		{fyne.NewPos(100, 50), true}, {fyne.NewPos(299, 149), true}, {fyne.NewPos(300, 100), false},
		{fyne.NewPos(99, 100), false}, {fyne.NewPos(150, 150), false}, {fyne.NewPos(150, 49), false},
	} {
		if got := contains(origin, size, c.pos); got != c.want {
			t.Errorf("contains(%v) = %v", c.pos, got)
		}
	}
}

func TestQueueRowsFollowPages(t *testing.T) {
	isolate(t)
	test.NewTempApp(t)
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	for _, n := range []string{"a.bin", "b.bin"} {
		os.WriteFile(filepath.Join(srv.Root, n), make([]byte, 5000), 0o644)
	}
	site := session.Site{Name: "t", Protocol: session.FTP, Host: srv.Host, Port: srv.Port, Logon: session.Normal,
		User: srv.User, Password: srv.Password, AllowPlainPassword: true}
	pool := session.NewPool(site, session.Options{})
	defer pool.Close()
	q, err := queue.New(queue.Options{Connect: func(string) (*session.Pool, error) { return pool, nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	panel := newQueuePanel(&Env{Queue: q}, test.NewTempWindow(t, nil))
	defer panel.stop()
	dst := t.TempDir()
	q.Download(site.Key(), "/a.bin", dst, false)
	q.Download(site.Key(), "/missing.bin", dst, false)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var ok bool
		inUI(func() {
			ok = panel.tabs[2].count == 1 && panel.tabs[1].count == 1
		})
		if ok {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	inUI(func() { panel.appTabs.SelectIndex(1) })
	var failed queue.JobStatus
	for shown := false; !shown && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		inUI(func() { failed, shown = panel.row(panel.tabs[1], 0) })
	}
	inUI(func() {
		if panel.tabs[2].count != 1 || panel.tabs[1].count != 1 {
			t.Fatalf("tabs: successful %d, failed %d", panel.tabs[2].count, panel.tabs[1].count)
		}
		if got := panel.appTabs.Items[1].Text; got != "Failed (1)" {
			t.Errorf("tab title %q", got)
		}
		if s := jobStatus(failed); !strings.Contains(s, "550") {
			t.Errorf("failed status %q lacks the server's reply", s)
		}
		if !strings.HasPrefix(panel.totals.Text, "2 files: 1 done, 1 failed") {
			t.Errorf("totals %q", panel.totals.Text)
		}
	})
}

// memKeyring stands in for the OS keyring, which CI machines lack.
type memKeyring map[string]string

func (m memKeyring) Get(k string) (string, error) {
	if pw, ok := m[k]; ok {
		return pw, nil
	}
	return "", session.ErrNoPassword
}
func (m memKeyring) Set(k, pw string) error { m[k] = pw; return nil }
func (m memKeyring) Delete(k string) error  { delete(m, k); return nil }

func TestSiteManagerSavesSitesAndPasswordsApart(t *testing.T) {
	_, store := siteStore(t)
	keys := memKeyring{}
	m := newSiteManager(&Env{Store: store, Keyring: keys}, test.NewTempWindow(t, nil), func(session.Site) {})
	test.Type(m.name, "Work")
	test.Type(m.folder, "Clients/Big")
	test.Type(m.host, "ftp.example.test")
	test.Type(m.port, "2121")
	test.Type(m.user, "ann")
	test.Type(m.password, "hunter2")
	m.protocol.SetSelectedIndex(1)
	site, ok := m.save()
	if !ok {
		t.Fatal("save failed")
	}
	path, _ := session.DefaultStorePath()
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "hunter2") || !strings.Contains(string(data), "ftp.example.test") {
		t.Fatalf("sites file: %s", data)
	}
	if keys[session.PasswordKey(site)] != "hunter2" || site.ID == "" {
		t.Fatalf("keyring: %v", keys)
	}
	if got := m.children(""); len(got) != 1 || got[0] != "d:Clients" {
		t.Fatalf("root children %v", got)
	}
	if got := m.children("d:Clients/Big"); len(got) != 1 || got[0] != "s:Work" {
		t.Fatalf("folder children %v", got)
	}
	test.Type(m.port, "x")
	if _, ok := m.save(); ok {
		t.Fatal("saved a port that is not a number")
	}
}

func TestSiteManagerImportsFileZilla(t *testing.T) {
	_, store := siteStore(t)
	keys := memKeyring{}
	m := newSiteManager(&Env{Store: store, Keyring: keys}, test.NewTempWindow(t, nil), func(session.Site) {})
	f, err := os.Open("../session/testdata/filezilla/sitemanager.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	msg, err := m.importFrom(f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "Imported 4 sites") || !strings.Contains(msg, "SSH box") {
		t.Errorf("message %q", msg)
	}
	site, ok := store.Get("Example")
	if !ok || keys[session.PasswordKey(site)] != "s3cr3t!" {
		t.Fatalf("Example: %+v, keyring %v", site, keys)
	}
}

func TestFileExistsDialogAnswers(t *testing.T) {
	a := test.NewTempApp(t)
	_ = a
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(900, 700))
	answer := make(chan queue.Answer, 1)
	go func() {
		answer <- askFileExists(context.Background(), w, queue.Question{Job: queue.Job{Local: "/l/f", Remote: "/r/f"}, SourceSize: 10, TargetSize: 5})
	}()
	var tapped bool
	deadline := time.Now().Add(10 * time.Second)
	for !tapped && time.Now().Before(deadline) {
		inUI(func() {
			if b := findButton(w.Canvas().Overlays().Top(), "Resume"); b != nil {
				test.Tap(b)
				tapped = true
			}
		})
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case a := <-answer:
		if a.Policy != queue.PolicyResume || a.ApplyToAll {
			t.Fatalf("answer %+v", a)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no answer")
	}
}

// findButton walks o for a button labelled text.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	switch v := o.(type) {
	case nil:
		return nil
	case *widget.Button:
		if v.Text == text {
			return v
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	case fyne.Widget:
		r := test.WidgetRenderer(v)
		for _, c := range r.Objects() {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	}
	return nil
}
