package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"ferry/internal/ftptest"
)

// awkwardTree writes files and folders whose names trip up FTP servers and
// clients: spaces at either end or doubled, a leading dash, a backslash,
// unicode, a 200-character name, empty files and folders, and a link.
func awkwardTree(t *testing.T, dir string) {
	t.Helper()
	long := strings.Repeat("n", 196) + ".txt"
	files := map[string]string{
		" lead.txt":            "leading space",
		"trail.txt ":           "trailing space",
		"two  spaces.txt":      "two spaces",
		"-dash.txt":            "leading dash",
		"-l":                   "an ls option",
		`back\slash.txt`:       "backslash",
		"ünïcödé 日本.txt":       "unicode",
		long:                   "long name",
		"empty.txt":            "",
		" lead dir/inner.txt":  "in a folder with a leading space",
		"-dash dir/x":          "in a folder with a leading dash",
		"trail dir /y":         "in a folder with a trailing space",
		"two  spaces/z":        "in a folder with two spaces",
		"a/b/c/deep.txt":       "deep",
		"a/b/empty inside.bin": "",
		"ünï dir/ü.txt":        "unicode folder",
	}
	for name, content := range files {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), []byte(content))
	}
	for _, empty := range []string{"empty dir", "a/b/empty too"} {
		if err := os.MkdirAll(filepath.Join(dir, empty), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// A link to a file travels as the file's content (diff -r follows it).
	if err := os.Symlink("two  spaces.txt", filepath.Join(dir, "link to file")); err != nil {
		t.Fatal(err)
	}
}

// diffTrees fails unless diff -r finds the trees identical: the same
// names, folders (empty ones too) and bytes.
func diffTrees(t *testing.T, what, a, b string) {
	t.Helper()
	if out, err := exec.Command("diff", "-r", a, b).CombinedOutput(); err != nil {
		t.Errorf("%s: diff -r: %v\n%s", what, err, out)
	}
}

func TestAwkwardNamesRoundTripOnEveryServer(t *testing.T) {
	isolate(t)
	src := filepath.Join(t.TempDir(), "src")
	awkwardTree(t, src)
	servers := []func(testing.TB) *ftptest.Server{
		func(t testing.TB) *ftptest.Server { return ftptest.Vsftpd(t, false) },
		func(t testing.TB) *ftptest.Server { return ftptest.PureFTPd(t, false) },
		ftptest.ProFTPD, ftptest.InetutilsFTPD, ftptest.Pyftpdlib,
	}
	for _, start := range servers {
		srv := start(t)
		t.Run(srv.Name, func(t *testing.T) {
			src := src
			if srv.Name == "pure-ftpd" {
				// pure-ftpd's own rules: it refuses a backslash in a name
				// (553) and stores a file named "x " as "x_".
				src = filepath.Join(t.TempDir(), "src")
				awkwardTree(t, src)
				for _, name := range []string{`back\slash.txt`, "trail.txt "} {
					if err := os.Remove(filepath.Join(src, name)); err != nil {
						t.Fatal(err)
					}
				}
			}
			url := ftpURL(srv.Host, srv.Port, srv.User, srv.Password, srv.Path("up"))
			if code, out, errOut := run(t, "put", "-r", "-q", src, url); code != 0 {
				t.Fatalf("put -r: exit %d\n%s%s", code, out, errOut)
			}
			diffTrees(t, "put -r", src, filepath.Join(srv.Root, "up"))
			srv.Chown(t)
			back := filepath.Join(t.TempDir(), "back")
			if code, out, errOut := run(t, "get", "-r", "-q", url, back); code != 0 {
				t.Fatalf("get -r: exit %d\n%s%s", code, out, errOut)
			}
			diffTrees(t, "get -r", src, back)
		})
	}
}
