package session

import (
	"context"
	"errors"
	"fmt"
)

// PasswordFrom says where a password was found.
type PasswordFrom int

const (
	// NoPassword: none was found (anonymous logins need none).
	NoPassword PasswordFrom = iota
	// FromSite: the site carried it (a URL, or typed in a form).
	FromSite
	// FromEnv: $FERRY_PASSWORD.
	FromEnv
	// FromKeyring: the OS keyring.
	FromKeyring
	// FromSitesFile: the sites file, where the person chose to store it.
	FromSitesFile
	// FromQuestion: the person answered the password question.
	FromQuestion
)

// Password finds site's password, in one order everywhere: the site itself
// (a URL, or what the person just typed), $FERRY_PASSWORD, the keyring, the
// sites file, and last a question to the person (which ctx can abandon).
func (m *Manager) Password(ctx context.Context, site Site) (string, error) {
	pw, _, err := m.FindPassword(ctx, site)
	return pw, err
}

// FindPassword is Password, also saying where the password came from.
func (m *Manager) FindPassword(ctx context.Context, site Site) (string, PasswordFrom, error) {
	return m.findPassword(ctx, site, m.opts.Ask)
}

func (m *Manager) findPassword(ctx context.Context, site Site, ask Questions) (string, PasswordFrom, error) {
	if site.Logon == Anonymous || site.User == "" {
		return "", NoPassword, nil
	}
	if site.Password != "" {
		return site.Password, FromSite, nil
	}
	if pw := m.getenv("FERRY_PASSWORD"); pw != "" {
		return pw, FromEnv, nil
	}
	if site.Logon == Normal {
		if pw, ok := m.keyringPassword(site); ok {
			return pw, FromKeyring, nil
		}
		if site.SavedPassword != "" {
			return site.SavedPassword, FromSitesFile, nil
		}
	}
	if ask == nil {
		return "", NoPassword, fmt.Errorf("%w for %s@%s", ErrNoPassword, site.LoginUser(), site.Host)
	}
	pw, err := ask.Password(ctx, site)
	if err == nil && pw == "" {
		err = ErrNoAnswer
	}
	return pw, FromQuestion, err
}

// PasswordKey is the name of site's keyring entry: its ID for a saved site,
// so that editing the site keeps the password and a duplicate has its own;
// its address for any other.
func PasswordKey(site Site) string {
	if site.ID != "" {
		return "site-id:" + site.ID
	}
	return site.Key()
}

// keyringPassword reads site's keyring entry. A saved site whose password
// was stored under its address (before sites had IDs) gets a copy under its
// ID; the old entry stays, as another site may share that address.
func (m *Manager) keyringPassword(site Site) (string, bool) {
	if m.keyring == nil {
		return "", false
	}
	if pw, err := m.keyring.Get(PasswordKey(site)); err == nil {
		return pw, true
	}
	if site.ID == "" {
		return "", false
	}
	pw, err := m.keyring.Get(site.Key())
	if err != nil {
		return "", false
	}
	m.keyring.Set(PasswordKey(site), pw) // best effort: the old entry still answers
	return pw, true
}

// SavePassword stores site's password in the keyring. Without a keyring it
// returns an error wrapping ErrNoKeyring; the caller may offer to keep the
// password in the sites file instead (Site.SavedPassword).
func (m *Manager) SavePassword(site Site, pw string) error {
	if m.keyring == nil {
		return ErrNoKeyring
	}
	return m.keyring.Set(PasswordKey(site), pw)
}

// ForgetPassword removes site's own keyring entry, never another site's.
func (m *Manager) ForgetPassword(site Site) error {
	if m.keyring == nil {
		return nil
	}
	err := m.keyring.Delete(PasswordKey(site))
	if errors.Is(err, ErrNoPassword) {
		return nil
	}
	return err
}
