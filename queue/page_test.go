package queue

import (
	"errors"
	"fmt"
	"runtime"
	"testing"
	"time"

	"ferry/session"
)

// idleQueue is a queue with no site behind it, holding n jobs that no
// worker takes: job i (ID i+1) is Paused, Done or Failed by i%3.
func idleQueue(t *testing.T, n int) *Queue {
	t.Helper()
	return idleQueueAt(t, "", n)
}

// idleQueueAt is an idleQueue saved at statePath ("": not saved).
func idleQueueAt(t *testing.T, statePath string, n int) *Queue {
	t.Helper()
	q, err := New(Options{StatePath: statePath,
		Connect: func(string) (*session.Pool, error) { return nil, errors.New("no site") }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	states := []State{Paused, Done, Failed}
	q.mu.Lock()
	for i := range n {
		q.addLocked(&job{Job: Job{Dir: Upload, SiteKey: "s", Local: fmt.Sprint(i), Remote: "r", Size: 10, State: states[i%3]}})
	}
	q.mu.Unlock()
	return q
}

func TestAPageHoldsTheAskedRowsOfTheAskedStatesAndTheAskedJob(t *testing.T) {
	q := idleQueue(t, 1000) // Done: IDs 2, 5, 8, ... (333 jobs)
	p := q.Page(PageRequest{States: States(Done, Skipped), From: 100, Rows: 20, ID: 7})
	if p.Count != 333 || p.Totals.In(States(Done, Skipped)) != 333 || p.Totals.Files != 1000 {
		t.Fatalf("count %d, totals %+v; want 333 done of 1000", p.Count, p.Totals)
	}
	if len(p.Jobs) != 20 {
		t.Fatalf("%d rows, want 20", len(p.Jobs))
	}
	for k, j := range p.Jobs {
		if want := int64(3*(100+k) + 2); j.ID != want || j.State != Done {
			t.Fatalf("row %d is job %d (%v), want job %d", 100+k, j.ID, j.State, want)
		}
	}
	if p.Job == nil || p.Job.ID != 7 || p.Job.State != Paused {
		t.Fatalf("the job asked for by ID: %+v", p.Job)
	}

	end := q.Page(PageRequest{States: States(Failed), From: 330, Rows: 20, ID: 5000})
	if end.Count != 333 || len(end.Jobs) != 3 || end.Jobs[2].ID != 999 || end.Job != nil {
		t.Fatalf("the last page: count %d, %d rows, job %+v", end.Count, len(end.Jobs), end.Job)
	}
}

// Watching a 100,000-job queue copies the rows on show, not the queue (a
// snapshot of it is 18 MB; the window used to take ten a second).
func TestAPageOfAHundredThousandJobQueueCopiesOnlyItsRows(t *testing.T) {
	q := idleQueue(t, 100_000)
	r := PageRequest{States: States(Done), From: 30_000, Rows: 200}
	q.Page(r)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const pages = 10
	for range pages {
		if p := q.Page(r); len(p.Jobs) != 200 {
			t.Fatalf("%d rows, want 200", len(p.Jobs))
		}
	}
	runtime.ReadMemStats(&after)
	perPage := (after.TotalAlloc - before.TotalAlloc) / pages
	if limit := uint64(200 * 1024); perPage > limit { // 200 rows are 37 KB
		t.Fatalf("a page allocated %d bytes, want at most %d", perPage, limit)
	}
}

func TestAPagerAnswersANewRequestAtOnceOnAnIdleQueue(t *testing.T) {
	q := idleQueue(t, 100)
	pager := q.NewPager(time.Hour, PageRequest{States: States(Paused), Rows: 10})
	defer pager.Stop()
	if p := <-pager.C; p.Count != 34 || len(p.Jobs) != 10 || p.Jobs[0].ID != 1 {
		t.Fatalf("first page: count %d, %d rows", p.Count, len(p.Jobs))
	}
	want := PageRequest{States: States(Failed), From: 5, Rows: 10, ID: 1}
	pager.Want(want)
	select {
	case p := <-pager.C:
		if p.Request != want || p.Jobs[0].ID != 18 || p.Job == nil || p.Job.ID != 1 {
			t.Fatalf("page for %+v: first row %d, job %+v", p.Request, p.Jobs[0].ID, p.Job)
		}
	case <-time.After(time.Minute):
		t.Fatal("no page came for the new request")
	}
	pager.Stop()
	for range pager.C { // closed by Stop
	}
}
