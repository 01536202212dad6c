package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"ferry/queue"
	"ferry/session"
)

// typeOnCanvas sends a key as the desktop driver does when nothing has
// the keyboard: to the canvas.
func typeOnCanvas(c fyne.Canvas, name fyne.KeyName) {
	c.OnTypedKey()(&fyne.KeyEvent{Name: name})
}

// While the Delete question is up, the keys are the dialog's: Delete does
// not ask again, arrows do not move the selection behind, Enter does not
// open the file, and Escape cancels: the question goes away and the file
// stays.
func TestKeysWhileADialogIsUpStayOutOfTheListAndEscapeCancelsIt(t *testing.T) {
	w := testWindow(t, 3)
	c := w.win.Canvas()
	inUI(func() {
		press(cellOf(t, w.local, 1), 0)
		key(t, c, fyne.KeyDelete)
		if n := len(c.Overlays().List()); n != 1 {
			t.Fatalf("Delete showed %d dialogs, want the question", n)
		}
		for _, k := range []fyne.KeyName{fyne.KeyDelete, fyne.KeyDown, fyne.KeyReturn, fyne.KeyBackspace} {
			typeOnCanvas(c, k)
		}
		if n := len(c.Overlays().List()); n != 1 {
			t.Fatalf("keys typed over the question opened %d dialogs", n)
		}
		if got := names(w.local.selected()); got != "f001.txt" {
			t.Fatalf("keys typed over the question moved the selection behind it to %q", got)
		}
		typeOnCanvas(c, fyne.KeyEscape)
		if top := c.Overlays().Top(); top != nil {
			t.Fatal("Escape left the question up")
		}
	})
	if _, err := os.Stat(filepath.Join(w.local.dir, "f001.txt")); err != nil {
		t.Fatalf("Escape on the Delete question deleted the file: %v", err)
	}
}

// Escape answers the engine's questions the safe way: the file that exists
// is skipped, and a password prompt with the keyboard in its field is
// cancelled.
func TestEscapeAnswersQuestionsTheSafeWay(t *testing.T) {
	w := testWindow(t, 0)
	c := w.win.Canvas()
	answer := make(chan queue.Answer, 1)
	go func() {
		answer <- askFileExists(context.Background(), w.win, queue.Question{Job: queue.Job{Local: "/l/f", Remote: "/r/f"}, SourceSize: 10, TargetSize: 5})
	}()
	waitFor(t, func() bool { return c.Overlays().Top() != nil })
	inUI(func() { typeOnCanvas(c, fyne.KeyEscape) })
	select {
	case a := <-answer:
		if a.Policy != queue.PolicySkip || a.ApplyToAll {
			t.Fatalf("Escape on the file-exists question answered %+v, want skip this file", a)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Escape did not answer the file-exists question")
	}

	type result struct {
		pw  string
		err error
	}
	got := make(chan result, 1)
	go func() {
		pw, err := askPassword(context.Background(), w.win, session.Site{Host: "example.org", User: "u"})
		got <- result{pw, err}
	}()
	waitFor(t, func() bool { return c.Focused() != nil })
	inUI(func() {
		test.Type(c.Focused(), "secret")
		key(t, c, fyne.KeyEscape)
	})
	select {
	case r := <-got:
		if !errors.Is(r.err, session.ErrNoAnswer) {
			t.Fatalf("Escape in the password field gave (%q, %v), want no answer", r.pw, r.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Escape in the password field did not cancel the prompt")
	}
	inUI(func() {
		if c.Overlays().Top() != nil {
			t.Fatal("a question is still up")
		}
		// The connection that asked ends quietly: the user chose to stop it.
		w.connectFailed(session.Site{Name: "example", Host: "example.org"}, fmt.Errorf("log in: %w", session.ErrNoAnswer))
		if c.Overlays().Top() != nil || !strings.Contains(w.status.Text, "cancelled") {
			t.Fatalf("a cancelled password prompt showed an error (status %q)", w.status.Text)
		}
	})
}

// In a window of its own (the site manager, the schedules), Escape closes
// the dialog on top first, then the window.
func TestEscapeClosesTheDialogThenTheWindow(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewWindow(widget.NewLabel("sites")) // closed by the test itself
	closed := false
	win.SetOnClosed(func() { closed = true })
	inUI(func() {
		escapeCloses(win, win.Close)
		cancelled := false
		showDialog(win, dialog.NewConfirm("Delete site", "Delete it?", func(yes bool) { cancelled = !yes }, win), nil)
		typeOnCanvas(win.Canvas(), fyne.KeyEscape)
		if !cancelled || win.Canvas().Overlays().Top() != nil || closed {
			t.Fatalf("first Escape: dialog cancelled %v, still up %v, window closed %v",
				cancelled, win.Canvas().Overlays().Top() != nil, closed)
		}
		typeOnCanvas(win.Canvas(), fyne.KeyEscape)
		if !closed {
			t.Fatal("the second Escape left the window open")
		}
	})
}

// Closing the site manager (its close button, or Escape) with changes in
// the form asks first: Cancel goes on editing, Save keeps them and closes.
// Without changes it closes at once.
func TestTheSiteManagerAsksBeforeItDropsUnsavedChanges(t *testing.T) {
	a, store := siteStore(t)
	if err := store.Put(session.Site{Name: "work", Host: "old.example.org", Protocol: session.FTPTLSIfAvailable, Logon: session.Normal, User: "u"}); err != nil {
		t.Fatal(err)
	}
	open := func() (*siteManager, *bool) {
		win := test.NewWindow(nil) // closed by the test itself
		closed := false
		win.SetOnClosed(func() { closed = true })
		m := newSiteManager(&Env{Store: store, Keyring: absentKeyring{}, Prefs: a.Preferences()}, win, func(session.Site) {})
		site, _ := store.Get("work")
		m.load(site)
		return m, &closed
	}
	inUI(func() {
		m, closed := open()
		m.close()
		if !*closed {
			t.Fatal("the site manager without changes did not close")
		}

		m, closed = open()
		m.win.Canvas().Focus(m.host)
		test.Type(m.host, "new.")
		key(t, m.win.Canvas(), fyne.KeyEscape) // in the field, as in the window
		if *closed || m.win.Canvas().Overlays().Top() == nil {
			t.Fatal("the site manager closed over unsaved changes without asking")
		}
		answer(t, m.win, "", "Cancel")
		if *closed || m.host.Text != "new.old.example.org" {
			t.Fatal("Cancel did not go on editing")
		}
		typeOnCanvas(m.win.Canvas(), fyne.KeyEscape) // the same question, by Escape
		answer(t, m.win, "", "Save")
		if !*closed {
			t.Fatal("Save did not close the site manager")
		}
		if s, _ := store.Get("work"); s.Host != "new.old.example.org" {
			t.Fatalf("Save kept host %q", s.Host)
		}
	})
}

// Showing another site with changes in the form asks the same question:
// Cancel keeps the edits and the selection, Discard shows the other site.
func TestSwitchingSitesAsksBeforeItDropsUnsavedChanges(t *testing.T) {
	a, store := siteStore(t)
	for _, name := range []string{"work", "home"} {
		if err := store.Put(session.Site{Name: name, Host: name + ".example.org", Protocol: session.FTPTLSIfAvailable, Logon: session.Normal, User: "u"}); err != nil {
			t.Fatal(err)
		}
	}
	inUI(func() {
		m := newSiteManager(&Env{Store: store, Keyring: absentKeyring{}, Prefs: a.Preferences()}, test.NewTempWindow(t, nil), func(session.Site) {})
		m.tree.Select("s:work")
		m.host.SetText("changed.example.org")
		m.tree.Select("s:home")
		if m.win.Canvas().Overlays().Top() == nil {
			t.Fatal("another site was shown over unsaved changes without asking")
		}
		answer(t, m.win, "", "Cancel")
		if m.host.Text != "changed.example.org" || m.selectedID != "s:work" {
			t.Fatalf("Cancel: host %q, selected %q; want the edits kept on work", m.host.Text, m.selectedID)
		}
		m.tree.Select("s:home")
		answer(t, m.win, "", "Discard")
		if m.host.Text != "home.example.org" || m.current != "home" {
			t.Fatalf("Discard: host %q, site %q; want home shown", m.host.Text, m.current)
		}
		if s, _ := store.Get("work"); s.Host != "work.example.org" {
			t.Fatalf("Discard saved the edit: %q", s.Host)
		}
		// Save keeps the edit and shows the other site, selected.
		m.host.SetText("new.home.example.org")
		m.tree.Select("s:work")
		answer(t, m.win, "", "Save")
		if s, _ := store.Get("home"); s.Host != "new.home.example.org" {
			t.Fatalf("Save kept host %q", s.Host)
		}
		if m.current != "work" || m.selectedID != "s:work" || m.host.Text != "work.example.org" {
			t.Fatalf("after Save: site %q, selected %q, host %q; want work", m.current, m.selectedID, m.host.Text)
		}
	})
}

// siteStore is a test app and the (empty) sites file of an isolated user.
func siteStore(t *testing.T) (fyne.App, *session.Store) {
	t.Helper()
	isolate(t)
	a := test.NewTempApp(t)
	path, _ := session.DefaultStorePath()
	store, err := session.OpenStore(path)
	if err != nil {
		t.Fatal(err)
	}
	return a, store
}
