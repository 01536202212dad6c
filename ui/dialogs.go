package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"ferry/internal/units"
	"ferry/queue"
	"ferry/session"
)

// The ask* functions are hooks of the engine: they run on a background
// goroutine, show a dialog on the main one and wait for the answer. They
// must never be called on the main goroutine, which they would block.

// askUntil shows build's dialog in win and waits for the value it sends
// (escape when the user presses Escape), or until ctx ends: then the dialog
// goes away unanswered and ctx's error returns.
func askUntil[T any](ctx context.Context, win fyne.Window, escape T, build func(answer func(T)) dialog.Dialog) (T, error) {
	ch := make(chan T, 1)
	var d dialog.Dialog // set and used on the main goroutine only
	answered := false
	onMain(func() {
		if ctx.Err() != nil {
			return
		}
		send := func(v T) {
			if !answered {
				answered = true
				ch <- v
				d.Hide()
			}
		}
		d = build(send)
		showDialog(win, d, func() { send(escape) })
	})
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		// Not waiting for the main goroutine: it may be the one that ended
		// ctx and now waits for this question to return (closing the window).
		go onMain(func() {
			if d != nil && !answered {
				answered = true
				d.Hide()
			}
		})
		var zero T
		return zero, ctx.Err()
	}
}

// focusOnShow gives a dialog's entry the keyboard once the dialog is up.
type focusOnShow struct {
	dialog.Dialog
	win    fyne.Window
	target fyne.Focusable
}

func (f focusOnShow) Show() {
	f.Dialog.Show()
	f.win.Canvas().Focus(f.target)
}

// wrapped is a label that wraps at a readable width.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// askFileExists shows the file-exists dialog and waits for the answer, or
// until ctx ends (the job paused or removed): then the dialog goes away and
// the file is skipped. Call it from a background goroutine (it is
// queue.Options.Ask), never the main one.
func askFileExists(ctx context.Context, win fyne.Window, q queue.Question) queue.Answer {
	// Escape skips the file: nothing is overwritten.
	skip := queue.Answer{Policy: queue.PolicySkip}
	a, err := askUntil(ctx, win, skip, func(answer func(queue.Answer)) dialog.Dialog {
		target, source := q.Job.Local, q.Job.Remote
		if q.Job.Dir == queue.Upload {
			target, source = q.Job.Remote, q.Job.Local
		}
		all := widget.NewCheck("Apply to all files in the queue", nil)
		choose := func(p queue.Policy) func() {
			return func() { answer(queue.Answer{Policy: p, ApplyToAll: all.Checked}) }
		}
		info := widget.NewForm(
			widget.NewFormItem("Target", wrapped(displayName(target))),
			widget.NewFormItem("", widget.NewLabel(fmt.Sprintf("%s, %s", units.Bytes(q.TargetSize), when(q.TargetTime)))),
			widget.NewFormItem("Source", wrapped(displayName(source))),
			widget.NewFormItem("", widget.NewLabel(fmt.Sprintf("%s, %s", units.Bytes(q.SourceSize), when(q.SourceTime)))),
		)
		overwrite := widget.NewButton("Overwrite", choose(queue.PolicyOverwrite))
		overwrite.Importance = widget.HighImportance
		buttons := container.NewGridWithColumns(3,
			overwrite,
			widget.NewButton("Overwrite if newer", choose(queue.PolicyNewer)),
			widget.NewButton("Resume", choose(queue.PolicyResume)),
			widget.NewButton("Rename", choose(queue.PolicyRename)),
			widget.NewButton("Skip", choose(queue.PolicySkip)),
		)
		body := container.NewVBox(wrapped("The target file already exists. What should Ferry do?"), info, all, buttons)
		d := dialog.NewCustomWithoutButtons("File exists", body, win)
		d.Resize(fyne.NewSize(560, 0))
		return d
	})
	if err != nil {
		return skip
	}
	return a
}

func when(t time.Time) string {
	if t.IsZero() {
		return "time unknown"
	}
	return "modified " + t.Local().Format("2006-01-02 15:04:05")
}

// askTrust shows the certificate dialog and waits. Background goroutine only.
func askTrust(ctx context.Context, win fyne.Window, c session.CertInfo) (session.TrustDecision, error) {
	return askUntil(ctx, win, session.Refuse, func(answer func(session.TrustDecision)) dialog.Dialog {
		always := widget.NewCheck("Always trust this certificate for "+c.HostPort, nil)
		fp := widget.NewLabelWithStyle(c.SHA256, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		fp.Wrapping = fyne.TextWrapBreak
		form := widget.NewForm(
			widget.NewFormItem("Server", widget.NewLabel(c.HostPort)),
			widget.NewFormItem("Subject", wrapped(c.Subject)),
			widget.NewFormItem("Issuer", wrapped(c.Issuer)),
			widget.NewFormItem("Valid", widget.NewLabel(c.NotBefore.Local().Format("2006-01-02")+" to "+c.NotAfter.Local().Format("2006-01-02"))),
			widget.NewFormItem("SHA-256", fp),
		)
		trust := widget.NewButton("Trust", func() {
			if always.Checked {
				answer(session.TrustAlways)
			} else {
				answer(session.TrustOnce)
			}
		})
		refuse := widget.NewButton("Refuse", func() { answer(session.Refuse) })
		refuse.Importance = widget.HighImportance
		body := container.NewVBox(
			wrapped("The server's certificate is not vouched for by a known authority: "+c.Reason+". "+
				"Check the fingerprint with the server's administrator before you trust it."),
			form, always, container.NewGridWithColumns(2, refuse, trust))
		d := dialog.NewCustomWithoutButtons("Unknown certificate", body, win)
		d.Resize(fyne.NewSize(620, 0))
		return d
	})
}

// askPassword asks for a site's password and waits; cancelling the dialog
// is session.ErrNoAnswer. Background goroutine only.
func askPassword(ctx context.Context, win fyne.Window, site session.Site) (string, error) {
	type result struct {
		pw string
		ok bool
	}
	r, err := askUntil(ctx, win, result{}, func(answer func(result)) dialog.Dialog {
		pw := newEscapablePasswordEntry()
		items := []*widget.FormItem{widget.NewFormItem("Password", pw)}
		d := dialog.NewForm(fmt.Sprintf("Password for %s@%s", site.LoginUser(), site.Host), "Connect", "Cancel",
			items, func(ok bool) { answer(result{pw.Text, ok}) }, win)
		pw.OnSubmitted = func(string) { answer(result{pw.Text, true}) }
		d.Resize(fyne.NewSize(420, 0))
		return focusOnShow{Dialog: d, win: win, target: pw}
	})
	if err == nil && !r.ok {
		err = session.ErrNoAnswer
	}
	return r.pw, err
}

// confirmPlain warns before a password goes out in clear and waits.
// Background goroutine only.
func confirmPlain(ctx context.Context, win fyne.Window, site session.Site) (session.PlainDecision, error) {
	return askUntil(ctx, win, session.PlainRefuse, func(answer func(session.PlainDecision)) dialog.Dialog {
		why := "This site uses plain FTP."
		if site.Protocol == session.FTPTLSIfAvailable {
			why = "The server does not offer TLS encryption."
		}
		refuse := widget.NewButton("Cancel", func() { answer(session.PlainRefuse) })
		refuse.Importance = widget.HighImportance
		body := container.NewVBox(
			wrapped(why+" Your password and files would travel unencrypted to "+site.Addr()+
				", readable by anyone on the network path."),
			container.NewGridWithColumns(3,
				refuse,
				widget.NewButton("Send once", func() { answer(session.PlainAllowOnce) }),
				widget.NewButton("Always for this site", func() { answer(session.PlainAllowAlways) })))
		d := dialog.NewCustomWithoutButtons("Send password unencrypted?", body, win)
		d.Resize(fyne.NewSize(520, 0))
		return d
	})
}

// askName asks for one name, prefilled with initial, and calls ok with it
// (spaces trimmed) unless it is empty, unchanged, or the dialog is
// cancelled. Main goroutine only.
func askName(win fyne.Window, title, confirm, initial string, ok func(name string)) {
	entry := newEscapableEntry()
	entry.SetText(initial)
	d := dialog.NewForm(title, confirm, "Cancel", []*widget.FormItem{widget.NewFormItem("Name", entry)},
		func(confirmed bool) {
			name := strings.TrimSpace(entry.Text)
			if confirmed && name != "" && name != initial {
				ok(name)
			}
		}, win)
	entry.OnSubmitted = func(string) { d.Submit() }
	d.Resize(fyne.NewSize(420, 0))
	showDialog(win, d, nil)
	win.Canvas().Focus(entry)
}

// showError shows err as a sentence (session.Describe) titled by action, e.g.
// "Could not connect". Main goroutine only.
func showError(win fyne.Window, action string, err error) {
	d := dialog.NewCustom(action, "OK", wrapped(session.Describe(err)), win)
	d.Resize(fyne.NewSize(480, 0))
	showDialog(win, d, nil)
}
