package session

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"time"

	"github.com/jlaffaye/ftp"
)

// Dial connects, negotiates TLS per site.Protocol, and logs in.
func Dial(ctx context.Context, site Site, opts Options) (*Conn, error) {
	return dial(ctx, site, opts.withDefaults(), false)
}

func dial(ctx context.Context, site Site, opts Options, noMLSD bool) (*Conn, error) {
	if site.Host == "" {
		return nil, errors.New("no host given")
	}
	c := &Conn{site: site, opts: opts, id: opts.Log.nextConn(), last: &lastCommand{}, noMLSD: noMLSD}
	opts.Log.Add(c.id, LogStatus, fmt.Sprintf("Connecting to %s", site.Addr()))
	if err := c.connect(ctx); err != nil {
		opts.Log.Add(c.id, LogError, Describe(err))
		return nil, err
	}
	opts.Log.Add(c.id, LogStatus, "Logged in")
	return c, nil
}

// dialError names the server and the step that failed.
type dialError struct {
	addr string
	step string // "connect", "greeting", "tls", "login"
	err  error
}

func (e *dialError) Error() string { return e.step + " " + e.addr + ": " + e.err.Error() }
func (e *dialError) Unwrap() error { return e.err }

func (c *Conn) connect(ctx context.Context) error {
	site, opts := c.site, c.opts
	c.dialCtx = ctx
	addr := site.Addr()
	fail := func(step string, err error) error { return &dialError{addr: addr, step: step, err: err} }

	if site.Protocol == FTP {
		if err := c.confirmPlain(ctx); err != nil {
			return err
		}
	}

	d := net.Dialer{Timeout: opts.DialTimeout}
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fail("connect", err)
	}
	ic := &idleConn{Conn: raw, idle: opts.IdleTimeout}
	c.idle = ic
	ok := false
	defer func() {
		if !ok {
			raw.Close()
		}
	}()
	// Dial and login together get DialTimeout; cancelling ctx aborts them.
	ic.setHard(time.Now().Add(opts.DialTimeout))
	stop := context.AfterFunc(ctx, func() { ic.setHard(time.Unix(1, 0)) })
	defer stop()

	var control net.Conn = ic
	if site.Protocol == ImplicitTLS {
		c.verifier = newVerifier(c, addr)
		tc := tls.Client(ic, c.verifier.config())
		if err := tc.HandshakeContext(ctx); err != nil {
			return fail("tls", err)
		}
		c.verifier.secured(tc.ConnectionState())
		control = tc
	}
	c.feat = &featureSet{}
	lc := &logConn{Conn: control, log: opts.Log, id: c.id, last: c.last, feat: c.feat}
	br := bufio.NewReader(lc)
	if _, _, err := textproto.NewReader(br).ReadResponse(ftp.StatusReady); err != nil {
		return fail("greeting", err)
	}

	if site.Protocol == ExplicitTLS || site.Protocol == FTPTLSIfAvailable {
		secured, err := c.authTLS(ctx, ic, lc, br)
		switch {
		case err != nil:
			return fail("tls", err)
		case secured != nil:
			lc = &logConn{Conn: secured, log: opts.Log, id: c.id, last: c.last, feat: c.feat}
			br = bufio.NewReader(lc)
		case site.Protocol == ExplicitTLS:
			return fail("tls", ErrNoTLS)
		default:
			opts.Log.Add(c.id, LogStatus, "The server does not offer TLS")
			ic.setHard(time.Time{}) // no deadline while the person decides
			if err := c.confirmPlain(ctx); err != nil {
				return err
			}
			ic.setHard(time.Now().Add(opts.DialTimeout))
		}
	}

	// The library reads the greeting again: hand it a stand-in, followed by
	// anything the buffer already holds.
	pending := []byte("220 Ferry read the greeting\r\n")
	if n := br.Buffered(); n > 0 {
		extra, _ := br.Peek(n)
		pending = append(pending, extra...)
	}
	first := &replayConn{Conn: lc, pending: pending}
	c.later = &laterConn{Conn: first}
	c.ctrl = c.later
	c.ctrlReader = bufio.NewReader(first)
	c.lib = &modeConn{Conn: c.later, c: c, br: c.ctrlReader}
	c.mode = site.TransferMode
	if _, refused := passiveRefused.Load(site.Key()); (refused || site.PassiveRefused) && c.mode == ModeDefault {
		c.mode = ModeActive
	}
	options := []ftp.DialOption{
		ftp.DialWithDialFunc(c.dialFunc(c.lib)),
		ftp.DialWithDisabledEPSV(site.DisableEPSV),
		ftp.DialWithDisabledMLSD(c.noMLSD),
		ftp.DialWithDisabledUTF8(true), // sent with the first command instead (below)
	}
	if c.verifier != nil {
		// Makes the library send PBSZ/PROT P; the dial func does the TLS.
		options = append(options, ftp.DialWithTLS(c.verifier.config()))
	}
	sc, err := ftp.Dial(addr, options...)
	if err != nil {
		return fail("greeting", err)
	}
	password := site.Password
	if site.Logon == Anonymous {
		password = "anonymous@"
	}
	if err := sc.Login(site.LoginUser(), password); err != nil {
		sc.Quit()
		return fail("login", err)
	}
	ic.setHard(time.Time{})
	c.sc = sc
	c.used = time.Now() // fresh: no NOOP needed before its first use
	if c.Feature("UTF8") {
		// Servers that list UTF8 may wait for this before sending UTF-8
		// names; whatever the answer, Ferry goes on, as the library would.
		c.sendLater("OPTS UTF8 ON", func(Reply, error) {})
	}
	ok = true
	return nil
}

// ErrNoTLS means a site that requires TLS reached a server without it.
var ErrNoTLS = errors.New("the server does not support TLS (AUTH TLS was refused)")

// authTLS asks for TLS on the control connection. It returns the secured
// connection, or nil when the server refused with a reply (plain FTP).
func (c *Conn) authTLS(ctx context.Context, ic *idleConn, lc *logConn, br *bufio.Reader) (net.Conn, error) {
	if _, err := lc.Write([]byte("AUTH TLS\r\n")); err != nil {
		return nil, err
	}
	_, _, err := textproto.NewReader(br).ReadResponse(ftp.StatusAuthOK)
	var reply *textproto.Error
	if errors.As(err, &reply) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c.verifier = newVerifier(c, c.site.Addr())
	tc := tls.Client(ic, c.verifier.config())
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, err
	}
	c.verifier.secured(tc.ConnectionState())
	return tc, nil
}

// confirmPlain asks before a password would travel in clear (once per
// session and site: the consent remembers the answer).
func (c *Conn) confirmPlain(ctx context.Context) error {
	if c.site.Logon == Anonymous || c.site.AllowPlainPassword || c.opts.Ask == nil {
		return nil
	}
	consent := c.opts.consent
	if consent == nil {
		consent = newConsent(nil)
	}
	return consent.clearText(ctx, c.opts.Ask, c.site)
}

// dialFunc gives the library the prepared control connection first, then
// opens data connections: with an idle deadline, TLS when the session is
// protected, and a copy of the bytes while a listing is read.
func (c *Conn) dialFunc(control net.Conn) func(network, addr string) (net.Conn, error) {
	first := true
	return func(network, addr string) (net.Conn, error) {
		if first {
			first = false
			return control, nil
		}
		if l := c.pending; l != nil {
			c.pending = nil
			c.data.setListener(l.ln)
			return &activeConn{l: l, wrap: c.wrapData}, nil
		}
		d := c.dialAhead(network, addr)
		c.data.setConn(dialAbort{d})
		return d, nil
	}
}

// wrapData readies an accepted active-mode data connection (see secureData).
func (c *Conn) wrapData(raw net.Conn) net.Conn {
	c.data.setConn(raw)
	conn, _ := c.secureData(raw, c.capture)
	return conn
}

// secureData gives a data connection an idle deadline, TLS as the client
// when the session is protected, and the listing copy.
// It returns the TLS client too, nil when plain.
func (c *Conn) secureData(raw net.Conn, capture *captureBuf) (net.Conn, *tls.Conn) {
	ic := &idleConn{Conn: raw, idle: c.opts.IdleTimeout}
	var conn net.Conn = ic
	var tc *tls.Conn
	if c.verifier != nil {
		tc = tls.Client(ic, c.verifier.dataConfig())
		conn = &gracefulTLS{Conn: tc, tcp: raw.(*net.TCPConn), idle: ic}
	}
	if capture != nil {
		conn = &captureConn{Conn: conn, buf: capture}
	}
	return conn, tc
}
