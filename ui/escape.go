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

// escapeCloses makes Escape close win when no dialog is up in it.
func escapeCloses(win fyne.Window) {
	win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape && !dismissTop(win.Canvas()) {
			win.Close()
		}
	})
}

// dialogEntry is a text field in a dialog: Escape in it closes the dialog,
// as it does when nothing in the dialog has the keyboard (Fyne's entry
// keeps the key to itself).
type dialogEntry struct {
	widget.Entry
}

func newDialogEntry() *dialogEntry {
	e := &dialogEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// newDialogPasswordEntry is a hidden dialogEntry with a button that shows
// what was typed, like Fyne's password entry.
func newDialogPasswordEntry() *dialogEntry {
	e := newDialogEntry()
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

func (e *dialogEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
			dismissTop(c)
		}
		return
	}
	e.Entry.TypedKey(k)
}
