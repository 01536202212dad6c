package queue

// Per-job controls; unknown IDs are ignored.

// Pause stops a queued or running job; a running download keeps its .part
// and a later Resume continues from there.
func (q *Queue) Pause(id int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	j := q.byID[id]
	switch {
	case j == nil:
	case j.State == Queued:
		q.setStateLocked(j, Paused)
	case j.State == Running:
		j.cancel(errPaused)
	}
}

// Resume queues a paused job again.
func (q *Queue) Resume(id int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if j := q.byID[id]; j != nil && j.State == Paused {
		q.setStateLocked(j, Queued)
	}
}

// Cancel stops a job for good (a partial target stays on disk).
func (q *Queue) Cancel(id int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	j := q.byID[id]
	switch {
	case j == nil:
	case j.State == Queued || j.State == Paused:
		q.setStateLocked(j, Canceled)
	case j.State == Running:
		j.cancel(errCanceled)
	}
}

// Retry queues a failed or canceled job again with its attempts reset.
func (q *Queue) Retry(id int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if j := q.byID[id]; j != nil && (j.State == Failed || j.State == Canceled) {
		j.Attempts, j.Err = 0, ""
		q.setStateLocked(j, Queued)
	}
}

// Remove takes a job out of the queue, stopping it if it runs.
func (q *Queue) Remove(id int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	j := q.byID[id]
	if j == nil {
		return
	}
	if j.State == Running {
		j.removed = true
		j.cancel(errRemoved) // the worker settles the counts
	} else {
		q.count[j.State]--
	}
	delete(q.byID, id)
	q.jobs = deleteJob(q.jobs, j)
	q.scanFrom = 0
	q.touchLocked(j)
}

// MoveTop puts a job first in the queue.
func (q *Queue) MoveTop(id int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if j := q.byID[id]; j != nil {
		j.pos = q.jobs[0].pos - 1
		q.jobs = append([]*job{j}, deleteJob(q.jobs, j)...)
		q.scanFrom = 0
		q.touchLocked(j)
	}
}

// MoveBottom puts a job last in the queue.
func (q *Queue) MoveBottom(id int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if j := q.byID[id]; j != nil {
		j.pos = q.nextPos
		q.nextPos++
		q.jobs = append(deleteJob(q.jobs, j), j)
		q.scanFrom = 0
		q.touchLocked(j)
	}
}

// PauseAll stops starting new jobs and pauses running ones (they resume from
// where they stopped). ResumeAll undoes it.
func (q *Queue) PauseAll() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.pausedAll = true
	for _, j := range q.jobs {
		if j.State == Running {
			j.cancel(errPaused)
		}
	}
	q.changedLocked()
}

// ResumeAll starts the queue again and queues every paused job, including
// jobs restored from the last run.
func (q *Queue) ResumeAll() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.pausedAll = false
	for _, j := range q.jobs {
		if j.State == Paused {
			q.setStateLocked(j, Queued)
		}
	}
	q.changedLocked()
}

// ClearFinished removes Done, Skipped and Canceled jobs.
func (q *Queue) ClearFinished() {
	q.mu.Lock()
	defer q.mu.Unlock()
	kept := q.jobs[:0]
	for _, j := range q.jobs {
		if j.State == Done || j.State == Skipped || j.State == Canceled {
			q.count[j.State]--
			delete(q.byID, j.ID)
			continue
		}
		kept = append(kept, j)
	}
	clear(q.jobs[len(kept):])
	q.jobs = kept
	q.scanFrom = 0
	q.changedLocked()
}

// deleteJob removes j from jobs, keeping the order.
func deleteJob(jobs []*job, j *job) []*job {
	for i, x := range jobs {
		if x == j {
			return append(jobs[:i], jobs[i+1:]...)
		}
	}
	return jobs
}
