package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"ferry/internal/ftptest"
)

func TestActiveFlagOnAServerWithoutPassiveMode(t *testing.T) {
	isolate(t)
	srv := ftptest.VsftpdWith(t, ftptest.VsftpdOptions{NoPassive: true})
	local := filepath.Join(t.TempDir(), "a.txt")
	writeFile(t, local, []byte("active"))
	url := ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/")
	if code, _, stderr := run(t, "put", "-q", "--active", local, url); code != 0 {
		t.Fatalf("put --active: exit %d: %s", code, stderr)
	}
	if code, _, stderr := run(t, "ls", "--passive", url); code == 0 || !strings.Contains(stderr, "ferry: ") {
		t.Errorf("ls --passive on an active-only server: exit %d, %q", code, stderr)
	}
	code, out, stderr := run(t, "ls", url) // default: falls back to active
	if code != 0 || !strings.Contains(out, "a.txt") {
		t.Errorf("ls by default: exit %d, %q %q", code, out, stderr)
	}
	if code, _, stderr := run(t, "ls", "--active", "--passive", url); code != 2 || !strings.Contains(stderr, "exclude each other") {
		t.Errorf("both flags: exit %d, %q", code, stderr)
	}
}

func TestIPv6URL(t *testing.T) {
	isolate(t)
	srv := ftptest.VsftpdWith(t, ftptest.VsftpdOptions{IPv6: true})
	local := filepath.Join(t.TempDir(), "six.txt")
	writeFile(t, local, []byte("six"))
	url := ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/")
	if !strings.Contains(url, "[::1]") {
		t.Fatalf("url = %s", url)
	}
	for _, mode := range []string{"--passive", "--active"} {
		if code, _, stderr := run(t, "put", "-q", "--on-exists", "overwrite", mode, local, url); code != 0 {
			t.Fatalf("put %s over IPv6: exit %d: %s", mode, code, stderr)
		}
		if code, out, stderr := run(t, "ls", mode, url); code != 0 || !strings.Contains(out, "six.txt") {
			t.Errorf("ls %s over IPv6: exit %d, %q %q", mode, code, out, stderr)
		}
	}
}
