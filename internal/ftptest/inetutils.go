package ftptest

import (
	"errors"
	"net"
	"os/exec"
	"sync"
	"syscall"
	"testing"
)

// InetutilsFTPD starts GNU inetutils' ftpd (plain FTP). It serves one
// connection on its standard input, as inetd runs it, so a listener here
// starts one ftpd per connection on the accepted socket. It does not
// chroot: the user's home is Server.Home, and paths go through Server.Path.
func InetutilsFTPD(t testing.TB) *Server {
	t.Helper()
	binary, err := unpackedBinary("inetutils-ftpd", "FERRY_INETUTILS_FTPD", "inetutils-ftpd", "usr/sbin/ftpd")
	if err != nil {
		missing(t, "%v", err)
	}
	needRoot(t, "inetutils-ftpd")

	s := &Server{Name: "inetutils-ftpd", Host: "127.0.0.1", Root: servedDir(t)}
	s.Home = s.Root
	s.User, s.Password = addUser(t, s.Root)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Port = ln.Addr().(*net.TCPAddr).Port
	inetd := &inetd{binary: binary}
	go inetd.serve(ln)
	t.Cleanup(func() {
		ln.Close()
		inetd.stop()
	})
	return s
}

// inetd runs one server process per accepted connection.
type inetd struct {
	binary string

	mu      sync.Mutex
	stopped bool
	running sync.WaitGroup
	procs   map[*exec.Cmd]bool
}

func (d *inetd) serve(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil {
			continue
		}
		d.start(conn.(*net.TCPConn))
	}
}

// start hands the socket to a new ftpd as its standard input and output.
func (d *inetd) start(conn *net.TCPConn) {
	defer conn.Close()
	f, err := conn.File()
	if err != nil {
		return
	}
	defer f.Close()
	cmd := exec.Command(d.binary, "--auth=default")
	cmd.Stdin, cmd.Stdout = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.stopped || cmd.Start() != nil {
		return
	}
	if d.procs == nil {
		d.procs = map[*exec.Cmd]bool{}
	}
	d.procs[cmd] = true
	d.running.Add(1)
	go func() {
		defer d.running.Done()
		cmd.Wait()
		d.mu.Lock()
		delete(d.procs, cmd)
		d.mu.Unlock()
	}()
}

// stop ends every session (and what each forked) and waits for them.
func (d *inetd) stop() {
	d.mu.Lock()
	d.stopped = true
	for cmd := range d.procs {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	d.mu.Unlock()
	d.running.Wait()
}
