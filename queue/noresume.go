package queue

import (
	"errors"

	"ferry/session"
)

// isNoResume reports a server that refused REST.
func isNoResume(err error) bool {
	return errors.Is(err, session.ErrNoResume)
}
