package queue

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
	"ferry/session"
)

func TestVerifiedTransfersPassOnAnHonestServer(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	log := session.NewLog(1000)
	q := newQueue(t, embeddedSite(srv, 2), Options{Verify: true, Log: log})
	local := filepath.Join(t.TempDir(), "up.bin")
	writeFile(t, local, randomBytes(1, 300_000))
	if err := q.Upload(testKey, local, "/up.bin", false); err != nil {
		t.Fatal(err)
	}
	requireAll(t, wait(t, q), Done)
	back := filepath.Join(t.TempDir(), "back.bin")
	if err := q.Download(testKey, "/up.bin", back, false); err != nil {
		t.Fatal(err)
	}
	requireAll(t, wait(t, q), Done)
	if !bytes.Equal(readFile(t, back), readFile(t, local)) {
		t.Fatal("the verified download differs")
	}
	verified := 0
	for _, l := range log.Lines() {
		if strings.Contains(l.Text, "SHA-256 checksum verified") {
			verified++
		}
	}
	if verified != 2 {
		t.Errorf("%d transfers verified, want 2", verified)
	}
}

func TestALyingHashFailsTheJobAndLeavesTheGoodTargetUntouched(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{WrongHash: true})
	writeFile(t, filepath.Join(srv.Root, "f.bin"), randomBytes(2, 200_000))
	q := newQueue(t, embeddedSite(srv, 2), Options{Verify: true, Policy: PolicyOverwrite})
	target := filepath.Join(t.TempDir(), "f.bin")
	good := []byte("the good file that was here before")
	writeFile(t, target, good)
	if err := q.Download(testKey, "/f.bin", target, false); err != nil {
		t.Fatal(err)
	}
	snap := wait(t, q)
	requireAll(t, snap, Failed)
	if msg := snap.Jobs[0].Err; !strings.Contains(msg, "does not match the server's SHA-256 checksum") || !strings.Contains(msg, ".part") {
		t.Errorf("message = %q", msg)
	}
	if snap.Jobs[0].Attempts != 1 {
		t.Errorf("a checksum mismatch was retried (%d attempts)", snap.Jobs[0].Attempts)
	}
	if got := readFile(t, target); !bytes.Equal(got, good) {
		t.Error("the good target was replaced")
	}
	if got := readFile(t, target+".part"); !bytes.Equal(got, readFile(t, filepath.Join(srv.Root, "f.bin"))) {
		t.Error("the downloaded bytes were not kept as .part")
	}

	// An upload checked against the lying server fails too.
	local := filepath.Join(t.TempDir(), "u.bin")
	writeFile(t, local, []byte("upload"))
	if err := q.Upload(testKey, local, "/u.bin", false); err != nil {
		t.Fatal(err)
	}
	snap = wait(t, q)
	if j := snap.Jobs[len(snap.Jobs)-1]; j.State != Failed || !strings.Contains(j.Err, "the upload is damaged") {
		t.Errorf("upload: %v %q", j.State, j.Err)
	}
}

func TestUploadsKeepTheLocalTimeOnRealServers(t *testing.T) {
	for _, start := range []func(testing.TB, bool) *ftptest.Server{ftptest.Vsftpd, ftptest.PureFTPd} {
		srv := start(t, false)
		t.Run(srv.Name, func(t *testing.T) {
			q := newQueue(t, realSite(srv, 2), Options{})
			dir := t.TempDir()
			when := time.Date(2018, 7, 6, 5, 4, 3, 0, time.UTC)
			// Enough files that most times travel with the next file's
			// commands, and the last ones are sent when the queue runs dry.
			var names []string
			for i := range 12 {
				names = append(names, fmt.Sprintf("f%02d.txt", i))
			}
			for _, name := range names {
				writeFile(t, filepath.Join(dir, name), []byte(name))
				if err := os.Chtimes(filepath.Join(dir, name), when, when); err != nil {
					t.Fatal(err)
				}
			}
			if err := q.Upload(testKey, dir, "/up", true); err != nil {
				t.Fatal(err)
			}
			snap := wait(t, q)
			requireAll(t, snap, Done)
			for _, name := range names {
				fi, err := os.Stat(filepath.Join(srv.Root, "up", name))
				if err != nil || !fi.ModTime().Equal(when) {
					t.Errorf("%s on the server: %v, %v; want %v", name, fi.ModTime().UTC(), err, when)
				}
			}
			for _, j := range snap.Jobs {
				if j.Note != "" {
					t.Errorf("note on a server that sets times: %q", j.Note)
				}
			}
		})
	}
}

func TestAServerThatCannotSetTimesGetsOneNote(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	q := newQueue(t, embeddedSite(srv, 2), Options{})
	dir := t.TempDir()
	for i := range 5 {
		writeFile(t, filepath.Join(dir, string(rune('a'+i))), []byte("x"))
	}
	if err := q.Upload(testKey, dir, "/up", true); err != nil {
		t.Fatal(err)
	}
	snap := wait(t, q)
	requireAll(t, snap, Done)
	notes := 0
	for _, j := range snap.Jobs {
		if j.Note == noTimesNote {
			notes++
		}
	}
	if notes != 1 {
		t.Errorf("%d jobs carry the note, want exactly 1", notes)
	}
}

func TestASegmentedDownloadIsVerifiedToo(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{WrongHash: true})
	writeFile(t, filepath.Join(srv.Root, "big.bin"), randomBytes(3, 3<<20))
	q := newQueue(t, embeddedSite(srv, 3), Options{Verify: true, Segments: 2, Workers: 1})
	target := filepath.Join(t.TempDir(), "big.bin")
	if err := q.Download(testKey, "/big.bin", target, false); err != nil {
		t.Fatal(err)
	}
	snap := wait(t, q)
	requireAll(t, snap, Failed)
	if !strings.Contains(snap.Jobs[0].Err, "does not match the server's SHA-256 checksum") {
		t.Errorf("message = %q", snap.Jobs[0].Err)
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Errorf("the target exists after a failed check: %v", err)
	}
}

func TestSetVerifyTurnsVerificationOnForTheNextTransfer(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{WrongHash: true})
	writeFile(t, filepath.Join(srv.Root, "f.bin"), []byte("content"))
	q := newQueue(t, embeddedSite(srv, 2), Options{})
	dst := t.TempDir()
	if err := q.Download(testKey, "/f.bin", filepath.Join(dst, "a.bin"), false); err != nil {
		t.Fatal(err)
	}
	requireAll(t, wait(t, q), Done) // not verified: the lie goes unseen
	q.SetVerify(true)
	q.ClearFinished()
	if err := q.Download(testKey, "/f.bin", filepath.Join(dst, "b.bin"), false); err != nil {
		t.Fatal(err)
	}
	requireAll(t, wait(t, q), Failed)
}
