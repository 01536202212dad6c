package queue

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

// requireSegmentsAddUp fails unless segs tile [0, size) in order and their
// bytes add up to done.
func requireSegmentsAddUp(t *testing.T, segs []SegmentStatus, size, done int64) {
	t.Helper()
	var at, sum int64
	for _, s := range segs {
		if s.Start != at || s.End <= s.Start || s.Done < 0 || s.Done > s.End-s.Start {
			t.Fatalf("segment %+v does not follow on at %d: %+v", s, at, segs)
		}
		at, sum = s.End, sum+s.Done
	}
	if at != size {
		t.Fatalf("the segments end at %d, the file at %d: %+v", at, size, segs)
	}
	if sum != done {
		t.Fatalf("the segments hold %d bytes, the job says %d: %+v", sum, done, segs)
	}
}

func TestASegmentedJobsSnapshotCarriesItsSegmentsAndTheyAddUpToItsProgress(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	data := randomBytes(31, 2<<20)
	writeFile(t, filepath.Join(srv.Root, "big.bin"), data)
	writeFile(t, filepath.Join(srv.Root, "small.bin"), data[:1000])
	dir := t.TempDir()
	// Slow enough that the segments are seen under way.
	q := newQueue(t, embeddedSite(srv, 4), Options{Segments: 2, Workers: 2, RateLimit: 1 << 20})
	if err := q.Download(testKey, "/small.bin", filepath.Join(dir, "small.bin"), false); err != nil {
		t.Fatal(err)
	}
	if err := q.Download(testKey, "/big.bin", filepath.Join(dir, "big.bin"), false); err != nil {
		t.Fatal(err)
	}

	running := waitFor(t, q, "both segments under way", func(s Snapshot) bool {
		segs := s.Segments[2]
		return len(segs) == 2 && segs[0].Done > 0 && segs[1].Done > 0 && segs[1].State == SegmentRunning
	})
	if _, ok := running.Segments[1]; ok || len(running.Segments) != 1 {
		t.Fatalf("only the segmented job should carry segments: %+v", running.Segments)
	}
	big := running.Jobs[1]
	requireSegmentsAddUp(t, running.Segments[big.ID], big.Size, big.Done)

	q.Pause(big.ID)
	paused := waitFor(t, q, "the job paused", func(s Snapshot) bool { return s.Jobs[1].State == Paused })
	for _, s := range paused.Segments[big.ID] {
		if s.State == SegmentRunning || s.Speed != 0 {
			t.Fatalf("a segment of a paused job still runs: %+v", paused.Segments[big.ID])
		}
	}
	requireSegmentsAddUp(t, paused.Segments[big.ID], big.Size, paused.Jobs[1].Done)

	q.Resume(big.ID)
	done := wait(t, q)
	requireAll(t, done, Done)
	if done.Segments != nil {
		t.Fatalf("a finished download still shows segments: %+v", done.Segments)
	}
	if !bytes.Equal(readFile(t, filepath.Join(dir, "big.bin")), data) {
		t.Fatal("the download differs from the source")
	}
}

func TestASegmentThatFailsForGoodIsShownFailed(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{DropAfter: 100 << 10, DropTimes: 100})
	writeFile(t, filepath.Join(srv.Root, "big.bin"), randomBytes(32, 4<<20))
	q := newQueue(t, embeddedSite(srv, 2), Options{Segments: 2, Retries: -1})
	if err := q.Download(testKey, "/big.bin", filepath.Join(t.TempDir(), "big.bin"), false); err != nil {
		t.Fatal(err)
	}
	s := wait(t, q)
	requireAll(t, s, Failed)
	var failed int
	for _, seg := range s.Segments[s.Jobs[0].ID] {
		if seg.State == SegmentFailed {
			failed++
		}
	}
	if failed == 0 {
		t.Fatalf("no segment of the failed download says it failed: %+v", s.Segments)
	}
}

// siteSegmentsCase is one choice of segments and the connections it should
// download a 4 MiB file over.
type siteSegmentsCase struct {
	name       string
	site, opts int // Site.Segments, Options.Segments
	// edited, when not 0, is given by SetSiteSegments after a site edit
	// the pool has not seen (-1 stands for Automatic).
	edited    int
	threshold int64
	want      int
}

var siteSegmentsCases = []siteSegmentsCase{
	{name: "Off comes over one connection", site: 1, threshold: 1 << 20, want: 1},
	{name: "three comes in three segments", site: 3, threshold: 1 << 20, want: 3},
	{name: "automatic takes the site's four connections", site: 0, threshold: 1 << 20, want: 4},
	{name: "a file below the app's threshold is not split", site: 3, threshold: 8 << 20, want: 1},
	{name: "the command line's choice overrides the site's", site: 3, opts: 2, threshold: 8 << 20, want: 2},
	{name: "an edited site's choice applies at once", site: 3, edited: 2, threshold: 1 << 20, want: 2},
	{name: "a site edited to automatic takes its connections", site: 1, edited: -1, threshold: 1 << 20, want: 4},
}

func TestTheSitesChoiceOfSegmentsReachesTheDownload(t *testing.T) {
	for _, c := range siteSegmentsCases {
		t.Run(c.name, func(t *testing.T) {
			srv := ftptest.Embedded(t, ftpserver.Faults{})
			data := randomBytes(33, 4<<20)
			writeFile(t, filepath.Join(srv.Root, "big.bin"), data)
			site := embeddedSite(srv, 4)
			site.Segments = c.site
			q := newQueue(t, site, Options{Segments: c.opts})
			q.SetSegmentThreshold(c.threshold)
			if c.edited != 0 {
				q.SetSiteSegments(testKey, max(0, c.edited))
			}
			local := filepath.Join(t.TempDir(), "big.bin")
			if err := q.Download(testKey, "/big.bin", local, false); err != nil {
				t.Fatal(err)
			}
			requireAll(t, wait(t, q), Done)
			if !bytes.Equal(readFile(t, local), data) {
				t.Fatal("the download differs from the source")
			}
			if got := countPrefix(srv.Commands(), "RETR "); got != c.want {
				t.Fatalf("%d RETR commands, want %d", got, c.want)
			}
		})
	}
}

func TestTheSitesChoiceOfSegmentsReachesVsftpd(t *testing.T) {
	srv := ftptest.Vsftpd(t, false)
	data := randomBytes(34, 6<<20)
	writeFile(t, filepath.Join(srv.Root, "big.bin"), data)
	srv.Chown(t)
	for _, c := range []struct{ segments, want int }{{1, 1}, {3, 3}} {
		site := realSite(srv, 4)
		site.Segments = c.segments
		q := newQueue(t, site, Options{SegmentThreshold: 1 << 20})
		local := filepath.Join(t.TempDir(), "big.bin")
		before := srv.XferCount(t, "o", "/big.bin")
		if err := q.Download(testKey, srv.Path("big.bin"), local, false); err != nil {
			t.Fatal(err)
		}
		requireAll(t, wait(t, q), Done)
		if !bytes.Equal(readFile(t, local), data) {
			t.Fatal("the download differs from the source")
		}
		// vsftpd logs a transfer when its connection ends.
		deadline := time.Now().Add(30 * time.Second)
		for srv.XferCount(t, "o", "/big.bin")-before < c.want && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond) // polling a log file; no event to wait on
		}
		if got := srv.XferCount(t, "o", "/big.bin") - before; got != c.want {
			t.Fatalf("site segments %d: vsftpd sent the file over %d connections, want %d", c.segments, got, c.want)
		}
	}
}

func TestAPausedSegmentedDownloadShowsItsSegmentsAfterARestart(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	data := randomBytes(32, 2<<20)
	writeFile(t, filepath.Join(srv.Root, "big.bin"), data)
	local := filepath.Join(t.TempDir(), "big.bin")
	state := filepath.Join(t.TempDir(), "queue.db")
	first := newQueue(t, embeddedSite(srv, 4), Options{StatePath: state, Segments: 2, RateLimit: 1 << 20})
	if err := first.Download(testKey, "/big.bin", local, false); err != nil {
		t.Fatal(err)
	}
	waitFor(t, first, "both segments under way", func(s Snapshot) bool {
		segs := s.Segments[1]
		return len(segs) == 2 && segs[0].Done > 0 && segs[1].Done > 0
	})
	first.Pause(1)
	paused := waitFor(t, first, "the job paused", func(s Snapshot) bool { return s.Jobs[0].State == Paused })
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	second := newQueue(t, embeddedSite(srv, 4), Options{StatePath: state, Segments: 2})
	snap := second.Snapshot()
	segs := snap.Segments[1]
	if len(segs) != 2 {
		t.Fatalf("the restored job shows %d segments, want the 2 it had: %+v", len(segs), snap.Segments)
	}
	requireSegmentsAddUp(t, segs, int64(len(data)), snap.Jobs[0].Done)
	for i, s := range segs {
		if s.State != SegmentWaiting || s.Done != paused.Segments[1][i].Done {
			t.Fatalf("restored segment %d is %+v, want waiting with the %d bytes it had", i, s, paused.Segments[1][i].Done)
		}
	}

	second.Resume(1)
	requireAll(t, wait(t, second), Done)
	if !bytes.Equal(readFile(t, local), data) {
		t.Fatal("the download differs from the source")
	}
}
