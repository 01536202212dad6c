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
	Store    *session.Store
	Keyring  session.Keyring
	Trust    *session.TrustStore
	Log      *session.Log
	Queue    *queue.Queue
	Prefs    fyne.Preferences
	Sessions *session.Manager // every connection, for tabs, transfers and tests alike
}

// startSessions makes the session manager; ask answers its questions and
// notify hears its remarks (on a background goroutine).
func (e *Env) startSessions(ask session.Questions, notify func(string)) {
	e.Sessions = session.NewManager(session.ManagerOptions{
		Options: session.Options{
			DialTimeout: 15 * time.Second,
			IdleTimeout: 30 * time.Second,
			Log:         e.Log,
			Trust:       e.Trust,
			Ask:         ask,
			// Read at each connection: a changed setting applies at once.
			ActiveDefaults: activeDefaults(e.Prefs),
		},
		Store:   e.Store,
		Keyring: e.Keyring,
		Notify:  notify,
	})
}
