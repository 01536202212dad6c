package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"ferry/session"
)

func TestARightClickOnTheEmptyAreaOffersTheFolderMenu(t *testing.T) {
	w := testWindow(t, 2)
	site := session.Site{Name: "127.0.0.1", Host: "127.0.0.1", Port: 2121, Protocol: session.FTP, Logon: session.Anonymous}
	inUI(func() {
		w.addTab(site, session.KeyOf(site), session.NewPool(site, session.Options{}), "/", entries("x"))
		remote := w.current().pane
		remote.click(0, false, false)
		remote.table.TappedSecondary(&fyne.PointEvent{AbsolutePosition: fyne.NewPos(900, 500)})
		// The list took the keyboard (the menu has it while it is open).
		if remote.sel.count() != 0 || w.active != remote {
			t.Fatalf("a right-click below the rows left %d selected, active pane %v", remote.sel.count(), w.active.title)
		}
		got := menuLabels(w.win.Canvas().Overlays().Top())
		if got != "New folder|Refresh|Upload here…|Copy path" {
			t.Fatalf("the empty area's menu: %s", got)
		}
	})
}

// menuLabels is the texts of a pop-up menu's items, in order.
func menuLabels(o fyne.CanvasObject) string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *canvas.Text:
			if o.Text != "" {
				out = append(out, o.Text)
			}
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(o).Objects() {
				walk(c)
			}
		}
	}
	if o != nil {
		walk(o)
	}
	return strings.Join(out, "|")
}
