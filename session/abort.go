package session

import (
	"context"
	"io"
	"net"
	"net/textproto"
	"sync"
	"time"
)

// Stopping a transfer at once, which the library cannot do: ABOR on the
// control connection, then the data connection closed under the library's
// feet. The library then reads its one reply to the transfer; Ferry sends
// NOOP and reads everything up to its 200, so that the ABOR's own reply is
// consumed and the connection serves the next job. A server that does not
// answer within abortGrace leaves the connection broken: the pool replaces it.

// abortGrace is how long the server has to answer after ABOR.
const abortGrace = 3 * time.Second

// dataLink is the current transfer's data connection (or the active-mode
// listener still waiting for it), for Abort to close from another goroutine.
type dataLink struct {
	mu      sync.Mutex
	conn    io.Closer    // the raw socket (or its dial)
	ln      net.Listener // active mode, before the server connected
	aborted bool         // Abort ran since the last resync
}

func (d *dataLink) setConn(c io.Closer) {
	d.mu.Lock()
	d.conn = c
	d.mu.Unlock()
}

func (d *dataLink) setListener(ln net.Listener) {
	d.mu.Lock()
	d.ln = ln
	d.mu.Unlock()
}

// AbortOn makes ctx's end abort the transfer that is about to run on c
// (Retr with its reader, or Stor). Call the returned function once the
// transfer is over (the reader closed, Stor returned): after an abort it
// brings the control connection back in step, or marks it broken.
func (c *Conn) AbortOn(ctx context.Context) (finish func()) {
	c.data.mu.Lock()
	c.data.conn, c.data.ln = nil, nil // set again when this transfer's data connection opens
	c.data.mu.Unlock()
	aborting := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(aborting)
		c.abort()
	})
	return func() {
		if !stop() {
			// The abort has started on its own goroutine: let it finish
			// (its ABOR written) before the connection is brought back.
			<-aborting
		}
		c.data.mu.Lock()
		aborted := c.data.aborted
		c.data.aborted = false
		c.data.mu.Unlock()
		if aborted {
			c.resync()
		}
	}
}

// Abort stops the transfer under way on c at once, as the end of the
// context given to AbortOn does, and returns once the data connection is
// cut. An upload's reader calls it before it returns an error (a pause,
// the file changing under it): the library would otherwise close the data
// connection as at the end of the file, and the server would take what it
// got for the whole upload.
func (c *Conn) Abort() { c.abort() }

// cut closes a data connection so that the server sees it fail (a reset),
// never the clean end of an upload.
func cut(conn io.Closer) error {
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.SetLinger(0)
	}
	return conn.Close()
}

// abort sends ABOR and cuts the data connection, once per transfer. It runs
// on another goroutine than the transfer when AbortOn's ctx ends, or on the
// transfer's own through Abort. Before the data connection opens, the library
// is still sending commands (TYPE, EPSV or PASV) whose replies an ABOR
// would interleave with, and a stray "200" would fool resync: then the
// control connection is cut instead, and the pool replaces it.
func (c *Conn) abort() {
	c.data.mu.Lock()
	defer c.data.mu.Unlock()
	if c.data.aborted { // by Abort, before ctx ended
		return
	}
	if c.data.conn == nil && c.data.ln == nil {
		c.broken.Store(true)
		c.idle.setHard(time.Unix(1, 0))
		c.opts.Log.Add(c.id, LogStatus, "Transfer stopped before it started; closing the connection")
		return
	}
	c.data.aborted = true
	c.idle.setHard(time.Now().Add(abortGrace))
	io.WriteString(c.ctrl, "ABOR\r\n")
	if c.data.conn != nil {
		cut(c.data.conn)
	}
	if c.data.ln != nil {
		c.data.ln.Close()
	}
	c.opts.Log.Add(c.id, LogStatus, "Transfer aborted")
}

// resync reads past the replies an ABOR left behind, up to the answer to a
// NOOP; the connection is usable again when that answer comes in time.
func (c *Conn) resync() {
	c.broken.Store(true)
	defer c.idle.setHard(time.Time{})
	c.idle.setHard(time.Now().Add(abortGrace))
	if len(c.lib.reply) > 0 { // the library stopped inside a reply
		return
	}
	if _, err := io.WriteString(c.ctrl, "NOOP\r\n"); err != nil {
		return
	}
	if c.readSent() != nil {
		return
	}
	tr := textproto.NewReader(c.ctrlReader)
	for {
		code, _, err := tr.ReadResponse(0)
		if err != nil {
			return
		}
		if code == 200 {
			c.broken.Store(false)
			return
		}
	}
}
