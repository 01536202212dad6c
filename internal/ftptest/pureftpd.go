package ftptest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// PureFTPd starts pure-ftpd (tls: explicit TLS required).
func PureFTPd(t testing.TB, tls bool) *Server {
	t.Helper()
	binary, err := pureFTPdBinary()
	if err != nil {
		missing(t, "%v", err)
	}
	needRoot(t, "pure-ftpd")

	conf := t.TempDir()
	s := &Server{Name: "pure-ftpd", Host: "127.0.0.1", Port: freePort(t), Root: servedDir(t), TLS: tls}
	s.User, s.Password = addUser(t, s.Root)
	lo, hi := freePortRange(t, 32)
	args := []string{
		binary,
		"-S", "127.0.0.1," + strconv.Itoa(s.Port),
		"-p", fmt.Sprintf("%d:%d", lo, hi),
		"-P", "127.0.0.1",
		"-E", // no anonymous logins
		"-A", // chroot every user into their home
		"-H", // no reverse lookups
		"-l", "unix",
		"-g", filepath.Join(conf, "pure-ftpd.pid"),
	}
	if tls {
		cert := SelfSignedCert(t)
		s.CertPEM = cert.CertPEM
		pem := writeConf(t, conf, "pure-ftpd.pem", append(append([]byte{}, cert.KeyPEM...), cert.CertPEM...))
		args = append(args, "-Y", "2", "-2", pem)
	}
	p := launch(t, nil, args...)
	p.waitReady(t, s.Host, s.Port, false)
	return s
}

// pureFTPdBinary finds pure-ftpd on PATH, then at $FERRY_PUREFTPD, then
// where scripts/test-deps.sh unpacks it.
func pureFTPdBinary() (string, error) {
	if path, err := exec.LookPath("pure-ftpd"); err == nil {
		return path, nil
	}
	if path := os.Getenv("FERRY_PUREFTPD"); path != "" {
		if _, err := os.Stat(path); err != nil {
			return "", fmt.Errorf("FERRY_PUREFTPD: %w", err)
		}
		return path, nil
	}
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	path := filepath.Join(root, ".cache", "pure-ftpd", "usr", "sbin", "pure-ftpd")
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("pure-ftpd is not on PATH, FERRY_PUREFTPD is unset, and %s is missing", path)
	}
	return path, nil
}

// moduleRoot is the nearest directory above the working one with a go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
