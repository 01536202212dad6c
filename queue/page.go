package queue

import (
	"sync"
	"time"
)

// StateSet is a set of job states.
type StateSet uint16

// States is the set of the given states.
func States(states ...State) StateSet {
	var set StateSet
	for _, s := range states {
		set |= 1 << s
	}
	return set
}

// Has reports whether s is in the set.
func (set StateSet) Has(s State) bool { return set&(1<<s) != 0 }

// PageRequest says which jobs a display shows: those in States numbered
// From to From+Rows-1 (from 0, in queue order), and one job by its ID
// wherever it is (the selected one, say).
type PageRequest struct {
	States     StateSet
	From, Rows int
	ID         int64 // 0: none
}

// Page is the totals and the few jobs a display shows: watching a
// 100,000-job queue copies a screenful of jobs, not the queue.
type Page struct {
	Request PageRequest // what this page answers
	Totals  Totals
	Seq     uint64      // as Snapshot.Seq
	Count   int         // jobs in the requested states
	Jobs    []JobStatus // jobs From to From+len(Jobs)-1 of those
	Job     *JobStatus  // the job with the requested ID; nil if there is none
	// Segments holds, by job ID, the segments of the jobs above that
	// download in segments, as Snapshot.Segments does.
	Segments map[int64][]SegmentStatus
}

// Page returns the page r asks for.
func (q *Queue) Page(r PageRequest) Page {
	p := Page{Request: r, Jobs: make([]JobStatus, 0, max(r.Rows, 0))}
	now := time.Now()
	q.mu.Lock()
	defer q.mu.Unlock()
	p.Seq = q.seq + q.ticks.Load()
	p.Totals = q.surveyLocked(now, func(_ int, j *job, done int64, segs []SegmentStatus) {
		shown := false
		if j.ID == r.ID {
			st := j.status(done)
			p.Job, shown = &st, true
		}
		if r.States.Has(j.State) {
			if p.Count >= r.From && len(p.Jobs) < r.Rows {
				p.Jobs = append(p.Jobs, j.status(done))
				shown = true
			}
			p.Count++
		}
		if shown && segs != nil {
			if p.Segments == nil {
				p.Segments = map[int64][]SegmentStatus{}
			}
			p.Segments[j.ID] = segs
		}
	})
	return p
}

// Pager delivers pages of the queue to a display, at most one per interval
// while something changes (or runs) and one at once when the display asks
// for other rows.
type Pager struct {
	// C delivers the pages; a slow reader gets the newest one. It is
	// closed by Stop or by the queue's Close.
	C    <-chan Page
	stop func()

	mu   sync.Mutex
	want PageRequest
	wake chan struct{} // capacity 1: Want happened since the last page
}

// NewPager starts a Pager; it shows r until Want says otherwise.
func (q *Queue) NewPager(interval time.Duration, r PageRequest) *Pager {
	p := &Pager{want: r, wake: make(chan struct{}, 1)}
	p.C, p.stop = follow(q, interval, p.wake, func() Page { return q.Page(p.request()) })
	return p
}

// Want asks for other rows; a page for them follows at once. It never blocks.
func (p *Pager) Want(r PageRequest) {
	p.mu.Lock()
	changed := p.want != r
	p.want = r
	p.mu.Unlock()
	if !changed {
		return
	}
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Stop ends the pages; C is closed.
func (p *Pager) Stop() { p.stop() }

func (p *Pager) request() PageRequest {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.want
}

// In is the number of jobs in the states of set.
func (t Totals) In(set StateSet) int {
	n := 0
	for s, c := range []int{Queued: t.Queued, Running: t.Running, Paused: t.Paused, Done: t.Done,
		Failed: t.Failed, Skipped: t.Skipped, Canceled: t.Canceled} {
		if set.Has(State(s)) {
			n += c
		}
	}
	return n
}
