package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

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
