package session

import (
	"errors"

	"github.com/zalando/go-keyring"
)

// Keyring stores passwords outside the sites file.
type Keyring interface {
	Get(siteKey string) (string, error) // ErrNoPassword when none stored
	Set(siteKey, password string) error
	Delete(siteKey string) error
}

// keyringService names Ferry's entries in the OS keyring.
const keyringService = "ferry"

// SystemKeyring is the OS keyring (Secret Service, Keychain, Credential
// Manager). Its methods return ErrNoKeyring when none answers.
func SystemKeyring() Keyring { return systemKeyring{} }

type systemKeyring struct{}

func (systemKeyring) Get(siteKey string) (string, error) {
	pw, err := keyring.Get(keyringService, siteKey)
	return pw, keyringErr(err)
}

func (systemKeyring) Set(siteKey, password string) error {
	return keyringErr(keyring.Set(keyringService, siteKey, password))
}

func (systemKeyring) Delete(siteKey string) error {
	err := keyringErr(keyring.Delete(keyringService, siteKey))
	if errors.Is(err, ErrNoPassword) {
		return nil
	}
	return err
}

func keyringErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrNotFound):
		return ErrNoPassword
	}
	return errors.Join(ErrNoKeyring, err)
}
