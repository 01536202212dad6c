package ui

import (
	"runtime/debug"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
)

// Version is Ferry's version, set at build time by the Makefile
// (-ldflags "-X ferry/ui.Version=…"); empty in a plain "go build".
var Version string

// versionText is the version for the About box: the release, or the commit
// of a development build.
func versionText() string {
	if Version != "" {
		return Version
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 7 {
				return "development build " + s.Value[:7]
			}
		}
	}
	return "development build"
}

// ctrl is Ctrl+key (Cmd on macOS). Main-menu shortcuts work whatever has
// the keyboard, text fields included.
func ctrl(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

// mainMenu builds the window's menu bar. Other screens add their entries
// to the menu of their subject.
func (w *mainWindow) mainMenu() *fyne.MainMenu {
	item := func(label string, sc fyne.Shortcut, fn func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, fn)
		it.Shortcut = sc
		return it
	}
	quit := item("Quit", ctrl(fyne.KeyQ), w.app.Quit)
	quit.IsQuit = true
	file := fyne.NewMenu("File",
		item("Site manager…", ctrl(fyne.KeyS), w.showSiteManager),
		item("Quickconnect", nil, w.focusQuickconnect),
		fyne.NewMenuItemSeparator(),
		item("Reconnect", ctrl(fyne.KeyR), w.reconnect),
		item("Disconnect", nil, w.disconnect),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	transfer := fyne.NewMenu("Transfer",
		item("Pause all", nil, w.env.Queue.PauseAll),
		item("Resume all", nil, w.env.Queue.ResumeAll),
		item("Clear finished", nil, w.env.Queue.ClearFinished),
		fyne.NewMenuItemSeparator(),
		item("Speed limit…", nil, w.askSpeedLimit),
		item("Segmented downloads…", nil, w.askSegmentThreshold),
		fyne.NewMenuItemSeparator(),
		w.verifyItem(),
		item("Active mode…", nil, w.showActiveSettings),
		fyne.NewMenuItemSeparator(),
		item("Synchronize…", nil, w.showSyncDialog),
		item("Schedules…", nil, w.showSchedules),
	)
	w.viewLog = w.toggle("Message log", &w.showLog, func() {
		w.layoutCenter()
		if w.showLog {
			w.log.scrollToEnd()
		}
	})
	w.viewQueue = w.toggle("Transfer queue", &w.showQ, w.layoutCenter)
	w.viewHidden = w.toggle("Hidden files", &w.hidden, w.applyView)
	w.viewCompact = w.toggle("Compact rows", &w.compact, w.applyView)
	w.viewCompare = w.toggle("Compare folders", &w.comparing, w.applyCompare)
	view := fyne.NewMenu("View",
		w.viewLog, w.viewQueue, fyne.NewMenuItemSeparator(),
		w.viewHidden, w.viewCompact, w.viewCompare, fyne.NewMenuItemSeparator(),
		item("Refresh", nil, w.refreshAll),
	)
	help := fyne.NewMenu("Help", item("About Ferry", nil, w.showAbout))
	return fyne.NewMainMenu(file, w.serverMenu(), transfer, view, help)
}

// toggle is a checked menu item over flag; then runs after each change.
func (w *mainWindow) toggle(label string, flag *bool, then func()) *fyne.MenuItem {
	it := fyne.NewMenuItem(label, nil)
	it.Checked = *flag
	it.Action = func() {
		*flag = !*flag
		it.Checked = *flag
		if m := w.win.MainMenu(); m != nil {
			m.Refresh()
		}
		then()
	}
	return it
}

// applyView applies the hidden-files and row-density choices to every pane.
func (w *mainWindow) applyView() {
	w.env.Prefs.SetBool("view.hidden", w.hidden)
	w.env.Prefs.SetBool("view.compact", w.compact)
	for _, p := range w.allPanes() {
		if p.hidden != w.hidden {
			p.setHidden(w.hidden)
		}
		if p.compact != w.compact {
			p.setCompact(w.compact)
		}
	}
}

// allPanes is the local pane and the pane of every tab.
func (w *mainWindow) allPanes() []*pane {
	out := []*pane{w.local}
	for _, t := range w.open {
		out = append(out, t.pane)
	}
	return out
}

func (w *mainWindow) showSiteManager() { showSiteManager(w.win, w.env, w.connect) }

func (w *mainWindow) focusQuickconnect() { w.win.Canvas().Focus(w.qc.host) }

func (w *mainWindow) showAbout() {
	body := wrapped("Ferry " + versionText() + "\n\nAn FTP and FTPS client: two panes, a transfer queue " +
		"that resumes, and the same engine on the command line.")
	d := dialog.NewCustom("About Ferry", "Close", body, w.win)
	d.Resize(fyne.NewSize(420, 0))
	showDialog(w.win, d, nil)
}

// switchPane gives the keyboard to the other pane (Tab in a list).
func (w *mainWindow) switchPane(from *pane) {
	to := w.local
	if from == w.local {
		t := w.current()
		if t == nil {
			return
		}
		to = t.pane
	}
	to.table.focus()
	if to.sel.count() == 0 && len(to.rows) > 0 {
		to.click(0, false, false)
	}
}

// wireKeys sends keys to the active pane when nothing has the keyboard,
// Escape and every other key to the dialog on top when one is up, and
// Fyne's select-all shortcut (Ctrl+A) to the active pane's list.
func (w *mainWindow) wireKeys() {
	c := w.win.Canvas()
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		if c.Overlays().Top() != nil { // a dialog or a menu is up
			if k.Name == fyne.KeyEscape {
				dismissTop(c)
			}
			return
		}
		if w.active != nil {
			w.active.typedKey(k, false)
		}
	})
	c.AddShortcut(&fyne.ShortcutSelectAll{}, func(fyne.Shortcut) {
		if w.active != nil && c.Overlays().Top() == nil {
			w.active.selectAll()
		}
	})
}
