package session

import (
	"bytes"
	"crypto/tls"
	"io"
	"net"
	"strings"
	"sync"
	"time"
)

// idleConn gives every read and write its own deadline, so that a server
// that stops answering fails the operation instead of hanging it forever.
// During dial and login a hard deadline caps the whole exchange as well.
type idleConn struct {
	net.Conn
	idle time.Duration

	mu   sync.Mutex
	hard time.Time // zero: none
}

func (c *idleConn) deadline() time.Time {
	d := time.Now().Add(c.idle)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.hard.IsZero() && c.hard.Before(d) {
		return c.hard
	}
	return d
}

func (c *idleConn) setHard(t time.Time) {
	c.mu.Lock()
	c.hard = t
	c.mu.Unlock()
	// A blocked Read or Write picks up the new limit at once.
	if !t.IsZero() {
		c.Conn.SetDeadline(t)
	}
}

func (c *idleConn) Read(b []byte) (int, error) {
	c.Conn.SetReadDeadline(c.deadline())
	return c.Conn.Read(b)
}

func (c *idleConn) Write(b []byte) (int, error) {
	c.Conn.SetWriteDeadline(c.deadline())
	return c.Conn.Write(b)
}

// logConn copies the control channel into the message log: what is written
// is commands, what is read is replies, split into lines. Password arguments
// are masked. Listing data travels on data connections and never passes here.
type logConn struct {
	net.Conn
	log  *Log
	id   int
	last *lastCommand
	feat *featureSet // filled from the FEAT reply

	mu      sync.Mutex
	in, out []byte // partial lines
}

func (c *logConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 {
		c.mu.Lock()
		c.in = c.emit(append(c.in, b[:n]...), LogReply)
		c.mu.Unlock()
	}
	return n, err
}

func (c *logConn) Write(b []byte) (int, error) {
	c.mu.Lock()
	c.out = c.emit(append(c.out, b...), LogCommand)
	c.mu.Unlock()
	return c.Conn.Write(b)
}

// emit logs the complete lines of buf and returns what is left.
func (c *logConn) emit(buf []byte, kind LogKind) []byte {
	for {
		i := bytes.IndexByte(buf, '\n')
		if i < 0 {
			if len(buf) > 4096 { // a server that never ends its line
				buf = buf[:0]
			}
			return buf
		}
		line := strings.TrimRight(string(buf[:i]), "\r")
		buf = buf[i+1:]
		if kind == LogCommand {
			c.last.set(line)
			line = maskPassword(line)
		} else {
			c.last.setReply(line)
			if c.feat != nil && c.last.get() == "FEAT" {
				c.feat.add(line)
			}
		}
		c.log.Add(c.id, kind, line)
	}
}

func maskPassword(line string) string {
	if len(line) >= 4 && strings.EqualFold(line[:4], "PASS") {
		return "PASS ****"
	}
	return line
}

// lastCommand remembers the verb of the last command sent, so that an error
// reply can be told apart from REST's and the transfer command's, and the
// last reply line, whose words some servers use to admit a failure.
type lastCommand struct {
	mu    sync.Mutex
	verb  string
	reply string
}

func (l *lastCommand) setReply(line string) {
	l.mu.Lock()
	l.reply = line
	l.mu.Unlock()
}

func (l *lastCommand) replyLine() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reply
}

func (l *lastCommand) set(line string) {
	verb, _, _ := strings.Cut(line, " ")
	l.mu.Lock()
	l.verb = strings.ToUpper(verb)
	l.mu.Unlock()
}

func (l *lastCommand) get() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.verb
}

// replayConn hands the library the greeting that Ferry already read while
// negotiating TLS, then the live connection.
type replayConn struct {
	net.Conn
	pending []byte
}

func (c *replayConn) Read(b []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(b, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	return c.Conn.Read(b)
}

// gracefulTLS closes a TLS data connection the way servers expect:
// close_notify, FIN, then reading until the server closes. A plain Close
// resets the connection while TLS 1.3 session tickets sit unread, and vsftpd
// then loses the end of an upload ("426 Failure reading network stream").
type gracefulTLS struct {
	*tls.Conn
	tcp  *net.TCPConn
	idle *idleConn
}

func (c *gracefulTLS) Close() error {
	if c.ConnectionState().HandshakeComplete {
		c.Conn.CloseWrite()
		c.tcp.CloseWrite()
		c.idle.setHard(time.Now().Add(min(c.idle.idle, 5*time.Second)))
		io.Copy(io.Discard, c.Conn)
	}
	return c.Conn.Close()
}

// captureConn keeps a copy of what a listing's data connection carries, so
// that Ferry parses listings itself (the library drops permissions, owners
// and lines it cannot parse). The copy is capped against hostile servers.
type captureConn struct {
	net.Conn
	buf *captureBuf
}

func (c *captureConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	c.buf.write(b[:n])
	return n, err
}

// maxListing caps a listing's size: about a million entries.
const maxListing = 128 << 20

type captureBuf struct {
	data     []byte
	overflow bool
}

func (b *captureBuf) write(p []byte) {
	if len(b.data)+len(p) > maxListing {
		b.overflow = true
		return
	}
	b.data = append(b.data, p...)
}
