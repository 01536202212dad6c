package queue

import (
	"fmt"
	"path/filepath"
	"testing"
)

// The first save of a long queue is written in several transactions; every
// unfinished job of it is there after a restart, in its place.
func TestASaveOfManyBatchesKeepsEveryUnfinishedJob(t *testing.T) {
	state := filepath.Join(t.TempDir(), "queue.db")
	const jobs = 2*saveBatch + 100
	first := idleQueueAt(t, state, jobs) // Paused, Done, Failed in turn
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	snap := idleQueueAt(t, state, 0).Snapshot()
	var want []int
	for i := range jobs {
		if i%3 != 1 { // Done is not kept
			want = append(want, i)
		}
	}
	if len(snap.Jobs) != len(want) {
		t.Fatalf("restored %d jobs, want %d", len(snap.Jobs), len(want))
	}
	for k, j := range snap.Jobs {
		if j.Local != fmt.Sprint(want[k]) || j.ID != int64(want[k]+1) {
			t.Fatalf("restored job %d is %d (%s), want job %d", k, j.ID, j.Local, want[k]+1)
		}
	}
}
