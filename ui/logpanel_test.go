package ui

import (
	"testing"

	"ferry/session"
)

func TestTheLogShowsTheNewestLineAfterBeingHiddenAndShownAgain(t *testing.T) {
	w := testWindow(t, 0)
	for i := range 300 {
		w.env.Log.Add(1, session.LogStatus, "line_with_underscores_"+string(rune('a'+i%26)))
	}
	waitFor(t, func() bool { return len(w.log.lines) >= 300 })
	inUI(func() {
		w.log.list.ScrollToTop()
		w.viewLog.Action() // hide
		w.viewLog.Action() // show
		w.win.Content().Refresh()
	})
	inUI(func() {
		if off := w.log.list.GetScrollOffset(); off <= 0 {
			t.Fatalf("the log is at offset %v, not at its newest line", off)
		}
	})
}
