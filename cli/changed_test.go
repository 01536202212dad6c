package cli

import (
	"bytes"
	"crypto/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"ferry/internal/ftptest"
)

// A file cut short while a rate-limited put sends it is not reported as
// uploaded: the exit status is 1, the error names the change, and no
// summary claims the bytes.
func TestAFileThatShrinksDuringPutFails(t *testing.T) {
	home := isolate(t)
	bin := ferryBinary(t)
	srv := ftptest.Vsftpd(t, false)
	data := make([]byte, 8<<20)
	rand.Read(data)
	src := filepath.Join(t.TempDir(), "shrinks.bin")
	writeFile(t, src, data)

	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, "put", "--limit", "2M", src, ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/shrinks.bin"))
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "XDG_STATE_HOME="+filepath.Join(home, "state"))
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForSize(t, filepath.Join(srv.Root, "shrinks.bin"), 1<<20)
	if err := os.Truncate(src, 1<<20); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); err == nil || code != 1 {
		t.Fatalf("exit %d (%v), want 1; stdout %q stderr %q", code, err, stdout.String(), stderr.String())
	}
	if !strings.Contains(stderr.String(), "changed while it was uploaded") {
		t.Errorf("stderr does not name the change: %q", stderr.String())
	}
	if strings.Contains(stdout.String(), "files") {
		t.Errorf("a summary claims the upload: %q", stdout.String())
	}
}

// put of one file into folders the server does not have creates them, as
// put -r does; the summary counts only the bytes this run carried.
func TestPutCreatesMissingFoldersAndCountsOnlyThisRunsBytes(t *testing.T) {
	isolate(t)
	srv := ftptest.Vsftpd(t, false)
	data := make([]byte, 4<<20)
	rand.Read(data)
	src := filepath.Join(t.TempDir(), "data.bin")
	writeFile(t, src, data)
	base := ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/")

	code, _, errOut := run(t, "put", "-q", src, base+"new/deeper/data.bin")
	if code != 0 || !bytes.Equal(readFile(t, filepath.Join(srv.Root, "new", "deeper", "data.bin")), data) {
		t.Fatalf("put into missing folders: exit %d, %q", code, errOut)
	}

	// An earlier run left the first 3 MiB on the server: this run carries 1.
	writeFile(t, filepath.Join(srv.Root, "part.bin"), data[:3<<20])
	srv.Chown(t)
	code, out, errOut := run(t, "put", src, base+"part.bin")
	if code != 0 || !bytes.Equal(readFile(t, filepath.Join(srv.Root, "part.bin")), data) {
		t.Fatalf("resumed put: exit %d, %q", code, errOut)
	}
	if !strings.Contains(out, "1 files, 1.0 MiB in") {
		t.Fatalf("summary %q: want this run's 1.0 MiB", out)
	}
}
