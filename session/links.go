package session

import (
	"path"

	"github.com/jlaffaye/ftp"
)

// FollowLink says what the symbolic link p points to, as the server sees
// it: a file (with its size) or a folder. Servers follow links for SIZE and
// CWD, so those are asked rather than MLST, which may describe the link
// itself. A link to nothing the server can open is an error.
func (c *Conn) FollowLink(p string) (Entry, error) {
	name := path.Base(p)
	size, err := c.sc.FileSize(p)
	if c.check(err) == nil {
		mod, err := c.ModTime(p)
		if err != nil && !isReply(err) {
			return Entry{}, err
		}
		return Entry{Name: name, Type: File, Size: size, ModTime: mod}, nil
	}
	if !isReply(err) {
		return Entry{}, err
	}
	home, err := c.homeDir()
	if err != nil {
		return Entry{}, err
	}
	if err := c.check(c.sc.ChangeDir(p)); err != nil {
		if replyCode(err) == ftp.StatusFileUnavailable {
			return Entry{}, &brokenLinkError{path: p, err: err}
		}
		return Entry{}, err // another refusal may pass: try again later
	}
	if err := c.check(c.sc.ChangeDir(home)); err != nil {
		c.broken.Store(true)
		return Entry{}, err
	}
	return Entry{Name: name, Type: Dir}, nil
}

// brokenLinkError is a link whose target the server cannot open.
type brokenLinkError struct {
	path string
	err  error
}

func (e *brokenLinkError) Error() string {
	return "the link " + e.path + " points to nothing the server can open (" + describe(e.err) + ")"
}
func (e *brokenLinkError) Unwrap() []error { return []error{ErrNotExist, e.err} }
