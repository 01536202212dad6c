package session

import "github.com/jlaffaye/ftp"

// FollowLink says what the symbolic link p points to, as the server sees
// it: a file (with its size) or a folder. Servers follow links for SIZE and
// CWD, so those are asked rather than MLST, which may describe the link
// itself. A link to nothing the server can open is an error.
func (c *Conn) FollowLink(p string) (Entry, error) {
	e, refused, err := c.probe(p)
	switch {
	case replyCode(refused) == ftp.StatusFileUnavailable:
		return Entry{}, &brokenLinkError{path: p, err: refused}
	case refused != nil:
		return Entry{}, refused // another refusal may pass: try again later
	}
	return e, err
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
