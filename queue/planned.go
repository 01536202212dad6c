package queue

import (
	"context"
	"errors"
	"time"
)

// Planned is one file transfer that a caller decided on itself (a folder
// sync): the queue runs it as given, with its own policy, expanding nothing.
type Planned struct {
	Dir        Direction
	SiteKey    string
	Local      string
	Remote     string
	Size       int64 // source size, -1 when unknown
	SourceTime time.Time
	Policy     Policy
	// TargetKnown says the caller listed the target: TargetExists, TargetSize
	// and TargetTime describe it, and an upload need not ask the server again.
	TargetKnown  bool
	TargetExists bool
	TargetSize   int64
	TargetTime   time.Time
}

// AddPlanned queues planned transfers, in order, and returns their IDs.
func (q *Queue) AddPlanned(files []Planned) ([]int64, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return nil, ErrClosed
	}
	ids := make([]int64, 0, len(files))
	for _, f := range files {
		if f.Local == "" || f.Remote == "" {
			return ids, errors.New("a planned transfer needs a local and a remote path")
		}
		j := &job{
			Job:        Job{Dir: f.Dir, SiteKey: f.SiteKey, Local: f.Local, Remote: f.Remote, Size: f.Size, Policy: f.Policy},
			sourceTime: f.SourceTime,
		}
		if f.Dir == Upload && f.TargetKnown {
			j.target = targetInfo{Known: true, Exists: f.TargetExists, Size: f.TargetSize, Time: f.TargetTime}
		}
		if j.Policy == PolicyDefault {
			j.Policy = q.opts.Policy
		}
		q.addLocked(j)
		ids = append(ids, j.ID)
	}
	return ids, nil
}

// Jobs returns the current state of the jobs with the given IDs; an ID no
// longer in the queue (removed) is left out.
func (q *Queue) Jobs(ids []int64) []Job {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make([]Job, 0, len(ids))
	for _, id := range ids {
		if j, ok := q.byID[id]; ok {
			out = append(out, j.public())
		}
	}
	return out
}

// WaitJobs blocks until every job with one of ids has finished (or left the
// queue), or ctx ends, and returns their final state.
func (q *Queue) WaitJobs(ctx context.Context, ids []int64) ([]Job, error) {
	from := 0 // jobs before it have finished
	for {
		q.mu.Lock()
		changed := q.changed
		for from < len(ids) {
			if j, ok := q.byID[ids[from]]; ok && (!j.State.Finished() || j.settling) {
				break
			}
			from++
		}
		pending := from < len(ids)
		closed := q.closed
		q.mu.Unlock()
		if !pending {
			return q.Jobs(ids), nil
		}
		if closed {
			return q.Jobs(ids), ErrClosed
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return q.Jobs(ids), ctx.Err()
		}
	}
}
