package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
	"ferry/queue"
	"ferry/session"
)

// A second Ferry finds the saved queue held by the first: it opens with a
// queue of its own and says that this queue is not saved.
func TestASecondWindowSaysItsQueueIsNotSaved(t *testing.T) {
	isolate(t)
	a := test.NewTempApp(t)
	first, err := queue.New(queue.Options{StatePath: statePath(),
		Connect: func(string) (*session.Pool, error) { return nil, session.ErrClosed }})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	env, err := openEnv(a)
	if err != nil {
		t.Fatal(err)
	}
	var w *mainWindow
	inUI(func() { w = newMainWindow(a, env) })
	// The local pane lists its folder in the background: let it finish
	// before the test app goes.
	pollUI(t, "the local listing", func() bool { return len(w.local.work.running) == 0 })
	t.Cleanup(func() {
		w.queue.stop()
		inUI(w.close)
	})
	if w.unsavedQueue == nil || !strings.Contains(w.unsavedQueue.Error(), "not saved") {
		t.Fatalf("the second window's queue problem: %v", w.unsavedQueue)
	}
	if w.env.Queue == nil {
		t.Fatal("the second window has no queue")
	}
}

// A folder uploaded while the queue waits (paused) shows on the server pane
// once its folders are made, not only when the queue has finished.
func TestTheServerPaneShowsAFolderOnceItIsMade(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	w, env := sessionWindow(t)
	defer closeWindow(t, w)
	site := session.Site{Name: "s", Protocol: session.FTP, Host: srv.Host, Port: srv.Port,
		Logon: session.Normal, User: srv.User, Password: srv.Password, AllowPlainPassword: true}
	inUI(func() { w.connect(site) })
	waitFor(t, func() bool { t := w.current(); return t != nil && t.pane.dir == "/" && !t.pane.work.busy() })
	src := filepath.Join(t.TempDir(), "up")
	if err := os.MkdirAll(filepath.Join(src, "inner"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "inner", "x.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	env.Queue.PauseAll()
	var key string
	inUI(func() { key = w.current().key })
	if err := env.Queue.Upload(key, src, "/up", true); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		for _, e := range w.current().pane.rows {
			if e.Name == "up" {
				return true
			}
		}
		return false
	})
	if s := env.Queue.Snapshot(); len(s.Jobs) != 1 || s.Jobs[0].State != queue.Queued {
		t.Fatalf("the upload ran (%+v): the pane may have been refreshed by the queue going idle", s.Jobs)
	}
}
