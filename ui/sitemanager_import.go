package ui

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"ferry/session"
)

// importFileZilla asks for FileZilla's sitemanager.xml and adds its sites.
func (m *siteManager) importFileZilla() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			showError(m.win, "Could not open the file", err)
			return
		}
		if r == nil {
			return
		}
		defer r.Close()
		msg, err := m.importFrom(r)
		if err != nil {
			showError(m.win, "Could not import", err)
			return
		}
		showDialog(m.win, dialog.NewInformation("Imported from FileZilla", msg, m.win), nil)
	}, m.win)
	d.Resize(fyne.NewSize(760, 520))
	showDialog(m.win, d, nil)
}

// importFrom adds the sites of a sitemanager.xml and says what it did.
func (m *siteManager) importFrom(r io.Reader) (string, error) {
	sites, skipped, err := session.ImportFileZilla(r)
	if err != nil {
		return "", err
	}
	var noKeyring []unsavedPassword
	for _, in := range sites {
		site := in.Site
		site.Name = freeName(m.env.Store, site.Name)
		if err := m.env.Store.Put(site); err != nil {
			return "", err
		}
		site, _ = m.env.Store.Get(site.Name) // with its ID
		if in.Password != "" && site.Logon == session.Normal {
			if err := m.env.Keyring.Set(session.PasswordKey(site), in.Password); errors.Is(err, session.ErrNoKeyring) {
				noKeyring = append(noKeyring, unsavedPassword{site: site, pw: in.Password})
			} else if err != nil {
				return "", err
			}
		}
	}
	m.tree.Refresh()
	m.tree.OpenAllBranches()
	msg := fmt.Sprintf("Imported %s.", plural(len(sites), "site"))
	if len(skipped) > 0 {
		msg += fmt.Sprintf(" Skipped %s that Ferry cannot connect to (SFTP): %s.", plural(len(skipped), "site"), strings.Join(skipped, ", "))
	}
	if len(noKeyring) > 0 {
		msg += fmt.Sprintf(" No keyring is available for %s: Ferry keeps them as you choose.", plural(len(noKeyring), "password"))
		m.withoutKeyring(noKeyring)
	}
	return msg, nil
}
