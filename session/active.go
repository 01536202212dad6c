package session

import (
	"bufio"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Active mode, which jlaffaye/ftp does not offer, is built beneath it: the
// library's control connection is a modeConn, which answers the library's
// EPSV or PASV itself. In active mode it opens a listener, sends PORT or
// EPRT, and hands the library a synthetic passive reply; the library then
// asks the dial func for the data connection, which returns one that
// accepts the server's connection when first used (the server connects only
// after RETR/STOR/LIST, which the library sends after dialing).

// TransferMode says how data connections are opened (FileZilla's names).
type TransferMode string

const (
	// ModeDefault is passive, switching to active when the server refuses
	// passive mode (remembered for the site while Ferry runs).
	ModeDefault TransferMode = ""
	// ModePassive: the client connects to the server (EPSV/PASV).
	ModePassive TransferMode = "passive"
	// ModeActive: the server connects to the client (EPRT/PORT).
	ModeActive TransferMode = "active"
)

// passiveRefused holds the keys (Site.Key) of the sites whose server
// refused passive mode, so that every later connection to them, from any
// pool, starts in active mode.
var passiveRefused sync.Map

// ParseTransferMode reads "default", "passive" or "active".
func ParseTransferMode(s string) (TransferMode, error) {
	switch strings.ToLower(s) {
	case "", "default":
		return ModeDefault, nil
	case "passive":
		return ModePassive, nil
	case "active":
		return ModeActive, nil
	}
	return ModeDefault, fmt.Errorf("%q is not a transfer mode: use default, passive or active", s)
}

// ParsePortRange reads "LO-HI" (both 1024..65535) for active-mode listeners;
// "" means any free port.
func ParsePortRange(s string) (lo, hi int, err error) {
	if s == "" {
		return 0, 0, nil
	}
	a, b, _ := strings.Cut(s, "-")
	lo, err1 := strconv.Atoi(strings.TrimSpace(a))
	hi, err2 := strconv.Atoi(strings.TrimSpace(b))
	if err1 != nil || err2 != nil || lo < 1024 || hi > 65535 || lo > hi {
		return 0, 0, fmt.Errorf("%q is not a port range: write LOW-HIGH between 1024 and 65535", s)
	}
	return lo, hi, nil
}

// modeConn is the control connection as the library sees it: every
// command passes through, except EPSV and PASV, which Ferry answers. Reads
// hand the library at most one line at a time from the connection's one
// buffered reader, which Ferry's own commands read too: the library's
// buffer never holds a reply that is not its own.
type modeConn struct {
	net.Conn
	c     *Conn
	br    *bufio.Reader // shared with Conn.raw
	reply []byte        // what the library reads next
}

func (m *modeConn) Read(b []byte) (int, error) {
	if len(m.reply) == 0 {
		if err := m.c.readSent(); err != nil {
			return 0, err
		}
		line, err := m.br.ReadSlice('\n')
		if len(line) == 0 {
			return 0, err
		}
		m.reply = append(m.reply[:0], line...)
	}
	n := copy(b, m.reply)
	m.reply = m.reply[n:]
	return n, nil
}

func (m *modeConn) Write(b []byte) (int, error) {
	// The library writes each command with one flush.
	verb := string(b)
	if verb != "EPSV\r\n" && verb != "PASV\r\n" {
		return m.Conn.Write(b)
	}
	reply, err := m.c.negotiateData(verb[:4])
	if err != nil {
		return 0, err
	}
	m.reply = []byte(reply)
	return len(b), nil
}

// negotiateData answers the library's EPSV or PASV with the reply line it
// expects, after sending whatever the transfer mode needs.
func (c *Conn) negotiateData(verb string) (string, error) {
	if c.mode != ModeActive {
		r, err := c.timedRaw(verb)
		if err != nil {
			return "", err
		}
		// A refused EPSV goes back to the library, which tries PASV next.
		if r.Code < 500 || verb == "EPSV" || c.mode == ModePassive {
			return replyLine(r), nil
		}
		c.opts.Log.Add(c.id, LogStatus, "The server refused passive mode; switching to active mode")
		c.mode = ModeActive
		passiveRefused.Store(c.site.Key(), true)
		if c.opts.onPassiveRefused != nil {
			c.opts.onPassiveRefused()
		}
	}
	l, r, err := c.listenActive()
	if err != nil || r.Code < 200 || r.Code > 299 {
		return replyLine(r), err
	}
	c.pending = l
	port := l.ln.Addr().(*net.TCPAddr).Port
	if verb == "EPSV" {
		return fmt.Sprintf("229 Entering Extended Passive Mode (|||%d|)\r\n", port), nil
	}
	// The library ignores the address of a PASV reply; only the port is read.
	return fmt.Sprintf("227 Entering Passive Mode (0,0,0,0,%d,%d)\r\n", port>>8, port&0xff), nil
}

func replyLine(r Reply) string {
	return fmt.Sprintf("%d %s\r\n", r.Code, strings.ReplaceAll(r.Message, "\n", " "))
}

// activeListener waits for the server's data connection, and refuses any
// other peer.
type activeListener struct {
	ln     *net.TCPListener
	server net.IP
	c      *Conn
}

// listenActive opens a listener on the control connection's local address
// and announces it with EPRT or PORT. A refusal closes it again.
func (c *Conn) listenActive() (*activeListener, Reply, error) {
	address, ports := c.activeSettings()
	local := c.idle.LocalAddr().(*net.TCPAddr)
	ln, err := listenInRange(local.IP, ports)
	if err != nil {
		return nil, Reply{}, fmt.Errorf("active mode: %w", err)
	}
	l := &activeListener{ln: ln, server: c.idle.RemoteAddr().(*net.TCPAddr).IP, c: c}
	if c.onListen != nil {
		c.onListen(ln.Addr())
	}
	announce := local.IP
	if address != "" {
		announce = net.ParseIP(address)
		if announce == nil {
			ln.Close()
			return nil, Reply{}, fmt.Errorf("active mode: %q is not an IP address", address)
		}
	}
	port := ln.Addr().(*net.TCPAddr).Port
	var r Reply
	if v4 := announce.To4(); v4 != nil && !c.Feature("EPRT") {
		r, err = c.raw(fmt.Sprintf("PORT %d,%d,%d,%d,%d,%d", v4[0], v4[1], v4[2], v4[3], port>>8, port&0xff))
	} else {
		family := 2
		if announce.To4() != nil {
			family, announce = 1, announce.To4()
		}
		r, err = c.raw(fmt.Sprintf("EPRT |%d|%s|%d|", family, announce, port))
	}
	if err != nil || r.Code < 200 || r.Code > 299 {
		ln.Close()
		return nil, r, err
	}
	return l, r, nil
}

// activeSettings are the site's active-mode address and port range, each
// falling back to the app's (Options.ActiveDefaults).
func (c *Conn) activeSettings() (address, ports string) {
	address, ports = c.site.ActiveAddress, c.site.ActivePorts
	if c.opts.ActiveDefaults != nil {
		appAddress, appPorts := c.opts.ActiveDefaults()
		if address == "" {
			address = appAddress
		}
		if ports == "" {
			ports = appPorts
		}
	}
	return address, ports
}

// listenInRange listens on ip, on a port of portRange ("LO-HI") or any.
func listenInRange(ip net.IP, portRange string) (*net.TCPListener, error) {
	lo, hi, err := ParsePortRange(portRange)
	if err != nil {
		return nil, err
	}
	if lo == 0 {
		return net.ListenTCP("tcp", &net.TCPAddr{IP: ip})
	}
	for port := lo; port <= hi; port++ {
		ln, err := net.ListenTCP("tcp", &net.TCPAddr{IP: ip, Port: port})
		if err == nil {
			return ln, nil
		}
	}
	return nil, fmt.Errorf("no free port in %s", portRange)
}

// accept waits for the server's connection until the dial timeout; other
// peers are logged and closed, and the wait goes on.
func (l *activeListener) accept() (net.Conn, error) {
	defer l.ln.Close()
	l.ln.SetDeadline(time.Now().Add(l.c.opts.DialTimeout))
	for {
		conn, err := l.ln.AcceptTCP()
		if err != nil {
			return nil, fmt.Errorf("the server did not open the active-mode data connection: %w", err)
		}
		from := conn.RemoteAddr().(*net.TCPAddr).IP
		if from.Equal(l.server) {
			return conn, nil
		}
		l.c.opts.Log.Add(l.c.id, LogError, fmt.Sprintf("Refused a data connection from %s: only the server (%s) may connect", from, l.server))
		conn.Close()
	}
}

// activeConn is the data connection the library gets in active mode: it
// accepts the server's connection when first read or written, then wraps
// it like a passive one (idle deadline, TLS as the client, listing copy).
type activeConn struct {
	l    *activeListener
	wrap func(net.Conn) net.Conn

	once sync.Once
	conn net.Conn
	err  error
}

func (a *activeConn) open() error {
	a.once.Do(func() {
		raw, err := a.l.accept()
		if err != nil {
			a.l.c.broken.Store(true)
			a.err = err
			return
		}
		a.conn = a.wrap(raw)
	})
	return a.err
}

func (a *activeConn) Read(b []byte) (int, error) {
	if err := a.open(); err != nil {
		return 0, err
	}
	return a.conn.Read(b)
}

func (a *activeConn) Write(b []byte) (int, error) {
	if err := a.open(); err != nil {
		return 0, err
	}
	return a.conn.Write(b)
}

// Handshake is what the library calls for an empty upload, so that the
// connection is made (and TLS negotiated) although nothing is written.
func (a *activeConn) Handshake() error {
	if err := a.open(); err != nil {
		return err
	}
	if h, ok := a.conn.(interface{ Handshake() error }); ok {
		return h.Handshake()
	}
	return nil
}

// Close closes the listener, and the connection if one was accepted. A
// refused command closes it without ever accepting.
func (a *activeConn) Close() error {
	a.l.ln.Close()
	a.once.Do(func() { a.err = net.ErrClosed })
	if a.conn != nil {
		return a.conn.Close()
	}
	return nil
}

func (a *activeConn) LocalAddr() net.Addr { return a.l.ln.Addr() }

func (a *activeConn) RemoteAddr() net.Addr {
	return &net.TCPAddr{IP: a.l.server}
}

func (a *activeConn) SetDeadline(t time.Time) error { return a.setDeadline(t, net.Conn.SetDeadline) }
func (a *activeConn) SetReadDeadline(t time.Time) error {
	return a.setDeadline(t, net.Conn.SetReadDeadline)
}
func (a *activeConn) SetWriteDeadline(t time.Time) error {
	return a.setDeadline(t, net.Conn.SetWriteDeadline)
}

func (a *activeConn) setDeadline(t time.Time, set func(net.Conn, time.Time) error) error {
	if err := a.open(); err != nil {
		return err
	}
	return set(a.conn, t)
}
