package cli

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"ferry/internal/ftptest"
)

// savedSegments reads the segment map beside a .part: each segment's start,
// end and bytes in place.
func savedSegments(t *testing.T, path string) []struct{ Start, End, Done int64 } {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var m struct {
		Segments []struct{ Start, End, Done int64 }
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return nil // caught mid-rename; the caller polls again
	}
	return m.Segments
}

// The ferry process killed with SIGKILL during a download over four
// connections from a server that caps each connection, started again, continues every segment where the map beside
// the .part says it stopped: vsftpd's transfer log shows the second run
// fetched little more than what was missing.
func TestKilledSegmentedDownloadResumesEverySegment(t *testing.T) {
	home := isolate(t)
	bin := ferryBinary(t)
	srv := ftptest.VsftpdWith(t, ftptest.VsftpdOptions{MaxRate: 2 << 20})
	const size = 32 << 20
	data := make([]byte, size)
	rand.Read(data)
	writeFile(t, filepath.Join(srv.Root, "big.bin"), data)
	dst := filepath.Join(t.TempDir(), "big.bin")
	mapPath := dst + ".part.segments"
	url := ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/big.bin")
	env := append(os.Environ(), "LANG=C.UTF-8", "XDG_STATE_HOME="+filepath.Join(home, "state"))

	first := exec.Command(bin, "get", "-q", "--segments", "4", url, dst)
	first.Env = env
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once the map shows every segment under way.
	deadline := time.Now().Add(time.Minute)
	for {
		segs := savedSegments(t, mapPath)
		started := 0
		for _, s := range segs {
			if s.Done > 0 {
				started++
			}
		}
		if started == 4 {
			break
		}
		if time.Now().After(deadline) {
			first.Process.Kill()
			t.Fatalf("the segment map never showed four segments under way: %+v", segs)
		}
		time.Sleep(20 * time.Millisecond) // polling a file; no event to wait on
	}
	first.Process.Signal(syscall.SIGKILL)
	first.Wait()
	if _, err := os.Stat(dst); err == nil {
		t.Fatal("a killed download left a file under the real name")
	}
	var saved int64
	segs := savedSegments(t, mapPath)
	for _, s := range segs {
		if s.Done <= 0 || s.Done >= s.End-s.Start {
			t.Fatalf("segment %+v was not under way when killed", s)
		}
		saved += s.Done
	}
	// vsftpd logs each cut transfer once it notices the closed connection.
	for deadline := time.Now().Add(time.Minute); srv.XferCount(t, "o", "big.bin") < 4; {
		if time.Now().After(deadline) {
			t.Fatal("vsftpd did not log the four cut transfers")
		}
		time.Sleep(20 * time.Millisecond)
	}
	firstSent := srv.XferBytes(t, "o", "big.bin")

	var stderr bytes.Buffer
	second := exec.Command(bin, "get", "-q", "--segments", "4", url, dst)
	second.Env = env
	second.Stderr = &stderr
	if err := second.Run(); err != nil {
		t.Fatalf("second run: %v %s", err, stderr.String())
	}
	if !bytes.Equal(readFile(t, dst), data) {
		t.Fatal("the resumed download differs from the source")
	}
	if _, err := os.Stat(mapPath); !os.IsNotExist(err) {
		t.Fatalf("the segment map is still there after the download (%v)", err)
	}
	secondSent := srv.XferBytes(t, "o", "big.bin") - firstSent
	missing := int64(size) - saved
	// Each segment's connection may carry what is in flight when the
	// segment ends and it is closed; a restarted segment would cost MiBs.
	if slack := int64(2 << 20); secondSent > missing+slack {
		t.Fatalf("the second run fetched %d bytes for %d missing (more than %d over)", secondSent, missing, slack)
	}
	// Bytes sent twice: those the killed run received but had not yet
	// recorded, at most a save interval's worth per connection.
	if twice, limit := firstSent+secondSent-size, int64(4*(2<<20)+(2<<20)); twice > limit {
		t.Fatalf("%d bytes were sent twice, more than %d", twice, limit)
	}
	t.Logf("first run sent %d, saved %d; second run sent %d for %d missing", firstSent, saved, secondSent, missing)
}
