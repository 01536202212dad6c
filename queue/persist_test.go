package queue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"
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

func TestASavedRecordLeavesOutZeroFieldsAndReadsBackTheSame(t *testing.T) {
	queued := &job{Job: Job{ID: 7, Dir: Upload, SiteKey: "ftp://u@h", Local: "/l/a", Remote: "/r/a", Policy: PolicyAsk}, pos: 7}
	failed := &job{Job: Job{ID: 8, Dir: Download, SiteKey: "ftp://u@h", Local: "/l/b", Remote: "/r/b", Size: -1, Done: 5,
		State: Failed, Err: "The server refused.", Attempts: 3, RetryAt: time.Unix(1e9, 0).UTC(), Policy: PolicyResume, Note: "n"},
		sourceTime: time.Unix(2e9, 0).UTC(), started: true, pos: 8}
	for _, j := range []*job{queued, failed} {
		data, err := json.Marshal(saveJob(j))
		if err != nil {
			t.Fatal(err)
		}
		if j == queued && bytes.Contains(data, []byte(`"Err"`)) {
			t.Errorf("a queued job's record names its empty error: %s", data)
		}
		var back savedJob
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatal(err)
		}
		if got, want := back.restore(), j; !reflect.DeepEqual(saveJob(got), saveJob(want)) {
			t.Errorf("record %s read back as %+v, want %+v", data, saveJob(got), saveJob(want))
		}
	}
}
