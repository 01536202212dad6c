package queue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
	"ferry/session"
)

// localNames lists the jobs' local base names in queue order.
func localNames(s Snapshot) string {
	var names []string
	for _, j := range s.Jobs {
		names = append(names, filepath.Base(j.Local))
	}
	return strings.Join(names, " ")
}

func TestTheSavedQueueKeepsItsOrderAndOnlyUnfinishedJobs(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	state := filepath.Join(t.TempDir(), "state", "queue.db")
	dir := t.TempDir()
	first := newQueue(t, embeddedSite(srv, 2), Options{StatePath: state})
	first.PauseAll()
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		if err := first.Download(testKey, "/"+name, filepath.Join(dir, name), false); err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]int64{}
	for _, j := range first.Snapshot().Jobs {
		ids[filepath.Base(j.Local)] = j.ID
	}
	first.MoveTop(ids["d"])
	first.MoveBottom(ids["a"])
	first.Remove(ids["b"])
	first.Cancel(ids["e"])
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	second := newQueue(t, embeddedSite(srv, 2), Options{StatePath: state})
	snap := second.Snapshot()
	if got, want := localNames(snap), "d c a"; got != want {
		t.Fatalf("restored %q, want %q (order kept, removed and cancelled jobs gone)", got, want)
	}
	requireAll(t, snap, Paused)
	if p := second.RestoreProblem(); p != "" {
		t.Fatalf("a healthy store reported a problem: %s", p)
	}
}

func TestAQueueJSONFromAnEarlierVersionIsMigratedOnce(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	stateDir := t.TempDir()
	state := filepath.Join(stateDir, "queue.db")
	old := stateFile{Version: stateVersion}
	for i, name := range []string{"x", "y", "z"} {
		old.Jobs = append(old.Jobs, savedJob{Job: Job{ID: int64(10 - i), Dir: Download, SiteKey: testKey,
			Local: filepath.Join(t.TempDir(), name), Remote: "/" + name, Size: -1, State: Queued}})
	}
	data, err := json.Marshal(old)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(stateDir, "queue.json"), data)

	for run := 1; run <= 2; run++ {
		q := newQueue(t, embeddedSite(srv, 2), Options{StatePath: state})
		if got, want := localNames(q.Snapshot()), "x y z"; got != want {
			t.Fatalf("run %d restored %q, want %q", run, got, want)
		}
		if err := q.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(stateDir, "queue.json")); !os.IsNotExist(err) {
			t.Fatalf("queue.json is still there after the migration (%v)", err)
		}
	}
	if _, err := os.Stat(filepath.Join(stateDir, "queue.json.migrated")); err != nil {
		t.Fatalf("the migrated queue.json was not kept aside: %v", err)
	}
}

func TestADamagedStoreIsMovedToANumberedCopyAndTheUserIsTold(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	state := filepath.Join(t.TempDir(), "queue.db")
	for n := 1; n <= 2; n++ {
		garbage := bytes.Repeat([]byte(fmt.Sprintf("not a queue %d ", n)), 4096)
		writeFile(t, state, garbage)
		log := session.NewLog(100)
		q := newQueue(t, embeddedSite(srv, 2), Options{StatePath: state, Log: log})
		if got := q.Snapshot().Totals.Files; got != 0 {
			t.Fatalf("a damaged store restored %d jobs", got)
		}
		bad := fmt.Sprintf("%s.%d.bad", state, n)
		if p := q.RestoreProblem(); !strings.Contains(p, bad) {
			t.Fatalf("the problem %q does not name the copy %s", p, bad)
		}
		var logged bool
		for _, l := range log.Lines() {
			logged = logged || strings.Contains(l.Text, bad)
		}
		if !logged {
			t.Fatalf("the message log does not say where the damaged queue went: %+v", log.Lines())
		}
		if err := q.Close(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(readFile(t, bad), garbage) {
			t.Fatalf("%s does not hold the damaged file", bad)
		}
	}
	if !bytes.HasPrefix(readFile(t, state+".1.bad"), []byte("not a queue 1 ")) {
		t.Fatal("the second damaged file replaced the first copy")
	}
}
