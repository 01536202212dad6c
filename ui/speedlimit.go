package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"ferry/queue"
	"ferry/session"
)

// speedLimitPref is the total transfer speed limit in KiB/s; 0 is none.
const speedLimitPref = "speed.limitKiB"

// askSpeedLimit asks for the limit of all transfers together and applies
// it at once, to running transfers too.
func (w *mainWindow) askSpeedLimit() {
	entry := widget.NewEntry()
	entry.SetPlaceHolder("no limit")
	if kib := w.env.Prefs.Int(speedLimitPref); kib > 0 {
		entry.SetText(strconv.Itoa(kib))
	}
	d := dialog.NewForm("Speed limit", "Set", "Cancel",
		[]*widget.FormItem{{Text: "KiB/s", Widget: entry, HintText: "All transfers together; empty or 0: no limit"}},
		func(ok bool) {
			if !ok {
				return
			}
			kib, err := parseKiB(entry.Text)
			if err != nil {
				showError(w.win, "Could not set the speed limit", err)
				return
			}
			w.setSpeedLimit(kib)
		}, w.win)
	entry.OnSubmitted = func(string) { d.Submit() }
	d.Resize(fyne.NewSize(380, 0))
	d.Show()
	w.win.Canvas().Focus(entry)
}

// setSpeedLimit applies and remembers a limit in KiB/s (0: none).
func (w *mainWindow) setSpeedLimit(kib int) {
	w.env.Prefs.SetInt(speedLimitPref, kib)
	w.env.Queue.SetRateLimit(int64(kib) << 10)
}

// parseKiB reads a whole number of KiB/s; empty is 0.
func parseKiB(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 1<<30 {
		return 0, fmt.Errorf("%q is not a whole number of KiB per second", s)
	}
	return n, nil
}

// applySiteSpeedLimit gives the queue a saved site's own limit, at once.
func applySiteSpeedLimit(q *queue.Queue, site session.Site) {
	if q != nil {
		q.SetSiteRateLimit(session.KeyOf(site), int64(site.SpeedLimitKiB)<<10)
	}
}
