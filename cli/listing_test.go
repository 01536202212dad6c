package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ferry/internal/ftptest"
)

func TestAMissingFolderFailsAndCreatesNothing(t *testing.T) {
	isolate(t)
	srv := ftptest.Vsftpd(t, false) // vsftpd lists a missing folder as empty
	writeFile(t, filepath.Join(srv.Root, "dir", "f.txt"), []byte("hello"))
	srv.Chown(t)
	base := ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "")

	code, out, errOut := run(t, "ls", base+"nonexistent")
	if code == 0 || !strings.HasPrefix(errOut, "ferry: ") {
		t.Errorf("ls of a missing folder: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	target := filepath.Join(t.TempDir(), "d")
	code, out, errOut = run(t, "get", "-r", "-q", base+"nonexistent", target)
	if code == 0 {
		t.Errorf("get -r of a missing folder: exit 0, stdout %q, stderr %q", out, errOut)
	}
	if _, err := os.Lstat(target); !os.IsNotExist(err) {
		t.Errorf("get -r of a missing folder created %s (%v)", target, err)
	}
	code, out, errOut = run(t, "ls", base+"dir/f.txt")
	if code != 0 || !strings.Contains(out, "f.txt") || !strings.Contains(out, " 5 ") {
		t.Errorf("ls of a file: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
