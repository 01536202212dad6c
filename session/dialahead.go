package session

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"time"
)

// A passive data connection is dialed in the background. The library sends
// RETR, STOR or LIST (and REST before it) as soon as the dial func returns,
// so the command and the connection's TCP handshake cross the network
// together: a round trip less per transfer, which on a real network is a
// third of a small file's time. Reads and writes wait for the connection.
//
// When the dial fails, the server may have refused the command and closed
// its port already (its reply is on the way), or it may wait for the
// connection: the reply is waited for a short grace only, and when none
// comes the dial's own error is what Ferry reports.

// dialingConn is a data connection whose dial may still be under way.
type dialingConn struct {
	ready  chan struct{} // closed once conn or err is set
	raw    net.Conn      // the socket, for Abort
	conn   net.Conn      // raw wrapped for transfer (deadline, TLS, capture)
	err    error
	cancel context.CancelFunc
}

// dialAhead starts dialing addr and returns at once.
func (c *Conn) dialAhead(network, addr string) *dialingConn {
	ctx, cancel := context.WithCancel(context.Background())
	d := &dialingConn{ready: make(chan struct{}), cancel: cancel}
	capture := c.capture // read here: the listing sets it before asking to dial
	go func() {
		defer close(d.ready)
		dialer := net.Dialer{Timeout: c.opts.DialTimeout}
		raw, err := dialer.DialContext(ctx, network, addr)
		if err != nil {
			d.err = err
			if !errors.Is(err, context.Canceled) { // not closed by the library or Abort
				c.dataDialFailed(err)
			}
			return
		}
		var tc *tls.Conn
		d.raw = raw
		d.conn, tc = c.secureData(raw, capture)
		if tc == nil {
			return
		}
		// The TLS handshake starts at once too: the server answers it once
		// it has taken the connection, and the ClientHello is then already
		// there (a round trip less than sending it after the 150). Closing
		// the connection, as the library does after a refusal, ends it;
		// each read waits at most the idle timeout.
		if err := tc.HandshakeContext(ctx); err != nil {
			d.err = err
			raw.Close()
			return
		}
		// An upload's last record and TLS's close_notify then leave in one
		// packet, not two: a round of the server's work less per file.
		corkTCP(raw)
	}()
	return d
}

// dataDialFailed records why a data connection could not be made and
// bounds the wait for the server's reply to the command.
func (c *Conn) dataDialFailed(err error) {
	c.dataErr.Store(&err)
	c.idle.setHard(time.Now().Add(replyGrace + 3*time.Duration(c.rtt.Load())))
}

// replyGrace is how long a reply is awaited after a failed data dial,
// besides three round trips.
const replyGrace = time.Second

// open waits for the dial.
func (d *dialingConn) open() error {
	<-d.ready
	return d.err
}

func (d *dialingConn) Read(b []byte) (int, error) {
	if err := d.open(); err != nil {
		return 0, err
	}
	return d.conn.Read(b)
}

func (d *dialingConn) Write(b []byte) (int, error) {
	if err := d.open(); err != nil {
		return 0, err
	}
	return d.conn.Write(b)
}

// Handshake is what the library calls for an empty upload over TLS.
func (d *dialingConn) Handshake() error {
	if err := d.open(); err != nil {
		return err
	}
	if h, ok := d.conn.(interface{ Handshake() error }); ok {
		return h.Handshake()
	}
	return nil
}

// Close ends the transfer: closing the wrapped connection sends TLS's
// close_notify where there is one.
func (d *dialingConn) Close() error {
	d.cancel()
	if d.open() != nil {
		return nil
	}
	return d.conn.Close()
}

// abortClose cuts the socket (or the dial) at once, for Abort.
func (d *dialingConn) abortClose() error {
	d.cancel()
	if d.open() != nil {
		return nil
	}
	return cut(d.raw)
}

func (d *dialingConn) LocalAddr() net.Addr {
	if d.open() != nil {
		return &net.TCPAddr{}
	}
	return d.conn.LocalAddr()
}

func (d *dialingConn) RemoteAddr() net.Addr {
	if d.open() != nil {
		return &net.TCPAddr{}
	}
	return d.conn.RemoteAddr()
}

func (d *dialingConn) SetDeadline(t time.Time) error {
	if err := d.open(); err != nil {
		return err
	}
	return d.conn.SetDeadline(t)
}

func (d *dialingConn) SetReadDeadline(t time.Time) error {
	if err := d.open(); err != nil {
		return err
	}
	return d.conn.SetReadDeadline(t)
}

func (d *dialingConn) SetWriteDeadline(t time.Time) error {
	if err := d.open(); err != nil {
		return err
	}
	return d.conn.SetWriteDeadline(t)
}

// dialAbort is what Abort closes: the socket, or the dial in progress.
type dialAbort struct{ d *dialingConn }

func (a dialAbort) Close() error { return a.d.abortClose() }
