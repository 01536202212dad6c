package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// fileTable is a pane's table that takes the keyboard. A click on a row or
// on the empty area focuses it, so keys reach the list and no longer a text
// field or checkbox clicked before. It keeps the pane's own multi-selection
// and cursor; the table's cell focus and selection are not used.
type fileTable struct {
	widget.Table
	p     *pane
	shift bool // Shift is held, for extending the selection from the keyboard
	ctrl  bool
	width float32 // the width the columns were last fitted to
}

func newFileTable(p *pane) *fileTable {
	t := &fileTable{p: p}
	t.Length, t.CreateCell, t.UpdateCell = p.size, p.newCell, p.updateCell
	t.ShowHeaderRow = true
	t.ExtendBaseWidget(t)
	return t
}

// focus gives the list the keyboard.
func (t *fileTable) focus() { t.p.win.Canvas().Focus(t) }

// FocusGained makes the pane the active one (for the window's shortcuts).
func (t *fileTable) FocusGained() {
	if t.p.onFocus != nil {
		t.p.onFocus(t.p)
	}
}

// FocusLost forgets held modifiers: their key-up goes elsewhere.
func (t *fileTable) FocusLost() { t.shift, t.ctrl = false, false }

// AcceptsTab keeps Tab for switching between the panes.
func (t *fileTable) AcceptsTab() bool { return true }

// KeyDown tracks Shift and Ctrl (key events carry no modifiers).
func (t *fileTable) KeyDown(k *fyne.KeyEvent) { t.trackModifier(k.Name, true) }

// KeyUp tracks Shift and Ctrl.
func (t *fileTable) KeyUp(k *fyne.KeyEvent) { t.trackModifier(k.Name, false) }

func (t *fileTable) trackModifier(name fyne.KeyName, down bool) {
	switch name {
	case desktop.KeyShiftLeft, desktop.KeyShiftRight:
		t.shift = down
	case desktop.KeyControlLeft, desktop.KeyControlRight:
		t.ctrl = down
	}
}

// TypedRune ignores text: the list has no type-ahead.
func (t *fileTable) TypedRune(rune) {}

// TypedKey moves the cursor and acts on the selection.
func (t *fileTable) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyTab {
		if t.p.onTab != nil {
			t.p.onTab(t.p)
		}
		return
	}
	t.p.typedKey(k, t.shift)
}

// TypedShortcut selects all rows on Ctrl+A (Fyne's select-all shortcut).
func (t *fileTable) TypedShortcut(s fyne.Shortcut) {
	if _, ok := s.(*fyne.ShortcutSelectAll); ok {
		t.p.selectAll()
	}
}

// Tapped on the empty area below the rows: focus the list and clear the
// selection (rows handle their own clicks).
func (t *fileTable) Tapped(*fyne.PointEvent) {
	t.focus()
	t.p.clearSelection()
}

// TappedSecondary on the empty area: the folder's menu.
func (t *fileTable) TappedSecondary(e *fyne.PointEvent) {
	t.focus()
	t.p.clearSelection()
	t.p.showFolderMenu(e.AbsolutePosition)
}

// Resize fits the columns to the new width.
func (t *fileTable) Resize(s fyne.Size) {
	t.Table.Resize(s)
	if s.Width != t.width {
		t.width = s.Width
		t.p.fitColumns(s.Width)
	}
}

// pageRows is how many rows fit in the visible part of the table.
func (t *fileTable) pageRows() int {
	h := t.p.rowHeight()
	if h <= 0 {
		return 1
	}
	return max(1, int((t.Size().Height-h)/h)-1)
}
