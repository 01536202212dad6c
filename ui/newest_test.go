package ui

import (
	"sync"
	"testing"
	"time"
)

// A burst of values while the main goroutine is busy leaves one call
// waiting there, which applies the newest value; later values post again.
func TestABurstOfSnapshotsReachesTheWindowAsOneUpdateWithTheNewest(t *testing.T) {
	var mu sync.Mutex
	var posted []func()
	busyMain := func(f func()) { // a main goroutine that is busy: calls wait
		mu.Lock()
		posted = append(posted, f)
		mu.Unlock()
	}

	var applied []int
	n := &newestOnMain[int]{apply: func(v int) { applied = append(applied, v) }, post: busyMain}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 250 {
				n.offer(w*1000 + i)
			}
		})
	}
	wg.Wait()
	n.offer(-1)
	if len(posted) != 1 {
		t.Fatalf("%d calls wait on the main goroutine, want 1", len(posted))
	}
	posted[0]()
	if len(applied) != 1 || applied[0] != -1 {
		t.Fatalf("applied %v, want only the newest value -1", applied)
	}
	n.offer(7)
	if len(posted) != 2 {
		t.Fatalf("a value after the update did not post a new call (%d posted)", len(posted))
	}
	posted[1]()
	if applied[len(applied)-1] != 7 {
		t.Fatalf("applied %v, want 7 last", applied)
	}
}

// After an update the next one waits for the rest the update asked for,
// and then brings the newest value; after stop nothing is applied.
func TestAnUpdateRestsTheMainGoroutineBeforeTheNext(t *testing.T) {
	var posted []func()
	var applied []int
	var rested []time.Duration
	n := &newestOnMain[int]{
		apply: func(v int) { applied = append(applied, v) },
		post:  func(f func()) { posted = append(posted, f) },
		rest:  func(d time.Duration) time.Duration { rested = append(rested, d); return time.Hour },
	}
	n.offer(1)
	posted[0]()
	n.offer(2)
	n.offer(3)
	if len(posted) != 1 || len(rested) != 1 || rested[0] < 0 {
		t.Fatalf("%d calls posted during the rest, rests %v; want none posted", len(posted)-1, rested)
	}
	n.mu.Lock()
	n.resting = time.Time{} // the hour is over
	n.mu.Unlock()
	n.schedule(0)
	posted[1]()
	if len(applied) != 2 || applied[1] != 3 {
		t.Fatalf("applied %v, want 1 then the newest, 3", applied)
	}

	n.offer(4) // rests again
	n.stop()   // the window goes
	n.schedule(0)
	posted[len(posted)-1]()
	if len(applied) != 2 {
		t.Fatalf("applied %v after stop", applied)
	}
}
