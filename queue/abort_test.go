package queue

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ferry/internal/ftptest"
	"ferry/session"
)

// sparseFile makes a file of size bytes that takes no room on disk.
func sparseFile(t testing.TB, path string, size int64) {
	t.Helper()
	writeFile(t, path, nil)
	if err := os.Truncate(path, size); err != nil {
		t.Fatal(err)
	}
}

// loggedQueue is one worker on one connection to site, with the message log.
func loggedQueue(t testing.TB, site session.Site, opts Options) (*Queue, *session.Log) {
	t.Helper()
	log := session.NewLog(10_000)
	site.MaxConns = 1
	pool := session.NewPool(site, session.Options{DialTimeout: 10 * time.Second, IdleTimeout: 20 * time.Second, Log: log,
		Ask: session.Answers{Trust: session.TrustOnce, Plain: session.PlainAllowOnce}})
	t.Cleanup(func() { pool.Close() })
	opts.Workers, opts.Log = 1, log
	opts.Connect = func(string) (*session.Pool, error) { return pool, nil }
	q, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	return q, log
}

// pauseMidway waits until the last job moved some bytes, pauses it, and
// returns how long the data connection took to close (the log's "Transfer
// aborted", written once it is closed) and the job to settle as Paused.
func pauseMidway(t testing.TB, q *Queue, log *session.Log) (closed, settled time.Duration) {
	t.Helper()
	snap := waitFor(t, q, "bytes moving", func(s Snapshot) bool {
		return len(s.Jobs) > 0 && s.Jobs[len(s.Jobs)-1].Done > 4<<20
	})
	id := snap.Jobs[len(snap.Jobs)-1].ID
	start := time.Now()
	q.Pause(id)
	waitFor(t, q, "the job paused", func(s Snapshot) bool {
		return s.Jobs[len(s.Jobs)-1].State == Paused
	})
	settled = time.Since(start)
	for _, l := range log.Lines() {
		if l.Text == "Transfer aborted" && !l.Time.Before(start) {
			return l.Time.Sub(start), settled
		}
	}
	t.Fatal("no abort in the log")
	return 0, 0
}

// waitIncomplete is how many uploads of name vsftpd logged as incomplete,
// once it logged the first (it logs a transfer as its session goes on).
func waitIncomplete(t *testing.T, srv *ftptest.Server, name string) int {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if n := srv.XferIncomplete(t, "i", name); n > 0 {
			return n
		}
	}
	return 0
}

func countLines(log *session.Log, kind session.LogKind, text string) int {
	n := 0
	for _, l := range log.Lines() {
		if l.Kind == kind && strings.HasPrefix(l.Text, text) {
			n++
		}
	}
	return n
}

func TestPauseAbortsAndTheSameConnectionServesTheNextJob(t *testing.T) {
	servers := []*ftptest.Server{ftptest.Vsftpd(t, false), ftptest.Vsftpd(t, true), ftptest.PureFTPd(t, false)}
	for _, srv := range servers {
		site := realSite(srv, 1)
		if srv.TLS {
			site.Protocol = session.ExplicitTLS
		}
		t.Run(srv.Name+"-"+string(site.Protocol), func(t *testing.T) {
			sparseFile(t, filepath.Join(srv.Root, "big.bin"), 1<<30)
			q, log := loggedQueue(t, site, Options{RateLimit: 20 << 20})
			local := filepath.Join(t.TempDir(), "big.bin")
			if err := q.Download(testKey, "/big.bin", local, false); err != nil {
				t.Fatal(err)
			}
			pauseMidway(t, q, log)
			if fi, err := os.Stat(local + ".part"); err != nil || fi.Size() == 0 {
				t.Fatalf("no resumable .part after the pause: %v", err)
			}
			small := filepath.Join(t.TempDir(), "small.txt")
			writeFile(t, small, []byte("next job"))
			if err := q.Upload(testKey, small, "/small.txt", false); err != nil {
				t.Fatal(err)
			}
			snap := waitFor(t, q, "the next job", func(s Snapshot) bool { return s.Jobs[len(s.Jobs)-1].State.Finished() })
			if j := snap.Jobs[len(snap.Jobs)-1]; j.State != Done {
				t.Fatalf("the next job: %v %s", j.State, j.Err)
			}
			// The same for an upload paused midway.
			big := filepath.Join(t.TempDir(), "up.bin")
			sparseFile(t, big, 1<<30)
			if err := q.Upload(testKey, big, "/up.bin", false); err != nil {
				t.Fatal(err)
			}
			pauseMidway(t, q, log)
			if err := q.Upload(testKey, small, "/small2.txt", false); err != nil {
				t.Fatal(err)
			}
			snap = waitFor(t, q, "the job after the upload", func(s Snapshot) bool { return s.Jobs[len(s.Jobs)-1].State.Finished() })
			if j := snap.Jobs[len(snap.Jobs)-1]; j.State != Done {
				t.Fatalf("the job after the paused upload: %v %s", j.State, j.Err)
			}
			if n := countLines(log, session.LogStatus, "Logged in"); n != 1 {
				t.Errorf("%d logins: the connection was not reused after the abort", n)
			}
			if n := countLines(log, session.LogCommand, "ABOR"); n != 2 {
				t.Errorf("ABOR sent %d times, want once per pause", n)
			}
			// The paused upload was cut, not ended as if the file were
			// complete: the server must not take what it got for the file.
			if srv.XferLog != "" {
				if n := waitIncomplete(t, srv, "/up.bin"); n != 1 {
					t.Errorf("vsftpd logged %d incomplete uploads of up.bin, want the paused one", n)
				}
			}
		})
	}
}

// BenchmarkPauseLatency measures Pause → data connection closed (and →
// job settled) on a 1 GiB transfer limited to 20 MB/s, both directions.
func BenchmarkPauseLatency(b *testing.B) {
	srv := ftptest.Vsftpd(b, false)
	sparseFile(b, filepath.Join(srv.Root, "big.bin"), 1<<30)
	src := filepath.Join(b.TempDir(), "up.bin")
	sparseFile(b, src, 1<<30)
	for _, dir := range []Direction{Download, Upload} {
		b.Run(dir.String(), func(b *testing.B) {
			var closed, settled time.Duration
			for range b.N {
				q, log := loggedQueue(b, realSite(srv, 1), Options{RateLimit: 20e6, Policy: PolicyOverwrite})
				var err error
				if dir == Download {
					err = q.Download(testKey, "/big.bin", filepath.Join(b.TempDir(), "big.bin"), false)
				} else {
					err = q.Upload(testKey, src, "/up.bin", false)
				}
				if err != nil {
					b.Fatal(err)
				}
				c, s := pauseMidway(b, q, log)
				closed += c
				settled += s
				q.Close()
			}
			b.ReportMetric(float64(closed)/1e6/float64(b.N), "ms-to-data-closed")
			b.ReportMetric(float64(settled)/1e6/float64(b.N), "ms-to-paused")
		})
	}
}

func TestClosingTheQueueStopsARunningDownloadAndKeepsItsPart(t *testing.T) {
	srv := ftptest.Vsftpd(t, false)
	sparseFile(t, filepath.Join(srv.Root, "big.bin"), 1<<30)
	q, log := loggedQueue(t, realSite(srv, 1), Options{RateLimit: 20 << 20})
	local := filepath.Join(t.TempDir(), "big.bin")
	if err := q.Download(testKey, "/big.bin", local, false); err != nil {
		t.Fatal(err)
	}
	waitFor(t, q, "bytes moving", func(s Snapshot) bool { return len(s.Jobs) == 1 && s.Jobs[0].Done > 4<<20 })
	if err := q.Close(); err != nil { // what quitting the window does
		t.Fatal(err)
	}
	fi, err := os.Stat(local + ".part")
	if err != nil || fi.Size() == 0 || fi.Size() >= 1<<30 {
		t.Fatalf("after closing: .part %v, %v", fi, err)
	}
	if _, err := os.Stat(local); !os.IsNotExist(err) {
		t.Errorf("a partial download appeared under the real name: %v", err)
	}
	if countLines(log, session.LogCommand, "ABOR") != 1 {
		t.Error("closing did not abort the transfer")
	}
}
