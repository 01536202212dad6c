package ui

import (
	"sync"
	"testing"
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
