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
	return unpackedBinary("pure-ftpd", "FERRY_PUREFTPD", "pure-ftpd", "usr/sbin/pure-ftpd")
}

// unpackedBinary finds a server that scripts/test-deps.sh unpacks from its
// Debian package rather than installs: name on PATH, then the file the
// environment variable env names, then .cache/DIR/REL in the module.
func unpackedBinary(name, env, dir, rel string) (string, error) {
	if path, err := exec.LookPath(name); err == nil {
		return path, nil
	}
	if path := os.Getenv(env); path != "" {
		if _, err := os.Stat(path); err != nil {
			return "", fmt.Errorf("%s: %w", env, err)
		}
		return path, nil
	}
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	path := filepath.Join(root, ".cache", dir, filepath.FromSlash(rel))
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("%s is not on PATH, %s is unset, and %s is missing", name, env, path)
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
