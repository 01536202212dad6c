package queue

import (
	"context"
	"errors"
	"time"

	"ferry/internal/printable"
	"ferry/session"
)

// idleRelease is how long a worker keeps an idle connection for more jobs of
// the same site before handing it back to the pool.
const idleRelease = time.Second

// Causes of a job's context ending, telling what the job becomes.
var (
	errPaused   = errors.New("paused")
	errCanceled = errors.New("canceled")
	errRemoved  = errors.New("removed")
)

// siteSlots counts the transfer connections the queue holds per site, so
// that no worker blocks in Pool.Get while another site's jobs wait.
type siteSlots struct {
	pool  *session.Pool // nil until the site is first connected
	inUse int           // slots held by workers and expansions
}

// max is how many connections the site allows now: its pool's Limit, which
// falls when the server refuses more and changes when the site is edited;
// 1 until the pool is known.
func (s *siteSlots) max() int {
	if s.pool == nil {
		return 1
	}
	return s.pool.Limit()
}

func (q *Queue) slotsLocked(siteKey string) *siteSlots {
	s, ok := q.sites[siteKey]
	if !ok {
		s = &siteSlots{}
		q.sites[siteKey] = s
	}
	return s
}

// lease is a worker's slot for one site, and the connection it keeps for
// consecutive jobs of that site.
type lease struct {
	held bool // a slot of site key is counted for this worker
	key  string
	pool *session.Pool
	conn *session.Conn
}

// dropConn hands the connection back to its pool, keeping the slot.
func (l *lease) dropConn(err error) {
	if l.conn != nil {
		l.pool.Put(l.conn, err)
		l.conn = nil
	}
}

// release gives back the connection and the slot.
func (q *Queue) release(l *lease) {
	if !l.held {
		return
	}
	l.dropConn(nil)
	q.mu.Lock()
	q.slotsLocked(l.key).inUse--
	q.changedLocked()
	q.mu.Unlock()
	*l = lease{}
}

// worker runs jobs until the queue closes.
func (q *Queue) worker() {
	defer q.busy.Done()
	var l lease
	defer q.release(&l)
	for {
		j := q.next(&l)
		if j == nil {
			return
		}
		q.run(j, &l)
	}
}

// next waits for a job this worker may run and marks it Running. It keeps
// the lease when the job is for the same site, and trades it otherwise.
func (q *Queue) next(l *lease) *job {
	var idleUntil time.Time // when a kept connection goes back to the pool
	for {
		q.mu.Lock()
		if q.closed {
			q.mu.Unlock()
			return nil
		}
		var browse <-chan struct{} // nil: nothing to hand back
		if l.held {
			if l.conn != nil {
				browse = l.pool.BrowseWanted() // before the check: no wake-up is missed
				if l.pool.BrowseWaiting() {
					q.mu.Unlock()
					l.dropConn(nil) // browsing goes first; the next job takes another
					continue
				}
			}
			if s := q.slotsLocked(l.key); s.inUse > s.max() {
				// A directory walk waits for one of this site's connections.
				q.mu.Unlock()
				q.release(l)
				continue
			}
		}
		j := q.pickLocked(l.key, l.held)
		changed := q.changed
		q.mu.Unlock()
		if j != nil {
			if !l.held || j.SiteKey != l.key {
				q.release(l)
				*l = lease{held: true, key: j.SiteKey} // pickLocked counted the new slot
			}
			return j
		}
		if l.conn != nil {
			// Nothing to run now: what waits to go with the next command
			// (an upload's time) goes now.
			if err := l.conn.Settle(); err != nil {
				l.dropConn(err)
			}
		}
		if !l.held {
			select {
			case <-changed:
			case <-q.ctx.Done():
				return nil
			}
			continue
		}
		if idleUntil.IsZero() {
			idleUntil = time.Now().Add(idleRelease)
		}
		timer := time.NewTimer(time.Until(idleUntil))
		select {
		case <-changed:
		case <-browse: // the loop hands the connection back
		case <-timer.C:
			q.release(l)
		case <-q.ctx.Done():
			timer.Stop()
			return nil
		}
		timer.Stop()
	}
}

// anySlotFreeLocked reports a site with a transfer slot free.
func (q *Queue) anySlotFreeLocked() bool {
	for _, s := range q.sites {
		if s.inUse < s.max() {
			return true
		}
	}
	return false
}

// pickLocked takes the first queued job whose site is heldKey (when holding)
// or has a free slot, and marks it Running with its own context.
func (q *Queue) pickLocked(heldKey string, holding bool) *job {
	if q.pausedAll || (!holding && !q.anySlotFreeLocked()) {
		// Without a free slot no job can start: scanning a 100,000-job
		// queue on every change would only hold the lock.
		return nil
	}
	for q.scanFrom < len(q.jobs) && q.jobs[q.scanFrom].State != Queued {
		q.scanFrom++
	}
	for _, j := range q.jobs[q.scanFrom:] {
		if j.State != Queued {
			continue
		}
		if !holding || j.SiteKey != heldKey {
			s := q.slotsLocked(j.SiteKey)
			if s.inUse >= s.max() {
				continue
			}
			s.inUse++
		}
		var ctx context.Context
		ctx, j.cancel = context.WithCancelCause(q.ctx)
		j.ctx = ctx
		j.Err = ""
		q.setStateLocked(j, Running)
		return j
	}
	return nil
}

// run carries one job to its end: done, skipped, failed after retries, or
// interrupted by a pause, a cancel or Close.
func (q *Queue) run(j *job, l *lease) {
	ctx := j.ctx
	pool, err := q.pool(j.SiteKey)
	if err != nil {
		q.failSite(j, describe(err))
		return
	}
	l.pool = pool
	delay := q.opts.RetryDelay
	for {
		q.mu.Lock()
		j.Attempts++
		q.changedLocked()
		q.mu.Unlock()

		state, part, err := q.attempt(ctx, j, l)
		if errors.Is(err, session.ErrConnLimit) {
			q.limited(j, l) // waits for a connection; not a failure
			return
		}
		if part != nil {
			q.commits <- *part // the committer finishes the job
			return
		}
		if ctx.Err() != nil {
			q.interrupted(j)
			return
		}
		if err == nil {
			q.finish(j, state, "")
			return
		}
		var skip *skipNote
		if errors.As(err, &skip) {
			q.mu.Lock()
			j.Note = skip.msg
			q.mu.Unlock()
			q.finish(j, Skipped, "")
			return
		}
		q.mu.Lock()
		attempts := j.Attempts
		q.mu.Unlock()
		var ce *connectError
		if errors.As(err, &ce) && isPermanent(err) {
			q.failSite(j, describe(err)) // e.g. a wrong password: no use trying each file
			return
		}
		if isPermanent(err) || attempts > q.opts.Retries {
			q.finish(j, Failed, describe(err))
			return
		}
		q.mu.Lock()
		j.Err = "retrying: " + describe(err)
		j.RetryAt = time.Now().Add(delay)
		q.changedLocked()
		q.mu.Unlock()
		slept := sleep(ctx, delay)
		q.mu.Lock()
		j.RetryAt = time.Time{}
		q.mu.Unlock()
		if slept != nil {
			q.interrupted(j)
			return
		}
		delay = min(2*delay, maxRetryDelay)
	}
}

// attempt makes one try at a job on the lease's connection (taking one from
// the pool if needed). A connection that saw a failure goes back to the pool,
// which decides whether it is still usable. A download returns its complete
// .part for the committer.
func (q *Queue) attempt(ctx context.Context, j *job, l *lease) (state State, part *finishedPart, err error) {
	if l.conn == nil {
		c, err := l.pool.Get(ctx)
		if err != nil {
			return Failed, nil, &connectError{err}
		}
		l.conn = c
	}
	if j.Dir == Download {
		state, part, err = q.download(ctx, j, l)
	} else {
		state, part, err = q.upload(ctx, j, l.conn)
	}
	var skip *skipNote
	if err != nil && !isLocal(err) && !errors.As(err, &skip) {
		l.dropConn(err)
	} else if ctx.Err() != nil {
		l.dropConn(context.Cause(ctx))
	}
	return state, part, err
}

// limited puts j back in the queue, uncounted, after the server refused
// another connection: the site's slots have shrunk to what the server
// allows (the pool's Limit) and the job runs when one of them frees.
func (q *Queue) limited(j *job, l *lease) {
	q.mu.Lock()
	j.Attempts--
	j.cancel(nil)
	j.cancel, j.ctx = nil, nil
	j.Err = ""
	q.settleLocked(j, Queued)
	q.mu.Unlock()
	q.release(l)
}

// failSite fails j and every queued job of its site with msg: the site
// cannot be reached (unknown, or the login refused).
func (q *Queue) failSite(j *job, msg string) {
	q.finish(j, Failed, msg)
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, other := range q.jobs {
		if other.SiteKey == j.SiteKey && other.State == Queued {
			other.Err = msg
			q.setStateLocked(other, Failed)
		}
	}
}

// finish ends a job in state s with a message for the user.
func (q *Queue) finish(j *job, s State, msg string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	j.cancel(nil)
	j.cancel, j.ctx = nil, nil
	j.Err = printable.Text(msg)
	q.settleLocked(j, s)
}

// interrupted settles a job whose context ended: it becomes what the user
// asked for, or Queued again when the queue is closing.
func (q *Queue) interrupted(j *job) {
	q.mu.Lock()
	defer q.mu.Unlock()
	cause := context.Cause(j.ctx)
	j.cancel(nil)
	j.cancel, j.ctx = nil, nil
	j.Err = ""
	switch {
	case errors.Is(cause, errPaused):
		q.settleLocked(j, Paused)
	case errors.Is(cause, errCanceled), errors.Is(cause, errRemoved):
		q.settleLocked(j, Canceled)
	default:
		q.settleLocked(j, Queued)
	}
}

// settleLocked sets the state a running job ends in; a job that Remove took
// out of the list leaves the counts.
func (q *Queue) settleLocked(j *job, s State) {
	if j.removed {
		q.count[j.State]--
		j.State = s
		q.changedLocked()
		return
	}
	q.setStateLocked(j, s)
}
