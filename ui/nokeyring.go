package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"ferry/session"
)

// Without a keyring, where passwords go is asked once and remembered:
// "ask" (asked at every connect, kept in memory) or "file" (the sites file).
const withoutKeyringPref = "passwords.withoutKeyring"

// unsavedPassword is a password the keyring could not take.
type unsavedPassword struct {
	site session.Site
	pw   string
}

// withoutKeyring keeps passwords the keyring refused as the user chose: the
// first time, it says that there is no keyring and asks.
func (m *siteManager) withoutKeyring(pending []unsavedPassword) {
	var choice string
	if m.env.Prefs != nil {
		choice = m.env.Prefs.String(withoutKeyringPref)
	}
	if choice != "" {
		m.keepPasswords(choice, pending)
		return
	}
	var d dialog.Dialog
	choose := func(c string) func() {
		return func() {
			d.Hide()
			if m.env.Prefs != nil {
				m.env.Prefs.SetString(withoutKeyringPref, c)
			}
			m.keepPasswords(c, pending)
		}
	}
	ask := widget.NewButton("Ask every time", choose("ask"))
	ask.Importance = widget.HighImportance
	body := container.NewVBox(
		wrapped("No password keyring (such as GNOME Keyring or KWallet) is available on this computer, so "+
			"Ferry cannot keep passwords safely. Where should it keep them? You are asked this once."),
		ask,
		widget.NewButton("Store in the sites file (readable by anyone with your account)", choose("file")))
	d = dialog.NewCustomWithoutButtons("No keyring", body, m.win)
	d.Resize(fyne.NewSize(520, 0))
	// Escape keeps the passwords off the disk this time and asks again
	// next time.
	showDialog(m.win, d, func() {
		d.Hide()
		m.keepPasswords("ask", pending)
	})
}

// keepPasswords applies choice to pending passwords.
func (m *siteManager) keepPasswords(choice string, pending []unsavedPassword) {
	if choice == "file" {
		for _, p := range pending {
			site, ok := m.env.Store.Get(p.site.Name)
			if !ok {
				continue
			}
			site.SavedPassword = p.pw
			if err := m.env.Store.Put(site); err != nil {
				showError(m.win, "Could not save the password", err)
				return
			}
		}
	}
	if site, ok := m.env.Store.Get(m.current); ok {
		m.password.SetPlaceHolder(m.passwordHint(site))
	}
}

// passwordHint says where the site's password is, for the empty field.
func (m *siteManager) passwordHint(site session.Site) string {
	switch site.Logon {
	case session.Anonymous:
		return "not needed"
	case session.AskPassword:
		return "asked at every connect"
	}
	if site.Name == "" {
		return "stored in the keyring, if there is one"
	}
	_, err := m.env.Keyring.Get(session.PasswordKey(site))
	switch {
	case err == nil:
		return "stored in the keyring"
	case site.SavedPassword != "":
		return "stored in the sites file"
	case errors.Is(err, session.ErrNoKeyring):
		return "no keyring: asked at connect"
	}
	return "not stored: asked at connect"
}
