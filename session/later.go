package session

import (
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"slices"
	"strings"
	"sync"
	"time"
)

// Setting an uploaded file's time costs a round trip of its own (MFMT or
// MDTM), a quarter of a small file's time on a real network. It is sent
// later instead: written together with the connection's next command, its
// reply read just before that command's. Servers read commands as a stream,
// one line at a time, so two in one packet are two commands; what changes
// is only that the client does not wait in between.

// laterCommand is a command sent with the next one, and what to do with
// its reply.
type laterCommand struct {
	line  string
	reply func(Reply, error)
	// whenever: nothing waits for it, so Settle leaves it for the next
	// command (the way back after a listing).
	whenever bool
}

// laterConn is the control connection's writing end: every write, the
// library's and Ferry's, first carries the commands waiting to be sent.
type laterConn struct {
	net.Conn

	mu      sync.Mutex
	waiting []laterCommand // to send with the next write
	sent    []laterCommand // sent; their replies come before the next one
}

func (l *laterConn) Write(b []byte) (int, error) {
	l.mu.Lock()
	if len(l.waiting) == 0 {
		l.mu.Unlock()
		return l.Conn.Write(b)
	}
	var buf []byte
	for _, cmd := range l.waiting {
		buf = append(buf, cmd.line...)
		buf = append(buf, "\r\n"...)
	}
	l.sent = append(l.sent, l.waiting...)
	l.waiting = nil
	l.mu.Unlock()
	if _, err := l.Conn.Write(append(buf, b...)); err != nil {
		l.fail(err) // no reply will be read
		return 0, err
	}
	return len(b), nil
}

// sendLater sends line with the connection's next command, and reply gets
// its answer; for a site that wants one command at a time, it is sent and
// answered now.
func (c *Conn) sendLater(line string, reply func(Reply, error)) {
	if c.site.OneCommandAtATime {
		r, err := c.raw(line)
		reply(r, err)
		return
	}
	c.later.later(line, reply)
}

// sendWhenever sends line with the connection's next command, whenever
// that is: unlike sendLater, Settle does not send it, and a connection
// closed first never sends it. For commands nothing depends on until then.
func (c *Conn) sendWhenever(line string, reply func(Reply, error)) {
	if c.site.OneCommandAtATime {
		r, err := c.raw(line)
		reply(r, err)
		return
	}
	c.later.add(laterCommand{line: line, reply: reply, whenever: true})
}

// later queues line to be sent with the next command.
func (l *laterConn) later(line string, reply func(Reply, error)) {
	l.add(laterCommand{line: line, reply: reply})
}

func (l *laterConn) add(cmd laterCommand) {
	l.mu.Lock()
	l.waiting = append(l.waiting, cmd)
	l.mu.Unlock()
}

// readSent reads the replies of the commands sent with the last write,
// before that write's own reply is read.
func (c *Conn) readSent() error {
	l := c.later
	if l == nil {
		return nil
	}
	l.mu.Lock()
	sent := l.sent
	l.sent = nil
	l.mu.Unlock()
	for i, cmd := range sent {
		r, err := c.readFinal()
		cmd.reply(r, err)
		if err != nil {
			for _, rest := range sent[i+1:] {
				rest.reply(Reply{}, err)
			}
			return err
		}
	}
	return nil
}

// Settle sends the commands waiting for a next one now (not those sent
// whenever), and reads their replies: before the connection goes idle or
// is closed.
func (c *Conn) Settle() error {
	l := c.later
	if l == nil {
		return nil
	}
	l.mu.Lock()
	waiting := slices.ContainsFunc(l.waiting, func(cmd laterCommand) bool { return !cmd.whenever })
	l.mu.Unlock()
	if !waiting {
		return nil
	}
	if c.broken.Load() {
		l.fail(errLostBeforeSent)
		return errLostBeforeSent
	}
	if _, err := l.Write(nil); err != nil {
		return c.check(err)
	}
	return c.check(c.readSent())
}

var errLostBeforeSent = errors.New("the connection was lost before the command was sent")

// fail answers every command not yet answered with err.
func (l *laterConn) fail(err error) {
	l.mu.Lock()
	cmds := append(l.sent, l.waiting...)
	l.sent, l.waiting = nil, nil
	l.mu.Unlock()
	for _, cmd := range cmds {
		cmd.reply(Reply{}, err)
	}
}

// SetModTimeLater sets the server file's time as SetModTime does, sent with
// the connection's next command (or at Settle); done gets the outcome.
func (c *Conn) SetModTimeLater(p string, t time.Time, done func(error)) {
	if strings.ContainsAny(p, "\r\n") {
		done(ErrBadCommand)
		return
	}
	stamp := t.UTC().Format("20060102150405")
	if c.Feature("MFMT") {
		c.sendLater(fmt.Sprintf("MFMT %s %s", stamp, p), func(r Reply, err error) {
			done(notFound(p, replyError(r, err)))
		})
		return
	}
	if c.noMDTMSet {
		done(ErrSetTimeUnsupported)
		return
	}
	c.sendLater(fmt.Sprintf("MDTM %s %s", stamp, p), func(r Reply, err error) {
		done(c.mdtmSetResult(replyError(r, err)))
	})
}

// replyError turns a reply other than 2xx into an error, as rawOK does.
func replyError(r Reply, err error) error {
	if err == nil && (r.Code < 200 || r.Code > 299) {
		return &textproto.Error{Code: r.Code, Msg: r.Message}
	}
	return err
}
