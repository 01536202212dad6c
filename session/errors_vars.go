package session

import "errors"

var (
	// ErrNotExist is wrapped by errors about a missing remote path.
	ErrNotExist = errors.New("no such file or directory")
	// ErrNoKeyring means no OS keyring answered.
	ErrNoKeyring = errors.New("no keyring available")
	// ErrNoPassword means the keyring holds no password for the site.
	ErrNoPassword = errors.New("no password stored")
	// ErrCertRefused means the server's certificate was not trusted.
	ErrCertRefused = errors.New("certificate not trusted")
	// ErrPlainRefused means the user declined sending the password in clear.
	ErrPlainRefused = errors.New("sending the password in clear was refused")
	// ErrClosed is returned by a closed Pool.
	ErrClosed = errors.New("connection pool closed")
)
