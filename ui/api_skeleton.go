package ui

// This file is the agreed API between the parts of the window; each
// declaration moves into its own file as it is implemented.

import (
	"fyne.io/fyne/v2"

	"ferry/queue"
	"ferry/session"
)

// Options say how the window starts.
type Options struct {
	URL  string // connect to this URL (ftp://, ftpes://, ftps://, site:NAME/path) at start
	Demo bool   // start the built-in demo server and add it as a site
}

// Run opens the main window and blocks until it is closed.
func Run(a fyne.App, opts Options) error { panic("unimplemented") }

// showSiteManager opens the site manager; onConnect is called (on the main
// goroutine) with the site the user chose to connect to.
func showSiteManager(parent fyne.Window, env *Env, onConnect func(session.Site)) {
	panic("unimplemented")
}

// queuePanel is the transfer queue at the bottom of the window.
type queuePanel struct{}

// newQueuePanel builds the panel; it follows env.Queue's snapshots at ~10 Hz.
func newQueuePanel(env *Env, win fyne.Window) *queuePanel { panic("unimplemented") }

// object is the panel's root canvas object.
func (p *queuePanel) object() fyne.CanvasObject { panic("unimplemented") }

// stop ends the panel's snapshot subscription.
func (p *queuePanel) stop() { panic("unimplemented") }

// askFileExists shows the file-exists dialog and waits for the answer. Call it
// from a background goroutine (it is queue.Options.Ask), never the main one.
func askFileExists(win fyne.Window, q queue.Question) queue.Answer { panic("unimplemented") }

// askTrust shows the certificate dialog and waits. Background goroutine only.
func askTrust(win fyne.Window, c session.CertInfo) session.TrustDecision { panic("unimplemented") }

// askPassword asks for a site's password and waits; ok is false on cancel.
// Background goroutine only.
func askPassword(win fyne.Window, site session.Site) (password string, ok bool) {
	panic("unimplemented")
}

// confirmPlain warns before a password goes out in clear and waits.
// Background goroutine only.
func confirmPlain(win fyne.Window, site session.Site) session.PlainDecision {
	panic("unimplemented")
}

// showError shows err as a sentence (session.Describe) titled by action, e.g.
// "Could not connect". Main goroutine only.
func showError(win fyne.Window, action string, err error) { panic("unimplemented") }
