package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// numberQuestion is a dialog with one field for a setting that is a
// whole number (the speed limit, the size from which downloads split).
type numberQuestion struct {
	title, label, hint string
	text, placeHolder  string  // the field's value now, and its text when empty
	failure            string  // the error dialog's title for a bad number
	width              float32 // wide enough for the hint on one line
	parse              func(string) (int, error)
	apply              func(int)
}

// askNumber shows q; Set (or Enter) applies the parsed number, and a bad
// one is refused with a sentence.
func (w *mainWindow) askNumber(q numberQuestion) {
	entry := newEscapableEntry()
	entry.SetPlaceHolder(q.placeHolder)
	entry.SetText(q.text)
	d := dialog.NewForm(q.title, "Set", "Cancel",
		[]*widget.FormItem{{Text: q.label, Widget: entry, HintText: q.hint}},
		func(ok bool) {
			if !ok {
				return
			}
			n, err := q.parse(entry.Text)
			if err != nil {
				showError(w.win, q.failure, err)
				return
			}
			q.apply(n)
		}, w.win)
	entry.OnSubmitted = func(string) { d.Submit() }
	d.Resize(fyne.NewSize(q.width, 0))
	showDialog(w.win, d, nil)
	w.win.Canvas().Focus(entry)
}
