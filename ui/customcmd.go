package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"ferry/session"
)

// showCustomCommand is "Enter custom command…": one raw command on the
// browsing connection; the command and the reply appear in the message log
// (the control channel's tap), as in FileZilla.
func (p *pane) showCustomCommand() {
	r, ok := p.src.(remoteSource)
	if !ok {
		return
	}
	entry := newEscapableEntry()
	entry.SetPlaceHolder("e.g. SITE HELP")
	d := dialog.NewForm("Enter custom command", "Send", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("Command", entry)},
		func(ok bool) {
			command := strings.TrimSpace(entry.Text)
			if !ok || command == "" {
				return
			}
			p.sendCommand(r.pool, command)
		}, p.win)
	entry.OnSubmitted = func(string) { d.Submit() }
	d.Resize(fyne.NewSize(480, 0))
	showDialog(p.win, d, nil)
	p.win.Canvas().Focus(entry)
}

// sendCommand sends command off the main goroutine. Any reply, a refusal
// too, is the server's answer and the log shows it; the listing is left as
// it is, so the reply stays in view. Only a failure to send is an error.
func (p *pane) sendCommand(pool *session.Pool, command string) {
	if strings.ContainsAny(command, "\r\n") {
		p.onError("Could not send the command", session.ErrBadCommand)
		return
	}
	go func() {
		err := pool.Browse(context.Background(), func(c *session.Conn) error {
			_, err := c.Quote(context.Background(), command)
			return err
		})
		if err != nil {
			onMain(func() { p.onError("The command failed", err) })
		}
	}()
}
