package queue

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

const mib = 1 << 20

func TestDownloadCutMidFileResumesWithoutResending(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{DropAfter: 3 * mib, DropTimes: 1})
	data := randomBytes(1, 8*mib)
	writeFile(t, filepath.Join(srv.Root, "big.bin"), data)
	q := newQueue(t, embeddedSite(srv, 2), Options{})
	dst := filepath.Join(t.TempDir(), "big.bin")

	if err := q.Download(testKey, "/big.bin", dst, false); err != nil {
		t.Fatal(err)
	}
	snap := wait(t, q)
	requireAll(t, snap, Done)
	if a := snap.Jobs[0].Attempts; a < 2 {
		t.Fatalf("attempts = %d: the cut connection was not noticed", a)
	}
	if !bytes.Equal(readFile(t, dst), data) {
		t.Fatal("the resumed download differs from the source")
	}
	if resent := srv.BytesSent() - int64(len(data)); resent >= mib {
		t.Fatalf("the server sent %d bytes more than the file, want under 1 MiB", resent)
	}
	if _, err := os.Stat(dst + partSuffix); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the .part file is still there: %v", err)
	}
}

func TestUploadCutMidFileResumesWithoutResending(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{DropAfter: 3 * mib, DropTimes: 1})
	data := randomBytes(2, 8*mib)
	src := filepath.Join(t.TempDir(), "big.bin")
	writeFile(t, src, data)
	q := newQueue(t, embeddedSite(srv, 2), Options{})

	if err := q.Upload(testKey, src, "/big.bin", false); err != nil {
		t.Fatal(err)
	}
	snap := wait(t, q)
	requireAll(t, snap, Done)
	if a := snap.Jobs[0].Attempts; a < 2 {
		t.Fatalf("attempts = %d: the cut connection was not noticed", a)
	}
	if !bytes.Equal(readFile(t, filepath.Join(srv.Root, "big.bin")), data) {
		t.Fatal("the resumed upload differs from the source")
	}
	if resent := srv.BytesReceived() - int64(len(data)); resent >= mib {
		t.Fatalf("the server received %d bytes more than the file, want under 1 MiB", resent)
	}
}

// On vsftpd the transfers are interrupted by a pause mid-file, both ways.
// The resumed transfer must carry only the remainder: what vsftpd logs for
// it stays under the bytes missing plus 1 MiB. (The interrupted transfer's
// own count includes what sat in socket buffers when it was cut.)
func TestVsftpdPausedTransfersResumeWithoutResending(t *testing.T) {
	srv := ftptest.Vsftpd(t, false)
	data := randomBytes(3, 16*mib)
	size := int64(len(data))
	src := filepath.Join(t.TempDir(), "up.bin")
	writeFile(t, src, data)
	q := newQueue(t, realSite(srv, 2), Options{RateLimit: 8 * mib})

	// pauseMidway pauses the one job a quarter of the way, checks that the
	// partial target is kept, resumes it and returns the bytes vsftpd logged
	// for the resumed transfer and how many were missing.
	pauseMidway := func(direction, partial string) (resumed, missing int64) {
		t.Helper()
		s := waitFor(t, q, "a quarter across", func(s Snapshot) bool {
			return len(s.Jobs) == 1 && s.Jobs[0].State == Running && s.Jobs[0].Done > 4*mib
		})
		q.Pause(s.Jobs[0].ID)
		waitFor(t, q, "the pause", func(s Snapshot) bool { return s.Jobs[0].State == Paused })
		fi, err := os.Stat(partial)
		if err != nil || fi.Size() == 0 || fi.Size() >= size {
			t.Fatalf("the partial file %s is not partial: %v %v", partial, fi, err)
		}
		before := waitForXferLog(t, srv, direction)
		q.Resume(s.Jobs[0].ID)
		requireAll(t, wait(t, q), Done)
		return srv.XferBytes(t, direction, "/up.bin") - before, size - fi.Size()
	}

	if err := q.Upload(testKey, src, "/up.bin", false); err != nil {
		t.Fatal(err)
	}
	onServer := filepath.Join(srv.Root, "up.bin")
	resumed, missing := pauseMidway("i", onServer)
	if !bytes.Equal(readFile(t, onServer), data) {
		t.Fatal("the resumed upload differs from the source")
	}
	if resumed >= missing+mib {
		t.Fatalf("the resumed upload carried %d bytes for %d missing", resumed, missing)
	}

	q.ClearFinished()
	dst := filepath.Join(t.TempDir(), "down.bin")
	if err := q.Download(testKey, "/up.bin", dst, false); err != nil {
		t.Fatal(err)
	}
	resumed, missing = pauseMidway("o", dst+partSuffix)
	if !bytes.Equal(readFile(t, dst), data) {
		t.Fatal("the resumed download differs from the source")
	}
	if resumed >= missing+mib {
		t.Fatalf("the resumed download carried %d bytes for %d missing", resumed, missing)
	}
}

// waitForXferLog waits until vsftpd has logged the interrupted transfer of
// up.bin in direction and returns the bytes logged so far.
func waitForXferLog(t *testing.T, srv *ftptest.Server, direction string) int64 {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if n := srv.XferBytes(t, direction, "/up.bin"); n > 0 {
			return n
		}
		if time.Now().After(deadline) {
			t.Fatal("vsftpd never logged the interrupted transfer")
		}
		time.Sleep(20 * time.Millisecond) // polling a log file; no event to wait on
	}
}

func TestAServerWithoutRESTGetsTheWholeFileAgainAndTheJobSaysSo(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{NoREST: true})
	data := randomBytes(4, 1000)
	writeFile(t, filepath.Join(srv.Root, "f.bin"), data)
	local := filepath.Join(t.TempDir(), "f.bin")
	writeFile(t, local+partSuffix, data[:400])
	q := newQueue(t, embeddedSite(srv, 2), Options{})

	if err := q.Download(testKey, "/f.bin", local, false); err != nil {
		t.Fatal(err)
	}
	snap := wait(t, q)
	requireAll(t, snap, Done)
	if !bytes.Equal(readFile(t, local), data) {
		t.Fatal("the download differs from the source")
	}
	if snap.Jobs[0].Note == "" {
		t.Fatal("the job does not say that it started again from zero")
	}
	if sent := srv.BytesSent(); sent != int64(len(data)) {
		t.Fatalf("the server sent %d bytes, want the whole file once (%d)", sent, len(data))
	}
}

func TestAServerWithoutRESTResumesTheUploadWithAPPE(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{NoREST: true})
	data := randomBytes(5, 1000)
	local := filepath.Join(t.TempDir(), "f.bin")
	writeFile(t, local, data)
	onServer := filepath.Join(srv.Root, "f.bin")
	writeFile(t, onServer, data[:300])
	q := newQueue(t, embeddedSite(srv, 2), Options{})

	if err := q.Upload(testKey, local, "/f.bin", false); err != nil {
		t.Fatal(err)
	}
	snap := wait(t, q)
	requireAll(t, snap, Done)
	if !bytes.Equal(readFile(t, onServer), data) {
		t.Fatal("the upload differs from the source")
	}
	if got, want := srv.BytesReceived(), int64(len(data)-300); got != want {
		t.Fatalf("the server received %d bytes, want only the missing %d", got, want)
	}
	if !slices.ContainsFunc(srv.Commands(), func(c string) bool { return strings.HasPrefix(c, "APPE ") }) {
		t.Fatalf("no APPE among the commands %v", srv.Commands())
	}
}
