package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ferry/internal/ftptest"
)

// A server that allows fewer connections than -j asks for gets every file:
// Ferry learns the limit from the refusals, says so once, and waits for a
// connection instead of failing files.
func TestConnectionLimitsLoseNoFile(t *testing.T) {
	const files = 200
	src := t.TempDir()
	for i := range files {
		writeFile(t, filepath.Join(src, fmt.Sprintf("d%d", i%4), fmt.Sprintf("f%03d.txt", i)), []byte(strings.Repeat("x", i)))
	}
	for _, limit := range []int{1, 2} {
		t.Run(fmt.Sprintf("max_per_ip=%d", limit), func(t *testing.T) {
			isolate(t)
			srv := ftptest.VsftpdWith(t, ftptest.VsftpdOptions{MaxPerIP: limit})
			code, out, errOut := run(t, "put", "-r", "-j", "8", src, ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/up"))
			if code != 0 {
				t.Fatalf("exit %d\n%s%s", code, out, errOut)
			}
			t.Log(strings.TrimSpace(out))
			if !strings.HasPrefix(out, fmt.Sprintf("%d files", files)) {
				t.Errorf("summary %q", out)
			}
			want := fmt.Sprintf("allows %d connection", limit)
			if n := strings.Count(errOut, want); n != 1 {
				t.Errorf("said %d times %q:\n%s", n, want, errOut)
			}
			sameTree(t, src, filepath.Join(srv.Root, "up"))
		})
	}
	t.Run("max_clients=1 get -j 1", func(t *testing.T) {
		isolate(t)
		srv := ftptest.VsftpdWith(t, ftptest.VsftpdOptions{MaxClients: 1})
		writeFile(t, filepath.Join(srv.Root, "one.txt"), []byte("only one connection"))
		srv.Chown(t)
		dst := t.TempDir()
		code, out, errOut := run(t, "get", "-j", "1", ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/one.txt"), dst)
		if code != 0 {
			t.Fatalf("exit %d\n%s%s", code, out, errOut)
		}
		if got, _ := os.ReadFile(filepath.Join(dst, "one.txt")); string(got) != "only one connection" {
			t.Fatalf("downloaded %q", got)
		}
	})
}
