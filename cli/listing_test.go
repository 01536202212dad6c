package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ferry/internal/ftpserver"
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

func TestLoopsStopAtMaxDepthAndSkippedLinksAreNamed(t *testing.T) {
	isolate(t)
	loop := ftptest.Embedded(t, ftpserver.Faults{LoopDir: "again"})
	writeFile(t, filepath.Join(loop.Root, "d", "f.txt"), []byte("f"))
	code, _, errOut := run(t, "get", "-r", "-q", "--max-depth", "2",
		ftpURL(loop.Host, loop.Port, loop.User, loop.Password, "/d"), filepath.Join(t.TempDir(), "d"))
	if code != 1 || !strings.Contains(errOut, "more than 2 folders deep") || !strings.Contains(errOut, "--max-depth") {
		t.Errorf("a never-ending tree: exit %d, stderr %q", code, errOut)
	}

	srv := ftptest.Vsftpd(t, false)
	writeFile(t, filepath.Join(srv.Root, "t", "f.txt"), []byte("f"))
	if err := os.Symlink("nowhere", filepath.Join(srv.Root, "t", "dangling")); err != nil {
		t.Fatal(err)
	}
	srv.Chown(t)
	code, out, errOut := run(t, "get", "-r", ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/t"), filepath.Join(t.TempDir(), "t"))
	if code != 0 || !strings.Contains(errOut, "ferry: note: Skipped the link /t/dangling") || !strings.HasPrefix(out, "1 files") {
		t.Errorf("a dangling link: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
