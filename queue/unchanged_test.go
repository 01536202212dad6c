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
)

// A file that grows, or is rewritten in place with the same size, while it
// is uploaded ends Failed with a sentence that says so: never Done.
func TestAnUploadWhoseFileChangesFails(t *testing.T) {
	changes := map[string]func(t *testing.T, path string){
		"grows": func(t *testing.T, path string) {
			f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.Write([]byte("more")); err != nil {
				t.Fatal(err)
			}
		},
		"is rewritten in place": func(t *testing.T, path string) {
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteAt([]byte("changed"), 3*mib); err != nil {
				t.Fatal(err)
			}
			// A write within the file's clock tick may keep its time.
			if err := os.Chtimes(path, time.Time{}, time.Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
		},
	}
	vsftpd := ftptest.Vsftpd(t, false)
	for name, change := range changes {
		for _, real := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/vsftpd=%v", name, real), func(t *testing.T) {
				uploadChangingFile(t, change, real, vsftpd)
			})
		}
	}
}

// uploadChangingFile uploads a file that change alters midway, to the
// embedded server or to vsftpd (which then must log the upload as
// incomplete: the data connection was cut, not ended).
func uploadChangingFile(t *testing.T, change func(t *testing.T, path string), real bool, vsftpd *ftptest.Server) {
	site := realSite(vsftpd, 1)
	if !real {
		site = embeddedSite(ftptest.Embedded(t, ftpserver.Faults{}), 1)
	}
	name := fmt.Sprintf("/live-%d.bin", time.Now().UnixNano())
	src := filepath.Join(t.TempDir(), "live.bin")
	writeFile(t, src, randomBytes(7, 6*mib))
	q := newQueue(t, site, Options{RateLimit: 4 * mib})
	if err := q.Upload(testKey, src, name, false); err != nil {
		t.Fatal(err)
	}
	waitFor(t, q, "the upload under way", func(s Snapshot) bool {
		return len(s.Jobs) == 1 && s.Jobs[0].State == Running && s.Jobs[0].Done > mib
	})
	change(t, src)
	s := wait(t, q)
	requireAll(t, s, Failed)
	if err := s.Jobs[0].Err; !strings.Contains(err, "changed while it was uploaded") {
		t.Fatalf("the failure does not name the change: %q", err)
	}
	if real {
		if n := waitIncomplete(t, vsftpd, name); n != 1 {
			t.Fatalf("vsftpd logged %d incomplete uploads of the changed file, want 1", n)
		}
	}
}

// Retrying an upload that failed because its file changed sends the file
// again from its first byte: what the server holds began as another
// version of it, so resuming would store a mix of the two as done.
func TestRetryingAnUploadWhoseFileChangedStartsOver(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	src := filepath.Join(t.TempDir(), "live.bin")
	writeFile(t, src, randomBytes(8, 6*mib))
	q := newQueue(t, embeddedSite(srv, 1), Options{RateLimit: 4 * mib})
	if err := q.Upload(testKey, src, "/live.bin", false); err != nil {
		t.Fatal(err)
	}
	waitFor(t, q, "the upload under way", func(s Snapshot) bool {
		return len(s.Jobs) == 1 && s.Jobs[0].State == Running && s.Jobs[0].Done > 2*mib
	})
	// The start of the file, already on the server, changes.
	f, err := os.OpenFile(src, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte("a new beginning"), 0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Chtimes(src, time.Time{}, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	s := wait(t, q)
	requireAll(t, s, Failed)

	q.Retry(s.Jobs[0].ID)
	requireAll(t, wait(t, q), Done)
	if !bytes.Equal(readFile(t, filepath.Join(srv.Root, "live.bin")), readFile(t, src)) {
		t.Fatal("the retried upload left a mix of the old and the new file on the server")
	}
}

// A paused download whose file then changes on the server starts again
// from zero when it resumes, and says why: the .part holds the start of
// the other version.
func TestAResumedDownloadWhoseServerFileChangedStartsOver(t *testing.T) {
	for _, segments := range []int{1, 2} {
		t.Run(fmt.Sprintf("segments=%d", segments), func(t *testing.T) {
			srv := ftptest.Embedded(t, ftpserver.Faults{})
			remote := filepath.Join(srv.Root, "big.bin")
			writeFile(t, remote, randomBytes(9, 4*mib))
			local := filepath.Join(t.TempDir(), "big.bin")
			q := newQueue(t, embeddedSite(srv, 2), Options{RateLimit: 2 * mib, Segments: segments, SegmentThreshold: mib})
			if err := q.Download(testKey, "/big.bin", local, false); err != nil {
				t.Fatal(err)
			}
			waitFor(t, q, "the download under way", func(s Snapshot) bool { return s.Jobs[0].Done > mib })
			q.Pause(1)
			waitFor(t, q, "the job paused", func(s Snapshot) bool { return s.Jobs[0].State == Paused })

			// Rewritten in place on the server: the same size, another time.
			changed := randomBytes(10, 4*mib)
			writeFile(t, remote, changed)
			when := time.Now().Add(time.Hour).Truncate(time.Second).Add(7 * time.Second)
			if err := os.Chtimes(remote, when, when); err != nil {
				t.Fatal(err)
			}
			q.Resume(1)
			s := wait(t, q)
			requireAll(t, s, Done)
			if !bytes.Equal(readFile(t, local), changed) {
				t.Fatal("the resumed download mixed the old and the new file")
			}
			if !strings.Contains(s.Jobs[0].Note, "changed on the server") {
				t.Errorf("the job does not say why it started over: %q", s.Jobs[0].Note)
			}
		})
	}
}

// The same download started again by a new command (a new queue, nothing
// saved) resumes the .part left by the first while the server file is the
// same, and starts over when it was rewritten in between.
func TestAPartLeftByAnEarlierRunIsResumedOnlyForTheSameServerFile(t *testing.T) {
	for _, rewritten := range []bool{false, true} {
		t.Run(fmt.Sprintf("rewritten=%v", rewritten), func(t *testing.T) {
			srv := ftptest.Embedded(t, ftpserver.Faults{})
			remote := filepath.Join(srv.Root, "big.bin")
			writeFile(t, remote, randomBytes(11, 4*mib))
			local := filepath.Join(t.TempDir(), "big.bin")
			first := newQueue(t, embeddedSite(srv, 2), Options{RateLimit: 2 * mib, Segments: 1})
			if err := first.Download(testKey, "/big.bin", local, false); err != nil {
				t.Fatal(err)
			}
			waitFor(t, first, "the download under way", func(s Snapshot) bool { return s.Jobs[0].Done > mib })
			first.Pause(1)
			waitFor(t, first, "the job paused", func(s Snapshot) bool { return s.Jobs[0].State == Paused })
			if err := first.Close(); err != nil {
				t.Fatal(err)
			}
			want := readFile(t, remote)
			if rewritten {
				want = randomBytes(12, 4*mib)
				writeFile(t, remote, want)
				when := time.Now().Add(time.Hour).Truncate(time.Second)
				if err := os.Chtimes(remote, when, when); err != nil {
					t.Fatal(err)
				}
			}
			sentBefore := srv.BytesSent()

			second := newQueue(t, embeddedSite(srv, 2), Options{Segments: 1})
			if err := second.Download(testKey, "/big.bin", local, false); err != nil {
				t.Fatal(err)
			}
			s := wait(t, second)
			requireAll(t, s, Done)
			if !bytes.Equal(readFile(t, local), want) {
				t.Fatal("the download does not equal the server's file")
			}
			sent := srv.BytesSent() - sentBefore
			if rewritten && sent != int64(len(want)) {
				t.Fatalf("the rewritten file: the server sent %d bytes, want all %d", sent, len(want))
			}
			if !rewritten && sent >= int64(len(want)) {
				t.Fatalf("the same file: the server sent %d bytes, want less than all %d (a resume)", sent, len(want))
			}
			if _, err := os.Stat(local + partSuffix + partRecordSuffix); !os.IsNotExist(err) {
				t.Fatalf("the record of the finished .part is still there: %v", err)
			}
		})
	}
}
