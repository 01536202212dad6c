package cli

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

// hostileName would clear the screen and retitle the terminal if printed raw.
const hostileName = "esc\x1b[2J\x1b]0;owned\x07.txt"

// A server's names reach the terminal quoted, in every error line: a name
// that is skipped, a name the server's reply repeats, a name in the
// sentence of a failed job.
func TestServerNamesNeverReachTheTerminalRaw(t *testing.T) {
	isolate(t)
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	writeFile(t, filepath.Join(srv.Root, "tree", hostileName), []byte("x"))
	if err := os.MkdirAll(filepath.Join(srv.Root, "dir", hostileName), 0o755); err != nil {
		t.Fatal(err)
	}
	base := ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "")
	escaped := url.PathEscape(hostileName)
	src := filepath.Join(t.TempDir(), "src.txt")
	writeFile(t, src, []byte("y"))

	cases := map[string][]string{
		"a listed name that is skipped": {"get", "-r", "-q", base + "tree", t.TempDir()},
		"a missing file":                {"get", "-q", base + "nope/" + escaped, filepath.Join(t.TempDir(), "x")},
		"a folder where a file goes":    {"put", "-q", src, base + "dir/" + escaped},
		"a listing of a missing folder": {"ls", base + escaped + "/"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := run(t, args...)
			if code == 0 {
				t.Fatalf("exit 0; stdout %q stderr %q", out, errOut)
			}
			if strings.ContainsAny(out+errOut, "\x1b\x07") {
				t.Fatalf("a raw control character reached the terminal: %q", errOut)
			}
			if !strings.Contains(errOut, `esc\x1b[2J`) {
				t.Fatalf("the name is not shown quoted: %q", errOut)
			}
		})
	}
}

// A wrong URL is a usage error whose message hides the password it holds.
func TestURLErrorsHideThePassword(t *testing.T) {
	isolate(t)
	for _, raw := range []string{"ftp://u:SECRET@127.0.0.1:99999/", "http://u:SECRET@127.0.0.1/", "ftp://u:SECRET@127.0.0.1:x y/"} {
		code, _, errOut := run(t, "ls", raw)
		if code != 2 || strings.Contains(errOut, "SECRET") || !strings.Contains(errOut, "****") {
			t.Errorf("ls %s: exit %d, %q", raw, code, errOut)
		}
	}
	if _, out, _ := run(t, "help"); !strings.Contains(out, "visible to other users") {
		t.Errorf("help does not warn about a password in the URL: %q", out)
	}
}
