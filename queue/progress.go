package queue

import (
	"math"
	"sync"
	"time"
)

// JobStatus is a job plus rates, as of a snapshot.
type JobStatus struct {
	Job
	Speed float64       // bytes per second, smoothed
	ETA   time.Duration // 0 when unknown
}

// Totals sum up the queue.
type Totals struct {
	Files, Queued, Running, Done, Failed, Skipped int
	Paused, Canceled                              int
	Bytes, BytesDone                              int64
	Moved                                         int64 // bytes carried since the queue started, not by earlier runs
	Speed                                         float64
	ETA                                           time.Duration
	Expanding                                     int // directory walks still in progress
	Expanded                                      int // directory walks finished since the queue started
}

// Snapshot is an immutable view of the queue; jobs in queue order.
type Snapshot struct {
	Jobs []JobStatus
	// Segments holds, by job ID, the segments of each job that downloads
	// (or last downloaded) in segments; nil when there is none. Kept apart
	// from Jobs so that a large queue's snapshot costs nothing more.
	Segments map[int64][]SegmentStatus
	Totals   Totals
	Seq      uint64 // increases with every change
}

// speedWindow is the time constant of the smoothed speeds.
const speedWindow = 5 * time.Second

// speedMeter smooths a byte counter into a rate (an exponentially weighted
// moving average over about speedWindow).
type speedMeter struct {
	rate float64
	at   time.Time
	last int64
}

func (m *speedMeter) sample(now time.Time, total int64) float64 {
	if m.at.IsZero() || total < m.last {
		*m = speedMeter{at: now, last: total}
		return 0
	}
	dt := now.Sub(m.at)
	if dt < 100*time.Millisecond {
		return m.rate
	}
	inst := float64(total-m.last) / dt.Seconds()
	if m.rate == 0 {
		m.rate = inst
	} else {
		alpha := 1 - math.Exp(-float64(dt)/float64(speedWindow))
		m.rate += alpha * (inst - m.rate)
	}
	m.at, m.last = now, total
	return m.rate
}

// eta is the time left for remaining bytes at speed, 0 when unknown.
func eta(remaining int64, speed float64) time.Duration {
	if speed <= 0 || remaining <= 0 {
		return 0
	}
	return time.Duration(float64(remaining) / speed * float64(time.Second))
}

// Snapshot returns the current state.
func (q *Queue) Snapshot() Snapshot {
	// The copy is allocated before taking the lock: with 100,000 jobs it is
	// megabytes, and the workers wait for the lock meanwhile.
	q.mu.Lock()
	n := len(q.jobs)
	q.mu.Unlock()
	jobs := make([]JobStatus, n+n/16+16)
	now := time.Now()
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(jobs) < len(q.jobs) {
		jobs = make([]JobStatus, len(q.jobs))
	}
	s := Snapshot{Jobs: jobs[:len(q.jobs)], Seq: q.seq + q.ticks.Load()}
	s.Totals = q.surveyLocked(now, func(i int, j *job, done int64, segs []SegmentStatus) {
		s.Jobs[i] = j.status(done)
		if segs != nil {
			if s.Segments == nil {
				s.Segments = map[int64][]SegmentStatus{}
			}
			s.Segments[j.ID] = segs
		}
	})
	return s
}

// surveyLocked sums the totals over every job, sampling the speeds of the
// running ones, and hands each job to visit with its byte count (read once)
// and its segments (nil unless it downloads in segments).
func (q *Queue) surveyLocked(now time.Time, visit func(i int, j *job, done int64, segs []SegmentStatus)) Totals {
	var t Totals
	var remaining int64
	for i, j := range q.jobs {
		done := j.done.Load()
		segs, inSegs := segmentStatuses(j, now)
		if segs != nil {
			// The bytes in place are the segments' sum, so the row and
			// the segments always agree.
			done = inSegs
		}
		if j.State == Running {
			j.meter.sample(now, done)
		} else if !j.meter.at.IsZero() {
			j.meter = speedMeter{}
		}
		if j.Size > 0 {
			t.Bytes += j.Size
			if j.State == Queued || j.State == Running {
				remaining += max(j.Size-done, 0)
			}
		}
		t.BytesDone += done
		visit(i, j, done, segs)
	}
	t.Files = len(q.jobs)
	t.Queued, t.Running, t.Paused = q.count[Queued], q.count[Running], q.count[Paused]
	t.Done, t.Failed, t.Skipped, t.Canceled = q.count[Done], q.count[Failed], q.count[Skipped], q.count[Canceled]
	t.Expanding, t.Expanded = q.expanding, q.expanded
	t.Moved = q.moved.Load()
	t.Speed = q.speed.sample(now, t.Moved)
	t.ETA = eta(remaining, t.Speed)
	return t
}

// status is the job's public status with done bytes in place, its speed as
// last sampled.
func (j *job) status(done int64) JobStatus {
	st := JobStatus{Job: j.Job}
	st.Done = done
	if j.State == Running {
		st.Speed = j.meter.rate
		if st.Size >= 0 {
			st.ETA = eta(st.Size-done, st.Speed)
		}
	}
	return st
}

// Subscribe delivers a snapshot at most every interval, only when something
// changed (or a job is running, whose speed moves), on a channel of capacity
// 1 (a slow reader gets the newest one). The channel is closed by cancel or
// by Close. A display that shows a few jobs of a long queue wants a Pager.
func (q *Queue) Subscribe(interval time.Duration) (snaps <-chan Snapshot, cancel func()) {
	return follow(q, interval, nil, q.Snapshot)
}

// follow runs take at most every interval while something changes (or a job
// is running), and at once when wake says so, on a channel of capacity 1
// (a slow reader gets the newest value). The channel is closed by cancel or
// by Close.
func follow[T any](q *Queue, interval time.Duration, wake <-chan struct{}, take func() T) (<-chan T, func()) {
	if interval <= 0 {
		interval = 100 * time.Millisecond
	}
	ch := make(chan T, 1)
	done := make(chan struct{})
	var once sync.Once
	cancel := func() { once.Do(func() { close(done) }) }
	q.subs.Add(1)
	go func() {
		defer q.subs.Done()
		defer close(ch)
		first, asked, last := true, false, uint64(0)
		var taken time.Time          // when the last value was taken
		var gap, floor time.Duration // from taken to the next value: changed, asked
		for {
			q.mu.Lock()
			seq, running, changed := q.seq+q.ticks.Load(), q.count[Running] > 0, q.changed
			q.mu.Unlock()
			if first || asked || seq != last || running {
				first, asked, last = false, false, seq
				taken = time.Now()
				offerNewest(ch, take())
				// A survey holds the queue's lock for a time that grows
				// with the queue: keep that under 5% of the time, so a
				// 100,000-job queue is not slowed down by being watched,
				// and under 20% while someone asks (scrolls, say).
				took := time.Since(taken)
				floor, gap = 5*took, max(interval, 20*took)
			}
			if !running {
				// Nothing moves: sleep until something changes, so an idle
				// queue costs no wake-ups at all.
				select {
				case <-changed:
				case <-wake:
					asked = true
				case <-done:
					return
				case <-q.ctx.Done():
					return
				}
			}
			for waiting := true; waiting; { // at most one value per gap, unless asked
				due := taken.Add(gap)
				if asked {
					due = taken.Add(floor)
				}
				timer := time.NewTimer(time.Until(due))
				select {
				case <-timer.C:
					waiting = false
				case <-wake:
					asked = true
				case <-done:
					timer.Stop()
					return
				case <-q.ctx.Done():
					timer.Stop()
					return
				}
				timer.Stop()
			}
		}
	}()
	return ch, cancel
}

// offerNewest puts s on ch (capacity 1), replacing an unread older value,
// without ever blocking; only one goroutine sends on ch.
func offerNewest[T any](ch chan T, s T) {
	select {
	case ch <- s:
		return
	default:
	}
	select {
	case <-ch:
	default:
	}
	ch <- s
}
