package session

import "strings"

// MkdirLater creates one directory as Mkdir does, with its MKD sent with the
// connection's next command (or at Settle), so that folders made one after
// another cost one round trip together; done gets the outcome.
func (c *Conn) MkdirLater(p string, done func(error)) {
	if strings.ContainsAny(p, "\r\n") {
		done(ErrBadCommand)
		return
	}
	if strings.HasSuffix(p, " ") {
		p += "/" // as Mkdir does, for pure-ftpd
	}
	c.sendLater("MKD "+p, func(r Reply, err error) {
		done(c.check(replyError(r, err)))
	})
}
