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

func TestTheLogPanelKeepsTheNewestLinesWithoutGrowing(t *testing.T) {
	p := &logPanel{}
	total := 3*logKeep + 7
	for i := range total {
		p.lines = appendKept(p.lines, session.LogLine{Conn: i})
	}
	shown := p.shown()
	if len(shown) != logKeep || shown[0].Conn != total-logKeep || shown[logKeep-1].Conn != total-1 {
		t.Fatalf("shown %d lines from #%d to #%d, want the last %d", len(shown), shown[0].Conn, shown[len(shown)-1].Conn, logKeep)
	}
	if cap(p.lines) > 3*logKeep {
		t.Fatalf("the kept lines take room for %d", cap(p.lines))
	}
}
