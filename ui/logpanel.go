package ui

import (
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ferry/internal/printable"
	"ferry/session"
)

// logPanel shows the message log. New lines are batched and drawn at most
// about five times a second; with nothing logged it does no work at all.
type logPanel struct {
	list   *widget.List
	lines  []session.LogLine
	cancel func()

	mu      sync.Mutex
	pending []session.LogLine
	timer   *time.Timer
	closed  bool // the window closed: a flush on its way draws nothing
}

const logKeep = 5000

func newLogPanel(log *session.Log) *logPanel {
	p := &logPanel{lines: log.Lines()}
	p.list = widget.NewList(
		func() int { return len(p.shown()) },
		func() fyne.CanvasObject {
			t := canvas.NewText("", theme.Color(theme.ColorNameForeground))
			t.TextStyle.Monospace = true
			t.TextSize = theme.TextSize() - 1
			// Room above and below the line, so that the list's row
			// separators never cover underscores and descenders.
			return container.New(layout.NewCustomPaddedLayout(2, 2, 0, 0), t)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			t := o.(*fyne.Container).Objects[0].(*canvas.Text)
			shown := p.shown()
			if id >= len(shown) {
				return
			}
			l := shown[id]
			t.Text = logText(l)
			t.Color = theme.Color(logColor(l.Kind))
			t.Refresh()
		})
	ch, unsubscribe := log.Subscribe()
	p.cancel = func() {
		unsubscribe()
		p.mu.Lock()
		p.closed = true
		if p.timer != nil {
			p.timer.Stop()
		}
		p.mu.Unlock()
	}
	go func() {
		for l := range ch {
			p.mu.Lock()
			p.pending = appendKept(p.pending, l)
			if p.timer == nil {
				p.timer = time.AfterFunc(200*time.Millisecond, p.flush)
			}
			p.mu.Unlock()
		}
	}()
	return p
}

func (p *logPanel) flush() {
	p.mu.Lock()
	batch := p.pending
	p.pending, p.timer = nil, nil
	p.mu.Unlock()
	onMain(func() {
		p.mu.Lock()
		closed := p.closed
		p.mu.Unlock()
		if closed {
			return
		}
		for _, l := range batch {
			p.lines = appendKept(p.lines, l)
		}
		p.list.Refresh()
		p.list.ScrollToBottom()
	})
}

// appendKept appends l to lines and drops the oldest ones once there are
// twice logKeep, moving the newest logKeep down in place: a busy queue logs
// thousands of lines a second, and copying the log for each batch was the
// window's biggest source of garbage.
func appendKept(lines []session.LogLine, l session.LogLine) []session.LogLine {
	if len(lines) >= 2*logKeep {
		lines = lines[:copy(lines, lines[len(lines)-logKeep:])]
	}
	return append(lines, l)
}

// shown is the part of lines the list shows: the newest logKeep.
func (p *logPanel) shown() []session.LogLine {
	return p.lines[max(0, len(p.lines)-logKeep):]
}

// scrollToEnd shows the newest line (after the log was hidden and shown
// again, the list would otherwise stay where it was).
func (p *logPanel) scrollToEnd() { p.list.ScrollToBottom() }

func logText(l session.LogLine) string {
	prefix := map[session.LogKind]string{
		session.LogCommand: "Command:",
		session.LogReply:   "Response:",
		session.LogStatus:  "Status:",
		session.LogError:   "Error:",
	}[l.Kind]
	conn := ""
	if l.Conn > 0 {
		conn = "#" + strconv.Itoa(l.Conn) + " "
	}
	return l.Time.Format("15:04:05") + "  " + conn + prefix + "  " + printable.Text(l.Text)
}

func logColor(k session.LogKind) fyne.ThemeColorName {
	switch k {
	case session.LogCommand:
		return theme.ColorNamePrimary
	case session.LogError:
		return theme.ColorNameError
	case session.LogReply:
		return theme.ColorNameSuccess
	}
	return theme.ColorNameForeground
}
