// Package ui is Ferry's window: two panes, site tabs, the site manager, the
// transfer queue panel, the message log and the dialogs. It drives the
// session and queue packages, which never call back into it except through
// the hooks it registers (certificate, password and file-exists questions).
package ui

import (
	"time"

	"fyne.io/fyne/v2"

	_ "ferry/internal/plainlocale" // before Fyne initialises
	"ferry/queue"
	"ferry/session"
)

// Env is the engine the window drives, shared by every screen.
type Env struct {
	Store   *session.Store
	Keyring session.Keyring
	Trust   *session.TrustStore
	Log     *session.Log
	Queue   *queue.Queue
	Prefs   fyne.Preferences
}

// connOptions are the session hooks for connections made from win: dialogs
// answer the certificate and clear-text questions.
func (e *Env) connOptions(win fyne.Window) session.Options {
	return session.Options{
		DialTimeout: 15 * time.Second,
		IdleTimeout: 30 * time.Second,
		Log:         e.Log,
		Trust:       e.Trust,
		AskTrust:    func(c session.CertInfo) session.TrustDecision { return askTrust(win, c) },
		ConfirmPlain: func(s session.Site) session.PlainDecision {
			return confirmPlain(win, s)
		},
	}
}
