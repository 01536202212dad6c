package ftpserver

import (
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	goftp "goftp.io/server/v2"
)

// Options configure a server.
type Options struct {
	Root     string // directory served; required
	Listen   string // default "127.0.0.1:0"
	User     string // default "ferry"
	Password string // default "ferry"
	// TLS enables explicit TLS (AUTH TLS) when non-nil.
	TLS *tls.Config
	// Faults are in force from the first connection on; see SetFaults.
	Faults Faults
}

// Server is a running embedded server.
type Server struct {
	Host     string // "127.0.0.1"
	Port     int
	User     string
	Password string
	Root     string // absolute path of the directory served

	listener net.Listener
	driver   *rootDriver
	withMLST *connQueue // connections whose FEAT advertises MLST
	noMLST   *connQueue // connections whose FEAT does not
	done     chan struct{}
	serving  sync.WaitGroup // the accept loop and goftp's serve loops

	closeOnce sync.Once
	closeErr  error

	sent, received atomic.Int64

	mu       sync.Mutex // guards the fields below
	faults   Faults
	drops    int // transfers dropped since SetFaults
	stalls   int // transfers stalled since SetFaults
	commands []string
	conns    map[net.Conn]struct{} // open control connections
}

// Start listens and serves in the background.
func Start(opts Options) (*Server, error) {
	if opts.Root == "" {
		return nil, errors.New("ftpserver: no root directory")
	}
	opts = withDefaults(opts)
	abs, err := filepath.Abs(opts.Root)
	if err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("ftpserver: %w", err)
	}
	ln, err := net.Listen("tcp", opts.Listen)
	if err != nil {
		root.Close()
		return nil, fmt.Errorf("ftpserver: %w", err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	s := &Server{
		Host:     addr.IP.String(),
		Port:     addr.Port,
		User:     opts.User,
		Password: opts.Password,
		Root:     abs,
		listener: ln,
		done:     make(chan struct{}),
		faults:   opts.Faults,
		conns:    make(map[net.Conn]struct{}),
	}
	s.driver = &rootDriver{s: s, root: root}
	s.withMLST = &connQueue{conns: make(chan net.Conn), done: s.done, addr: addr}
	s.noMLST = &connQueue{conns: make(chan net.Conn), done: s.done, addr: addr}
	for _, q := range []*connQueue{s.withMLST, s.noMLST} {
		srv, err := s.newGoftp(opts, q == s.withMLST)
		if err != nil {
			ln.Close()
			root.Close()
			return nil, err
		}
		s.serving.Go(func() { _ = srv.Serve(q) })
	}
	s.serving.Go(s.acceptLoop)
	return s, nil
}

func withDefaults(opts Options) Options {
	if opts.Listen == "" {
		opts.Listen = "127.0.0.1:0"
	}
	if opts.User == "" {
		opts.User = "ferry"
	}
	if opts.Password == "" {
		opts.Password = "ferry"
	}
	return opts
}

// newGoftp makes one goftp server over the driver, to be fed connections
// through Serve.
func (s *Server) newGoftp(opts Options, withMLST bool) (*goftp.Server, error) {
	srv, err := goftp.NewServer(&goftp.Options{
		Commands:       s.commandSet(withMLST),
		Driver:         s.driver,
		Auth:           &goftp.SimpleAuth{Name: opts.User, Password: opts.Password},
		Perm:           goftp.NewSimplePerm(opts.User, opts.User),
		Name:           "Ferry FTP server",
		Hostname:       "127.0.0.1",
		Port:           -1, // never listened on: see below
		TLS:            opts.TLS != nil,
		ExplicitFTPS:   true,
		TLSConfig:      opts.TLS,
		WelcomeMessage: "Ferry FTP server ready",
		Logger:         commandLog{s},
	})
	if err != nil {
		return nil, fmt.Errorf("ftpserver: %w", err)
	}
	if opts.TLS != nil {
		// goftp installs its TLS config only in ListenAndServe. With port -1
		// that installs it and fails to listen at once, leaving Serve to run
		// on our own listener.
		if err := srv.ListenAndServe(); err == nil {
			return nil, errors.New("ftpserver: goftp listened on port -1")
		}
	}
	return srv, nil
}

// acceptLoop hands each new control connection to the goftp server whose
// FEAT reply matches the faults in force.
func (s *Server) acceptLoop() {
	for {
		conn, err := s.listener.Accept()
		if err != nil {
			return // closed
		}
		tracked, ok := s.track(conn)
		if !ok {
			return
		}
		q := s.withMLST
		if s.currentFaults().NoMLSD {
			q = s.noMLST
		}
		select {
		case q.conns <- tracked:
		case <-s.done:
			tracked.Close()
			return
		}
	}
}

// track records an open control connection so that Close can drop it.
func (s *Server) track(conn net.Conn) (net.Conn, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conns == nil {
		conn.Close()
		return nil, false
	}
	s.conns[conn] = struct{}{}
	return &trackedConn{Conn: conn, s: s}, true
}

// trackedConn forgets itself when closed.
type trackedConn struct {
	net.Conn
	s *Server
}

// Write carries out the fault DeadPassivePort.
func (c *trackedConn) Write(b []byte) (int, error) {
	if !bytes.HasPrefix(b, []byte("229 ")) || !c.s.currentFaults().DeadPassivePort {
		return c.Conn.Write(b)
	}
	reply := fmt.Sprintf("229 Entering Extended Passive Mode (|||%d|)\r\n", deadPort())
	if _, err := c.Conn.Write([]byte(reply)); err != nil {
		return 0, err
	}
	return len(b), nil
}

// deadPort is a loopback port that was free a moment ago.
func deadPort() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 1
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func (c *trackedConn) Close() error {
	c.s.mu.Lock()
	delete(c.s.conns, c.Conn)
	c.s.mu.Unlock()
	return c.Conn.Close()
}

// connQueue is a net.Listener fed by acceptLoop.
type connQueue struct {
	conns chan net.Conn
	done  <-chan struct{}
	addr  net.Addr
}

func (q *connQueue) Accept() (net.Conn, error) {
	select {
	case c := <-q.conns:
		return c, nil
	case <-q.done:
		return nil, net.ErrClosed
	}
}

func (q *connQueue) Close() error   { return nil }
func (q *connQueue) Addr() net.Addr { return q.addr }

// Addr returns the control address, "127.0.0.1:PORT".
func (s *Server) Addr() string {
	return net.JoinHostPort(s.Host, fmt.Sprint(s.Port))
}

// SetFaults changes the faults for transfers that start from now on, and
// resets the counts that DropTimes and StallTimes limit.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
	s.drops = 0
	s.stalls = 0
}

func (s *Server) currentFaults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults
}

// Commands returns every command received so far (PASS masked), in order.
func (s *Server) Commands() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.commands)
}

// BytesSent counts file payload bytes sent on data connections (RETR).
// Listings are not counted.
func (s *Server) BytesSent() int64 { return s.sent.Load() }

// BytesReceived counts file payload bytes received on data connections
// (STOR, APPE).
func (s *Server) BytesReceived() int64 { return s.received.Load() }

// Close stops the server and drops every control connection. Transfers in
// progress fail, stalled ones included; once Close returns, nothing more is
// created in the root directory.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		close(s.done)
		err := s.listener.Close()
		s.serving.Wait()
		s.mu.Lock()
		conns := s.conns
		s.conns = nil
		s.mu.Unlock()
		for conn := range conns {
			conn.Close()
		}
		s.closeErr = errors.Join(err, s.driver.close())
	})
	return s.closeErr
}
