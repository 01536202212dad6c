package ftptest

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// pythonPath is Debian's Python, which python3-pyftpdlib installs into
// (a python3 earlier on PATH may not see the package).
const pythonPath = "/usr/bin/python3"

// Pyftpdlib starts pyftpdlib (plain FTP), a server in Python with its own
// users: it serves Root as "/" to a user of its own, writable, with MLSD.
func Pyftpdlib(t testing.TB) *Server {
	t.Helper()
	if _, err := os.Stat(pythonPath); err != nil {
		missing(t, "%s is missing (python3-pyftpdlib needs it)", pythonPath)
	}
	if err := exec.Command(pythonPath, "-c", "import pyftpdlib").Run(); err != nil {
		missing(t, "pyftpdlib is not installed for %s (apt-get install python3-pyftpdlib)", pythonPath)
	}
	s := &Server{Name: "pyftpdlib", Host: "127.0.0.1", Port: freePort(t), Root: servedDir(t),
		User: "ferry", Password: randomHex(12), ownUsers: true}
	lo, hi := freePortRange(t, 32)
	p := launch(t, nil, pythonPath, "-m", "pyftpdlib",
		"-i", s.Host, "-p", strconv.Itoa(s.Port), "-w", "-d", s.Root,
		"-u", s.User, "-P", s.Password, "-r", fmt.Sprintf("%d-%d", lo, hi))
	p.waitReady(t, s.Host, s.Port, false)
	return s
}
