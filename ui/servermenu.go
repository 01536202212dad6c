package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// serverMenu is the main menu's Server menu: commands for the server of
// the current tab.
func (w *mainWindow) serverMenu() *fyne.Menu {
	onCurrent := func(fn func(*pane)) func() {
		return func() {
			if t := w.current(); t != nil {
				fn(t.pane)
			} else {
				showDialog(w.win, dialog.NewInformation("No server", "Connect to a server first.", w.win), nil)
			}
		}
	}
	return fyne.NewMenu("Server",
		fyne.NewMenuItem("Enter custom command…", onCurrent((*pane).showCustomCommand)),
		fyne.NewMenuItem("File permissions…", onCurrent((*pane).showPermissions)),
	)
}

// verifyItem is the app-wide "Verify transfers" choice (sites can also ask
// for it in the site manager), remembered across runs.
func (w *mainWindow) verifyItem() *fyne.MenuItem {
	it := fyne.NewMenuItem("Verify transfers (checksums)", nil)
	it.Checked = w.env.Prefs.Bool("transfer.verify")
	w.env.Queue.SetVerify(it.Checked)
	it.Action = func() {
		it.Checked = !it.Checked
		w.env.Prefs.SetBool("transfer.verify", it.Checked)
		w.env.Queue.SetVerify(it.Checked)
		if m := w.win.MainMenu(); m != nil {
			m.Refresh()
		}
	}
	return it
}
