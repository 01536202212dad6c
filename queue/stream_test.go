package queue

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

func TestFirstFileMovesBeforeTheWalkEnds(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	for i := range 400 {
		writeFile(t, filepath.Join(srv.Root, "tree", fmt.Sprintf("d%03d", i), "f.txt"), []byte("x"))
	}
	q := newQueue(t, embeddedSite(srv, 4), Options{Workers: 2})
	if err := q.Download(testKey, "/tree", filepath.Join(t.TempDir(), "tree"), true); err != nil {
		t.Fatal(err)
	}
	waitFor(t, q, "a file done while the walk goes on", func(s Snapshot) bool {
		if s.Totals.Expanding == 0 && s.Totals.Done == 0 {
			t.Fatalf("the walk ended before any file was done: %+v", s.Totals)
		}
		return s.Totals.Expanding > 0 && s.Totals.Done > 0
	})
	requireAll(t, wait(t, q), Done)
}

func TestClosedQueueIsRestoredAndFinishesWithoutResending(t *testing.T) {
	for _, dir := range []Direction{Download, Upload} {
		t.Run(dir.String(), func(t *testing.T) {
			srv := ftptest.Embedded(t, ftpserver.Faults{})
			const files, size = 12, 512 << 10
			local := filepath.Join(t.TempDir(), "set")
			source := local
			if dir == Download {
				source = filepath.Join(srv.Root, "set")
			}
			for i := range files {
				writeFile(t, filepath.Join(source, fmt.Sprintf("f%02d.bin", i)), randomBytes(uint64(100+i), size))
			}
			start := func(q *Queue) error {
				if dir == Download {
					return q.Download(testKey, "/set", local, true)
				}
				return q.Upload(testKey, local, "/set", true)
			}
			moved := func() int64 {
				if dir == Download {
					return srv.BytesSent()
				}
				return srv.BytesReceived()
			}
			state := filepath.Join(t.TempDir(), "state", "queue.db")
			site := embeddedSite(srv, 2)

			// The first run is slowed down and closed after a few files.
			first := newQueue(t, site, Options{StatePath: state, RateLimit: 4 * mib})
			if err := start(first); err != nil {
				t.Fatal(err)
			}
			waitFor(t, first, "three files done", func(s Snapshot) bool { return s.Totals.Done >= 3 })
			if err := first.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(state); err != nil {
				t.Fatalf("no state was saved: %v", err)
			}

			second := newQueue(t, site, Options{StatePath: state})
			snap := second.Snapshot()
			if snap.Totals.Paused == 0 || snap.Totals.Queued+snap.Totals.Running != 0 {
				t.Fatalf("restored totals %+v, want only paused jobs", snap.Totals)
			}
			if snap.Totals.Paused+3 > files {
				t.Fatalf("%d jobs restored, but at least 3 of %d were done", snap.Totals.Paused, files)
			}
			second.ResumeAll()
			requireAll(t, wait(t, second), Done)
			requireSameTree(t, filepath.Join(srv.Root, "set"), local)
			if resent := moved() - files*size; resent >= mib {
				t.Fatalf("%d bytes more than the files went over the wire, want under 1 MiB", resent)
			}
		})
	}
}
