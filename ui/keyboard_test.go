package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"ferry/session"
)

// testWindow is a main window on the test driver, its local pane showing a
// folder of n files.
func testWindow(t *testing.T, n int) *mainWindow {
	t.Helper()
	isolate(t)
	a := test.NewTempApp(t)
	env, err := openEnv(a)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for i := range n {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%03d.txt", i)), []byte("x"), 0o644)
	}
	var w *mainWindow
	inUI(func() {
		w = newMainWindow(a, env)
		w.win.Resize(fyne.NewSize(1280, 800))
		w.local.show(dir, mustList(t, dir))
	})
	t.Cleanup(func() {
		// The queue panel applies pages through inUI: stop it first, so
		// that none is applied while the window closes.
		w.queue.stop()
		inUI(w.close)
	})
	return w
}

// cellOf finds the rendered cell of row in p's table.
func cellOf(t *testing.T, p *pane, row int) *rowCell {
	t.Helper()
	var found *rowCell
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if c, ok := o.(*rowCell); ok && c.row == row && c.Visible() && found == nil {
			found = c
		}
		switch o := o.(type) {
		case *fyne.Container:
			for _, ch := range o.Objects {
				walk(ch)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(o).Objects() {
				walk(ch)
			}
		}
	}
	walk(p.win.Canvas().Content())
	if found == nil {
		t.Fatalf("no cell of row %d is shown", row)
	}
	return found
}

func press(c *rowCell, m fyne.KeyModifier) {
	c.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, Modifier: m})
	c.MouseUp(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, Modifier: m})
}

// key sends a key as the desktop driver does: to the focused object.
func key(t *testing.T, c fyne.Canvas, name fyne.KeyName) {
	t.Helper()
	f := c.Focused()
	if f == nil {
		t.Fatalf("nothing has the keyboard for %s", name)
	}
	if k, ok := f.(desktop.Keyable); ok {
		k.KeyDown(&fyne.KeyEvent{Name: name})
		defer k.KeyUp(&fyne.KeyEvent{Name: name})
	}
	f.TypedKey(&fyne.KeyEvent{Name: name})
}

func TestClickOnRowTakesKeyboardFromTextFieldAndF2Renames(t *testing.T) {
	w := testWindow(t, 5)
	c := w.win.Canvas()
	inUI(func() {
		c.Focus(w.qc.host)
		press(cellOf(t, w.local, 2), 0)
		if c.Focused() != w.local.table {
			t.Fatalf("after a click on a row the keyboard is with %T", c.Focused())
		}
		key(t, c, fyne.KeyF2)
		top := c.Overlays().Top()
		if top == nil {
			t.Fatal("F2 opened nothing")
		}
		if e := findEntry(top); e == nil || e.Text != "f002.txt" {
			t.Fatalf("F2 did not open the rename prompt for f002.txt: %v", e)
		}
	})
}

func TestCtrlAWithTheListFocusedSelectsAll(t *testing.T) {
	w := testWindow(t, 30)
	c := w.win.Canvas()
	inUI(func() {
		c.Focus(w.qc.user)
		press(cellOf(t, w.local, 0), 0)
		c.Focused().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutSelectAll{})
		if got := w.local.sel.count(); got != 30 {
			t.Fatalf("Ctrl+A selected %d of 30", got)
		}
	})
}

func TestCtrlAWithNothingFocusedSelectsAllOfTheActivePane(t *testing.T) {
	w := testWindow(t, 4)
	c := w.win.Canvas()
	inUI(func() {
		c.Unfocus()
		c.(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutSelectAll{})
		if got := w.local.sel.count(); got != 4 {
			t.Fatalf("Ctrl+A selected %d of 4", got)
		}
	})
}

func TestArrowsMoveAndShiftExtends(t *testing.T) {
	w := testWindow(t, 40)
	c := w.win.Canvas()
	p := w.local
	inUI(func() {
		press(cellOf(t, p, 1), 0)
		key(t, c, fyne.KeyDown)
		if got := names(p.selected()); got != "f002.txt" {
			t.Fatalf("Down: %s", got)
		}
		f := c.Focused().(desktop.Keyable)
		f.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		key(t, c, fyne.KeyDown)
		key(t, c, fyne.KeyDown)
		f.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		if got := names(p.selected()); got != "f002.txt f003.txt f004.txt" {
			t.Fatalf("Shift+Down twice: %s", got)
		}
		key(t, c, fyne.KeyUp)
		if got := names(p.selected()); got != "f003.txt" {
			t.Fatalf("Up after the range: %s", got)
		}
		key(t, c, fyne.KeyEnd)
		if got := names(p.selected()); got != "f039.txt" {
			t.Fatalf("End: %s", got)
		}
		key(t, c, fyne.KeyHome)
		if got := names(p.selected()); got != "f000.txt" {
			t.Fatalf("Home: %s", got)
		}
		key(t, c, fyne.KeyPageDown)
		if r := p.sel.cursor; r < 10 {
			t.Fatalf("PageDown moved to row %d only", r)
		}
		key(t, c, fyne.KeyPageUp)
		if r := p.sel.cursor; r != 0 {
			t.Fatalf("PageUp came back to row %d", r)
		}
	})
}

func TestCtrlClickTogglesAndEmptyAreaClearsAndFocuses(t *testing.T) {
	w := testWindow(t, 5)
	c := w.win.Canvas()
	p := w.local
	inUI(func() {
		press(cellOf(t, p, 0), 0)
		press(cellOf(t, p, 3), fyne.KeyModifierControl)
		if got := names(p.selected()); got != "f000.txt f003.txt" {
			t.Fatalf("Ctrl+click: %s", got)
		}
		press(cellOf(t, p, 0), fyne.KeyModifierControl)
		if got := names(p.selected()); got != "f003.txt" {
			t.Fatalf("Ctrl+click again: %s", got)
		}
		check := widget.NewCheck("x", nil)
		c.Focus(check)
		p.table.Tapped(&fyne.PointEvent{})
		if c.Focused() != p.table || p.sel.count() != 0 {
			t.Fatalf("a click below the rows left focus with %T and %d selected", c.Focused(), p.sel.count())
		}
		key(t, c, fyne.KeySpace) // must not reach the checkbox
		if check.Checked {
			t.Fatal("Space ticked a checkbox after the list was clicked")
		}
	})
}

func TestEnterOpensFolderAndBackspaceGoesUp(t *testing.T) {
	w := testWindow(t, 2)
	p := w.local
	parent := p.dir
	os.Mkdir(filepath.Join(parent, "a-sub"), 0o755)
	inUI(func() { p.show(parent, mustList(t, parent)) })
	c := w.win.Canvas()
	inUI(func() {
		press(cellOf(t, p, 0), 0)
		key(t, c, fyne.KeyReturn)
	})
	waitFor(t, func() bool { return p.dir == filepath.Join(parent, "a-sub") })
	inUI(func() { key(t, c, fyne.KeyBackspace) })
	waitFor(t, func() bool { return p.dir == parent })
}

func TestTabMovesBetweenPanes(t *testing.T) {
	w := testWindow(t, 3)
	c := w.win.Canvas()
	site := session.Site{Name: "127.0.0.1", Host: "127.0.0.1", Port: 2121, Protocol: session.FTP, Logon: session.Anonymous}
	inUI(func() {
		w.addTab(site, session.KeyOf(site), session.NewPool(site, session.Options{}), "/", entries("x", "y"))
		press(cellOf(t, w.local, 0), 0)
		key(t, c, fyne.KeyTab)
		remote := w.current().pane
		if c.Focused() != remote.table || w.active != remote {
			t.Fatalf("Tab gave the keyboard to %T", c.Focused())
		}
		key(t, c, fyne.KeyTab)
		if c.Focused() != w.local.table {
			t.Fatal("a second Tab did not come back to the local pane")
		}
	})
}

func TestMenuHasTheWindowShortcuts(t *testing.T) {
	w := testWindow(t, 0)
	want := map[string]string{"Quit": "Q", "Site manager…": "S", "Reconnect": "R"}
	for _, m := range w.win.MainMenu().Items {
		for _, it := range m.Items {
			if k, ok := want[it.Label]; ok {
				sc, isCustom := it.Shortcut.(*desktop.CustomShortcut)
				if !isCustom || string(sc.KeyName) != k || sc.Modifier != fyne.KeyModifierShortcutDefault {
					t.Errorf("%s: shortcut %v", it.Label, it.Shortcut)
				}
				delete(want, it.Label)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("menu items missing: %v", want)
	}
}

func findEntry(o fyne.CanvasObject) *widget.Entry {
	switch o := o.(type) {
	case *widget.Entry:
		return o
	case *escapableEntry:
		return &o.Entry
	case *fyne.Container:
		for _, ch := range o.Objects {
			if e := findEntry(ch); e != nil {
				return e
			}
		}
	case fyne.Widget:
		for _, ch := range test.WidgetRenderer(o).Objects() {
			if e := findEntry(ch); e != nil {
				return e
			}
		}
	}
	return nil
}

// waitFor polls cond on the UI side until it holds or ten seconds pass.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for range 1000 {
		var ok bool
		inUI(func() { ok = cond() })
		if ok {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("condition not reached in 10 s")
}
