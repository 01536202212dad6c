package queue

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"ferry/internal/printable"
	"ferry/session"
)

// localError is a failure of the local disk (no space, no permission). It
// is permanent: retrying would only repeat it.
type localError struct {
	verb string // "write", "read", "create", "rename" ...
	path string
	err  error
}

func (e *localError) Error() string {
	cause := e.err
	var pe *fs.PathError
	if errors.As(cause, &pe) {
		cause = pe.Err // the path is already in the sentence
	}
	var le *os.LinkError
	if errors.As(cause, &le) {
		cause = le.Err
	}
	return fmt.Sprintf("Could not %s %s: %v.", e.verb, printable.Name(e.path), cause)
}

func (e *localError) Unwrap() error { return e.err }

func localErr(verb, path string, err error) error {
	if err == nil {
		return nil
	}
	return &localError{verb: verb, path: path, err: err}
}

// policyError is a refusal by the file-exists policy, e.g. a target that
// differs from the source. It is permanent.
type policyError struct{ msg string }

func (e *policyError) Error() string { return e.msg }

// sizeMismatchError is a download whose byte count does not match the size
// the server announced. It is retried: the next attempt asks the size again.
type sizeMismatchError struct {
	name      string
	got, want int64
}

func (e *sizeMismatchError) Error() string {
	return fmt.Sprintf("Received %d bytes of %s but the server announced %d; the file was kept as a partial download.",
		e.got, printable.Name(e.name), e.want)
}

// changedError is a local file that changed while it was uploaded: what
// the server holds is not the file. It is permanent: a file still being
// written would change again.
type changedError struct {
	path      string
	size, now int64 // planned size, size when the change was seen
}

func (e *changedError) Error() string {
	return fmt.Sprintf("%s changed while it was uploaded (%d bytes when the upload began, %d now), so the copy on the server is not complete; upload it again once it stops changing.",
		printable.Name(e.path), e.size, e.now)
}

// cutError is a transfer that stopped after the server accepted it: a
// dropped data connection, whatever reply code came with it. It is retried.
type cutError struct{ err error }

func (e *cutError) Error() string { return e.err.Error() }
func (e *cutError) Unwrap() error { return e.err }

// connectError is a failure to get a connection (dial, TLS, login).
type connectError struct{ err error }

func (e *connectError) Error() string { return e.err.Error() }
func (e *connectError) Unwrap() error { return e.err }

func isLocal(err error) bool {
	var le *localError
	return errors.As(err, &le)
}

// isPermanent reports a failure retrying cannot fix.
func isPermanent(err error) bool {
	var (
		pe *policyError
		ce *cutError
		ch *changedError
	)
	if errors.As(err, &ce) {
		return false
	}
	return isLocal(err) || errors.As(err, &pe) || errors.As(err, &ch) ||
		errors.Is(err, session.ErrNotExist) || session.IsPermanent(err)
}

// describe is the sentence shown for a failed job.
func describe(err error) string {
	var (
		le *localError
		pe *policyError
		se *sizeMismatchError
		ch *changedError
	)
	switch {
	case errors.As(err, &ch):
		return ch.Error()
	case errors.As(err, &le):
		return le.Error()
	case errors.As(err, &pe):
		return printable.Text(pe.Error())
	case errors.As(err, &se):
		return se.Error()
	}
	return session.Describe(err)
}
