package cli

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

// A trusted certificate is listed by "ferry certs list" and, once
// forgotten, needs consent again.
func TestCertsListAndForget(t *testing.T) {
	isolate(t)
	srv, _ := ftptest.EmbeddedTLS(t, ftpserver.Faults{})
	url := strings.Replace(ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/"), "ftp://", "ftpes://", 1)
	if code, _, errOut := run(t, "ls", "--accept-new-cert", url); code != 0 {
		t.Fatalf("ls --accept-new-cert: %d %q", code, errOut)
	}
	hostPort := net.JoinHostPort(srv.Host, strconv.Itoa(srv.Port))
	code, out, _ := run(t, "certs", "list")
	if code != 0 || !strings.Contains(out, hostPort) {
		t.Fatalf("certs list: %d %q, want %s", code, out, hostPort)
	}
	if code, _, errOut := run(t, "certs", "forget", hostPort); code != 0 {
		t.Fatalf("certs forget: %d %q", code, errOut)
	}
	if _, out, _ := run(t, "certs", "list"); strings.Contains(out, hostPort) {
		t.Fatalf("forgotten certificate still listed: %q", out)
	}
	if code, _, errOut := run(t, "ls", url); code != 1 || !strings.Contains(errOut, "--accept-new-cert") {
		t.Fatalf("after forget: %d %q; want the question again", code, errOut)
	}
	if code, _, _ := run(t, "certs", "forget", hostPort); code != 1 {
		t.Fatalf("forgetting an unknown server: exit %d, want 1", code)
	}
}

// A damaged trusted-certs.json does not stop plain ftp:// work; certs
// commands say what is wrong.
func TestADamagedTrustFileDoesNotBlockPlainFTP(t *testing.T) {
	home := isolate(t)
	trust := filepath.Join(home, "xdg_data_home", "ferry", "trusted-certs.json")
	writeFile(t, trust, []byte("{not json"))
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	writeFile(t, filepath.Join(srv.Root, "a.txt"), []byte("a"))
	if code, out, errOut := run(t, "ls", ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/")); code != 0 || !strings.Contains(out, "a.txt") {
		t.Fatalf("ls with a damaged trust file: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := run(t, "certs", "list"); code != 1 || !strings.Contains(errOut, "damaged") {
		t.Fatalf("certs list: %d %q", code, errOut)
	}
	if data, _ := os.ReadFile(trust); string(data) != "{not json" {
		t.Fatalf("the damaged file changed: %q", data)
	}
}

// An expired certificate the user accepted works for data connections on
// vsftpd with require_ssl_reuse=YES, as a trusted one does: listing,
// upload and download, now and in a later run.
func TestAnAcceptedExpiredCertificateWorksForData(t *testing.T) {
	isolate(t)
	srv := ftptest.VsftpdWith(t, ftptest.VsftpdOptions{TLS: true, Expired: true})
	writeFile(t, filepath.Join(srv.Root, "a.txt"), []byte("hello"))
	srv.Chown(t)
	url := strings.Replace(ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/"), "ftp://", "ftpes://", 1)

	code, _, errOut := run(t, "ls", url)
	if code != 1 || !strings.Contains(errOut, "expired") {
		t.Fatalf("untrusted expired certificate: exit %d, %q", code, errOut)
	}
	if code, out, errOut := run(t, "ls", "--accept-new-cert", url); code != 0 || !strings.Contains(out, "a.txt") {
		t.Fatalf("ls --accept-new-cert: exit %d, %q %q", code, out, errOut)
	}
	dst := filepath.Join(t.TempDir(), "a.txt")
	if code, _, errOut := run(t, "get", "-q", url+"a.txt", dst); code != 0 || string(readFile(t, dst)) != "hello" {
		t.Fatalf("get: exit %d, %q", code, errOut)
	}
	if code, _, errOut := run(t, "put", "-q", dst, url+"b.txt"); code != 0 || string(readFile(t, filepath.Join(srv.Root, "b.txt"))) != "hello" {
		t.Fatalf("put: exit %d, %q", code, errOut)
	}
}
