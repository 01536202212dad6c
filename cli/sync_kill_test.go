package cli

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"ferry/internal/ftptest"
)

// A versioned sync killed with SIGKILL mid-file, run again: the target ends
// identical to the source, and every kept version is a whole old file, kept
// once (the cut-short upload is resumed, not kept as a version).
func TestKilledSyncFinishesAndKeepsWholeVersions(t *testing.T) {
	home := isolate(t)
	bin := ferryBinary(t)
	srv := ftptest.Vsftpd(t, false)
	src := filepath.Join(t.TempDir(), "src")
	names := []string{"a.bin", "b.bin", "sub/c.bin", "sub/d.bin", "sub/e.bin", "f.bin"}
	old := map[string][]byte{}
	for _, name := range names {
		old[name] = randomFile(t, filepath.Join(src, name), 3<<20, time.Now().Add(-2*time.Hour))
	}
	url := ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/up")
	env := append(os.Environ(), "LANG=C.UTF-8", "XDG_STATE_HOME="+filepath.Join(home, "state"))
	ferry := func(args ...string) *exec.Cmd {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		return cmd
	}
	if out, err := ferry("sync", "-q", src, url).CombinedOutput(); err != nil {
		t.Fatalf("first sync: %v %s", err, out)
	}
	for _, name := range names { // new bytes, same size, newer time
		randomFile(t, filepath.Join(src, name), 3<<20, time.Now().Add(-10*time.Minute))
	}

	killed := ferry("sync", "-q", "-j", "2", "--limit", "4M", "--versions", "/kept", src, url)
	if err := killed.Start(); err != nil {
		t.Fatal(err)
	}
	waitForPartialReplacement(t, filepath.Join(srv.Root, "up"), names, 3<<20)
	killed.Process.Signal(syscall.SIGKILL)
	killed.Wait()

	var stderr bytes.Buffer
	again := ferry("sync", "-q", "--versions", "/kept", src, url)
	again.Stderr = &stderr
	if err := again.Run(); err != nil {
		t.Fatalf("second run: %v %s", err, stderr.String())
	}
	sameTree(t, src, filepath.Join(srv.Root, "up"))

	kept := map[string]int{}
	err := filepath.WalkDir(filepath.Join(srv.Root, "kept"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join(srv.Root, "kept"), p)
		stamp, name, _ := cutFirst(filepath.ToSlash(rel))
		if !bytes.Equal(readFile(t, p), old[name]) {
			return fmt.Errorf("the version %s in %s is not the whole old file", name, stamp)
		}
		kept[name]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if kept[name] != 1 {
			t.Errorf("%s was kept %d times; want once", name, kept[name])
		}
	}
}

func cutFirst(p string) (first, rest string, ok bool) {
	for i := range p {
		if p[i] == '/' {
			return p[:i], p[i+1:], true
		}
	}
	return p, "", false
}

func randomFile(t *testing.T, p string, n int, mtime time.Time) []byte {
	t.Helper()
	data := make([]byte, n)
	rand.Read(data)
	writeFile(t, p, data)
	if err := os.Chtimes(p, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	return data
}

// waitForPartialReplacement polls until one of the target's files is being
// rewritten: present with part of its bytes.
func waitForPartialReplacement(t *testing.T, dir string, names []string, size int64) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		for _, name := range names {
			if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && fi.Size() >= 256<<10 && fi.Size() < size-256<<10 {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("no file of the target was rewritten within a minute")
}
