package ui

import (
	"context"
	"errors"
	"os"
	"path"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"ferry/session"
)

// tabTitle names a server tab: a saved site by its name, a quickconnect
// server as user@host:port, so that tabs of one host stay apart.
func tabTitle(store *session.Store, site session.Site) string {
	if saved, ok := store.Get(site.Name); ok && saved.Key() == site.Key() {
		return site.Name
	}
	if site.Logon == session.Anonymous || site.User == "" {
		return site.Addr()
	}
	return site.User + "@" + site.Addr()
}

// tabIcon is a lock for a site whose connection is encrypted: always, or
// this time (secured: TLS if available, and the server had it).
func tabIcon(site session.Site, secured bool) fyne.Resource {
	if secured || site.Protocol == session.ExplicitTLS || site.Protocol == session.ImplicitTLS {
		return theme.NewThemedResource(lockIcon)
	}
	return theme.ComputerIcon()
}

// lockIcon is a padlock in the theme's icon style (Fyne has none).
var lockIcon = &fyne.StaticResource{StaticName: "lock.svg", StaticContent: []byte(
	`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M18 8h-1V6c0-2.76-2.24-5-5-5S7 ` +
		`3.24 7 6v2H6c-1.1 0-2 .9-2 2v10c0 1.1.9 2 2 2h12c1.1 0 2-.9 2-2V10c0-1.1-.9-2-2-2zm-6 9c-1.1 0-2-.9-2-2s.9-2 ` +
		`2-2 2 .9 2 2-.9 2-2 2zm3.1-9H8.9V6c0-1.71 1.39-3.1 3.1-3.1s3.1 1.39 3.1 3.1v2z"/></svg>`)}

// title is the tab's text, with a note when the connection is gone.
func (t *siteTab) title(store *session.Store, note string) string {
	text := tabTitle(store, t.site)
	if note != "" {
		text += " (" + note + ")"
	}
	return text
}

// tabFor is the open tab of the site with key, if any: connecting to a
// site again reuses its tab.
func (w *mainWindow) tabFor(key string) *siteTab {
	for _, t := range w.open {
		if t.key == key {
			return t
		}
	}
	return nil
}

// uploadTo queues an upload of local (a file or folder) into to's folder.
func (w *mainWindow) uploadTo(to *pane, local string) {
	t := w.current()
	if t == nil || t.pane != to {
		return
	}
	w.queueUpload(t, local)
}

// queueUpload queues local (a file or folder) into t's shown folder.
func (w *mainWindow) queueUpload(t *siteTab, local string) {
	fi, err := os.Stat(local)
	if err != nil {
		showError(w.win, "Could not upload "+filepath.Base(local), err)
		return
	}
	if err := w.env.Queue.Upload(t.key, local, path.Join(t.pane.dir, filepath.Base(local)), fi.IsDir()); err != nil {
		showError(w.win, "Could not queue the upload", err)
	}
}

// reuseTab shows a new connection to an open site in its tab (the pane's
// source, the site's pool, stays).
func (w *mainWindow) reuseTab(t *siteTab, site session.Site, dir string, entries []session.Entry) {
	t.site = site
	t.item.Text = t.title(w.env.Store, "")
	t.item.Icon = tabIcon(site, t.pane.src.(remoteSource).pool.Encrypted())
	w.tabs.Select(t.item)
	w.tabs.Refresh()
	t.pane.show(dir, entries)
	w.updateStatus()
}

// connectFailed says in the status line that connecting to site failed
// (never "Connected", which would name another tab's server) and shows why,
// unless the user cancelled it (the connection, or a question it asked).
func (w *mainWindow) connectFailed(site session.Site, err error) {
	if errors.Is(err, context.Canceled) || errors.Is(err, session.ErrNoAnswer) {
		w.status.SetText("Connecting to " + site.Addr() + " was cancelled")
		return
	}
	w.status.SetText("Could not connect to " + tabTitle(w.env.Store, site) + ": " + session.Describe(err))
	showConnectError(w.win, "Could not connect to "+site.Name, err)
}
