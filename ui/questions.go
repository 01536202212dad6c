package ui

import (
	"context"

	"fyne.io/fyne/v2"

	"ferry/session"
)

// windowQuestions answers the engine's questions with dialogs on win. A
// dialog goes away, unanswered, when the question's context ends or the
// window closes (closing ends).
type windowQuestions struct {
	win     fyne.Window
	closing context.Context
}

// until is ctx, ended also when the window closes.
func (q windowQuestions) until(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	if q.closing != nil {
		stop := context.AfterFunc(q.closing, cancel)
		return ctx, func() { stop(); cancel() }
	}
	return ctx, cancel
}

// Password shows the password dialog.
func (q windowQuestions) Password(ctx context.Context, site session.Site) (string, error) {
	ctx, cancel := q.until(ctx)
	defer cancel()
	return askPassword(ctx, q.win, site)
}

// Certificate shows the certificate dialog.
func (q windowQuestions) Certificate(ctx context.Context, c session.CertInfo) (session.TrustDecision, error) {
	ctx, cancel := q.until(ctx)
	defer cancel()
	return askTrust(ctx, q.win, c)
}

// ClearText shows the clear-text warning.
func (q windowQuestions) ClearText(ctx context.Context, site session.Site) (session.PlainDecision, error) {
	ctx, cancel := q.until(ctx)
	defer cancel()
	return confirmPlain(ctx, q.win, site)
}
