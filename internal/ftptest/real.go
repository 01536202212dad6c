package ftptest

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Server is a running real server.
type Server struct {
	Name     string // "vsftpd", "pure-ftpd", "proftpd", "inetutils-ftpd" or "pyftpdlib"
	Host     string // "127.0.0.1"
	Port     int
	User     string
	Password string
	Root     string // local directory the user's home maps to
	// Home is the user's home as the client sees it: "" (meaning "/") on
	// servers that chroot, Root itself on inetutils-ftpd, which does not.
	Home    string
	TLS     bool   // explicit TLS required
	CertPEM []byte // the server's self-signed certificate
	// XferLog is vsftpd's transfer log (xferlog format), "" for pure-ftpd.
	XferLog string
	// ownUsers: the server has users of its own and writes files as the
	// user it runs as, so there is nothing to chown.
	ownUsers bool
	// CommandLog is vsftpd's log of every command, with
	// VsftpdOptions.LogCommands; "" otherwise.
	CommandLog string
	// PasvMin and PasvMax bound vsftpd's passive ports.
	PasvMin, PasvMax int

	pid int // the listening process, 0 when unknown
}

// CPUTime is the processor time the server and its finished sessions have
// used so far (user and system, from /proc); 0 when unknown.
func (s *Server) CPUTime() time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.pid))
	if s.pid == 0 || err != nil {
		return 0
	}
	// The fields after the command name in parentheses: utime, stime,
	// cutime and cstime are the 12th to 15th of them, in clock ticks.
	rest := string(data[bytes.LastIndexByte(data, ')')+2:])
	f := strings.Fields(rest)
	if len(f) < 15 {
		return 0
	}
	var ticks int64
	for _, v := range f[11:15] {
		n, _ := strconv.ParseInt(v, 10, 64)
		ticks += n
	}
	return time.Duration(ticks) * time.Second / 100 // USER_HZ is 100 on Linux
}

// Addr returns the control address, "127.0.0.1:PORT".
func (s *Server) Addr() string {
	return net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
}

// Path is where the file rel (a slash path under Root) is on the server.
func (s *Server) Path(rel string) string {
	return path.Join("/", s.Home, rel)
}

// startTimeout bounds how long a real server may take to greet.
const startTimeout = 15 * time.Second

// missing skips the test, or fails it under CI, where every server must run.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s (CI=true: real FTP servers are required; run scripts/test-deps.sh as root)", msg)
		return
	}
	t.Skipf("%s; run scripts/test-deps.sh and the tests as root to include this test", msg)
}

// needRoot skips or fails unless the process can start a server that
// switches users.
func needRoot(t testing.TB, name string) {
	t.Helper()
	if os.Geteuid() != 0 {
		missing(t, "%s tests need root (to add a system user and let the server switch to it)", name)
	}
}

// randomHex returns n random bytes as hex.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// servedDir makes the directory a server's user will own and see as "/".
// It lives outside t.TempDir, whose parent only root may enter.
func servedDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ferry-ftp-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// addUser makes a system user with home dir and a password, removed at
// cleanup. Other test processes may be editing /etc/passwd at the same time,
// so a locked database is retried until a deadline.
func addUser(t testing.TB, home string) (user, password string) {
	t.Helper()
	user = "ferry" + randomHex(5)
	password = randomHex(12)
	retryLocked(t, "useradd", "-M", "-d", home, "-s", "/bin/bash", user)
	t.Cleanup(func() { retryLocked(t, "userdel", user) })
	chpasswd := exec.Command("chpasswd")
	chpasswd.Stdin = strings.NewReader(user + ":" + password + "\n")
	if out, err := chpasswd.CombinedOutput(); err != nil {
		t.Fatalf("chpasswd: %v: %s", err, out)
	}
	chownAll(t, user, home)
	return user, password
}

// Chown gives everything under Root to the server's user. Call it after
// writing fixtures into Root as root, so the server may also change them.
func (s *Server) Chown(t testing.TB) {
	t.Helper()
	if s.ownUsers {
		return
	}
	chownAll(t, s.User, s.Root)
}

func chownAll(t testing.TB, user, dir string) {
	t.Helper()
	if out, err := exec.Command("chown", "-R", user+":"+user, dir).CombinedOutput(); err != nil {
		t.Fatalf("chown: %v: %s", err, out)
	}
}

// retryLocked runs a user-database command, again while the database is
// locked by another process or the user's processes are still ending.
func retryLocked(t testing.TB, name string, args ...string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, err := exec.Command(name, args...).CombinedOutput()
		if err == nil {
			return
		}
		busy := bytes.Contains(out, []byte("lock")) || bytes.Contains(out, []byte("currently used"))
		if !busy || time.Now().After(deadline) {
			t.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, out)
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Ports for real servers come from below Linux's ephemeral range (32768 and
// up), so that no outgoing connection takes one between the check and the
// server's bind.
const portLow, portHigh = 10000, 32000

// freePort returns a port of 127.0.0.1 that nothing listens on now.
func freePort(t testing.TB) int {
	t.Helper()
	port, _ := freePortRange(t, 1)
	return port
}

// freePortRange returns n consecutive free ports of 127.0.0.1, for passive
// data connections.
func freePortRange(t testing.TB, n int) (lo, hi int) {
	t.Helper()
	for range 100 {
		lo = portLow + mrand.IntN(portHigh-portLow-n)
		if allFree(lo, lo+n-1) {
			return lo, lo + n - 1
		}
	}
	t.Fatalf("no %d consecutive free ports on 127.0.0.1", n)
	return 0, 0
}

func allFree(lo, hi int) bool {
	for p := lo; p <= hi; p++ {
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
		if err != nil {
			return false
		}
		ln.Close()
	}
	return true
}

// process is a server process in its own process group, so that stopping
// it also ends the children it forked for sessions.
type process struct {
	cmd    *exec.Cmd
	output syncBuffer
	exited chan struct{}
}

// launch starts argv and stops it (and its children) at cleanup. Its output
// and the logs are shown if the test fails.
func launch(t testing.TB, logs []string, argv ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(argv[0], argv[1:]...), exited: make(chan struct{})}
	p.cmd.Stdout = &p.output
	p.cmd.Stderr = &p.output
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", argv[0], err)
	}
	go func() {
		p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.exited
		if t.Failed() {
			p.dump(t, logs)
		}
	})
	return p
}

// dump shows what the server wrote, for a failed test.
func (p *process) dump(t testing.TB, logs []string) {
	t.Logf("%s output:\n%s", p.cmd.Path, p.output.String())
	for _, name := range logs {
		if data, err := os.ReadFile(name); err == nil {
			t.Logf("%s:\n%s", name, data)
		}
	}
}

// waitReady polls until the server greets with 220 on port (inside TLS when
// implicitTLS), failing at once if the process exits first.
func (p *process) waitReady(t testing.TB, host string, port int, implicitTLS bool) {
	t.Helper()
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	deadline := time.Now().Add(startTimeout)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		greeting, err := greet(addr, implicitTLS)
		if err == nil && strings.HasPrefix(greeting, "220") {
			return
		}
		if err == nil {
			err = fmt.Errorf("greeting %q", greeting)
		}
		select {
		case <-p.exited:
			t.Fatalf("%s exited before greeting: %v\n%s", p.cmd.Path, p.cmd.ProcessState, p.output.String())
		case <-tick.C:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not greet on %s within %v: %v", p.cmd.Path, addr, startTimeout, err)
		}
	}
}

// greet reads the first reply line of an FTP server.
func greet(addr string, implicitTLS bool) (string, error) {
	var conn net.Conn
	var err error
	dialer := &net.Dialer{Timeout: time.Second}
	if implicitTLS {
		// Only readiness is checked here; Ferry's own dial verifies certificates.
		conn, err = tls.DialWithDialer(dialer, "tcp", addr, &tls.Config{InsecureSkipVerify: true})
	} else {
		conn, err = dialer.Dial("tcp", addr)
	}
	if err != nil {
		return "", err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(2 * time.Second))
	return bufio.NewReader(conn).ReadString('\n')
}

// syncBuffer is a bytes.Buffer safe for the process's writers and readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
