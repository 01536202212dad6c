package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Escape closes what is on top, as in FileZilla: a window's topmost dialog,
// with the answer its Cancel gives, or else a window of its own (the site
// manager, the schedules). Keys typed while a dialog is up belong to the
// dialog: they never reach the file list behind it.

// escapes maps the pop-up of each dialog shown with showDialog to what
// Escape does to it. Main goroutine only.
var escapes = map[fyne.CanvasObject]func(){}

// showDialog shows d in win. Escape then runs escape, or d.Dismiss (the
// dialog's Cancel) when escape is nil.
func showDialog(win fyne.Window, d dialog.Dialog, escape func()) {
	d.Show()
	if escape == nil {
		escape = d.Dismiss
	}
	for popUp := range escapes {
		if !popUp.Visible() { // closed since
			delete(escapes, popUp)
		}
	}
	if top := win.Canvas().Overlays().Top(); top != nil {
		escapes[top] = escape
	}
}

// dismissTop does what Escape does to c's topmost dialog, and reports
// whether a dialog (or another pop-up) was up.
func dismissTop(c fyne.Canvas) bool {
	top := c.Overlays().Top()
	if top == nil {
		return false
	}
	if escape, ok := escapes[top]; ok {
		escape()
	}
	return true
}

// escapeCloses makes Escape run close (which closes win, or asks first)
// when no dialog is up in win.
func escapeCloses(win fyne.Window, close func()) {
	win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape && !dismissTop(win.Canvas()) {
			close()
		}
	})
}

// escapableEntry is a text field where Escape does what it does in the
// window when nothing has the keyboard: it closes the dialog on top, or the
// site manager (Fyne's entry keeps the key to itself).
type escapableEntry struct {
	widget.Entry
}

func newEscapableEntry() *escapableEntry {
	e := &escapableEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// newEscapablePasswordEntry is a hidden escapableEntry with a button that
// shows what was typed, like Fyne's password entry.
func newEscapablePasswordEntry() *escapableEntry {
	e := newEscapableEntry()
	e.Password = true
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	var reveal *widget.Button
	reveal = widget.NewButtonWithIcon("", theme.VisibilityOffIcon(), func() {
		e.Password = !e.Password
		if e.Password {
			reveal.SetIcon(theme.VisibilityOffIcon())
		} else {
			reveal.SetIcon(theme.VisibilityIcon())
		}
		e.Refresh()
	})
	reveal.Importance = widget.LowImportance
	e.ActionItem = reveal
	return e
}

func (e *escapableEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil && c.OnTypedKey() != nil {
			c.OnTypedKey()(k)
		}
		return
	}
	e.Entry.TypedKey(k)
}
