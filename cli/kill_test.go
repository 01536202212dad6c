package cli

import (
	"bytes"
	"crypto/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"ferry/internal/ftptest"
)

// The ferry process killed with SIGKILL mid-download, started again with the
// same arguments, finishes the file without fetching again what had arrived.
func TestKilledDownloadFinishesWhenRunAgain(t *testing.T) {
	home := isolate(t)
	bin := ferryBinary(t)
	srv := ftptest.Vsftpd(t, false)
	data := make([]byte, 24<<20)
	rand.Read(data)
	writeFile(t, filepath.Join(srv.Root, "big.bin"), data)
	dst := filepath.Join(t.TempDir(), "big.bin")
	url := ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/big.bin")

	first := exec.Command(bin, "get", "-q", "--limit", "4M", url, dst)
	first.Env = append(os.Environ(), "LANG=C.UTF-8", "XDG_STATE_HOME="+filepath.Join(home, "state"))
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	waitForSize(t, dst+".part", 2<<20)
	first.Process.Signal(syscall.SIGKILL)
	first.Wait()
	if _, err := os.Stat(dst); err == nil {
		t.Fatal("a killed download left a file under the real name")
	}
	partial := fileSize(t, dst+".part")
	// vsftpd logs the cut transfer once it notices the closed connection.
	before := waitForXfer(t, srv, "o", "big.bin")

	var stderr bytes.Buffer
	second := exec.Command(bin, "get", "-q", "--limit", "4M", url, dst)
	second.Env = first.Env
	second.Stderr = &stderr
	if err := second.Run(); err != nil {
		t.Fatalf("second run: %v %s", err, stderr.String())
	}
	if !bytes.Equal(readFile(t, dst), data) {
		t.Fatal("the resumed download differs from the source")
	}
	resent := srv.XferBytes(t, "o", "big.bin") - before
	if limit := int64(len(data)) - partial + 1<<20; resent > limit {
		t.Fatalf("the second run fetched %d bytes, more than the missing %d plus 1 MiB", resent, int64(len(data))-partial)
	}
}

// The same for an upload of a tree: killed mid-queue, run again, identical.
func TestKilledUploadFinishesWhenRunAgain(t *testing.T) {
	home := isolate(t)
	bin := ferryBinary(t)
	srv := ftptest.Vsftpd(t, false)
	src := filepath.Join(t.TempDir(), "src")
	for _, name := range []string{"a.bin", "b.bin", "sub/c.bin", "sub/d.bin"} {
		data := make([]byte, 6<<20)
		rand.Read(data)
		writeFile(t, filepath.Join(src, name), data)
	}
	url := ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/up")
	env := append(os.Environ(), "LANG=C.UTF-8", "XDG_STATE_HOME="+filepath.Join(home, "state"))

	first := exec.Command(bin, "put", "-r", "-q", "-j", "2", "--limit", "4M", src, url)
	first.Env = env
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	waitForSize(t, filepath.Join(srv.Root, "up", "a.bin"), 3<<20)
	first.Process.Signal(syscall.SIGKILL)
	first.Wait()

	var stderr bytes.Buffer
	second := exec.Command(bin, "put", "-r", "-q", "-j", "2", src, url)
	second.Env = env
	second.Stderr = &stderr
	if err := second.Run(); err != nil {
		t.Fatalf("second run: %v %s", err, stderr.String())
	}
	sameTree(t, src, filepath.Join(srv.Root, "up"))
	received := srv.XferBytes(t, "i", ".bin")
	if limit := int64(4*6<<20) + 2<<20; received > limit {
		t.Fatalf("the server received %d bytes in all, more than the tree plus 1 MiB per connection (%d)", received, limit)
	}
	if strings.TrimSpace(stderr.String()) != "" {
		t.Errorf("stderr: %s", stderr.String())
	}
}

// waitForXfer polls until the server's transfer log counts bytes for name.
func waitForXfer(t *testing.T, srv *ftptest.Server, direction, name string) int64 {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if n := srv.XferBytes(t, direction, name); n > 0 {
			return n
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the server logged no transfer of %s within a minute", name)
	return 0
}

// waitForSize polls until path holds at least n bytes.
func waitForSize(t *testing.T, path string, n int64) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if fi, err := os.Stat(path); err == nil && fi.Size() >= n {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s did not reach %d bytes within a minute", path, n)
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
