package queue

import (
	"os"
	"time"
)

// SegmentState says what one segment of a segmented download is doing.
type SegmentState int32

const (
	// SegmentWaiting has bytes missing and no connection on it: not started
	// yet, or stopped with its job.
	SegmentWaiting SegmentState = iota
	// SegmentRunning is being fetched.
	SegmentRunning
	// SegmentRetrying lost its connection and waits to try again from where
	// it stopped; the other segments go on.
	SegmentRetrying
	// SegmentDone has every byte in the .part.
	SegmentDone
	// SegmentFailed gave up; its job stopped with the reason.
	SegmentFailed
)

var segmentStateNames = [...]string{"waiting", "running", "retrying", "done", "failed"}

// String is the state in lower-case words, e.g. "running".
func (s SegmentState) String() string {
	if s < 0 || int(s) >= len(segmentStateNames) {
		return "unknown"
	}
	return segmentStateNames[s]
}

// SegmentStatus is one segment of a segmented download, as of a snapshot:
// the byte range [Start, End) of the file, how many bytes of it are in
// place from Start, and its own smoothed speed.
type SegmentStatus struct {
	Start, End int64
	Done       int64
	State      SegmentState
	Speed      float64 // bytes per second, while running
}

// segmentStatuses returns the segments of a job that downloads (or last
// downloaded) in segments, nil for any other, and the bytes they hold.
// Called with Queue.mu held, which guards the segments' meters.
func segmentStatuses(j *job, now time.Time) ([]SegmentStatus, int64) {
	if j.split == nil {
		return nil, 0
	}
	out := make([]SegmentStatus, len(j.split.segs))
	var done int64
	for i, seg := range j.split.segs {
		st := SegmentStatus{Start: seg.Start, End: seg.End, Done: seg.done.Load(), State: SegmentState(seg.state.Load())}
		if st.State == SegmentRunning && j.State == Running {
			st.Speed = seg.meter.sample(now, st.Done)
		} else {
			seg.meter = speedMeter{}
		}
		out[i] = st
		done += st.Done
	}
	return out, done
}

// showSegments makes s's segments the ones a snapshot shows for j (nil:
// none). s.segs does not change once s is shown.
func (q *Queue) showSegments(j *job, s *segmenter) {
	q.mu.Lock()
	j.split = s
	q.seq++ // seen by the next snapshot; the segments are not saved with the queue
	q.mu.Unlock()
}

// setState records what seg does now, for the next snapshot.
func (s *segmenter) setState(seg *segment, state SegmentState) {
	seg.state.Store(int32(state))
	s.q.ticks.Add(1)
}

// savedSegments is what a download restored from the saved queue shows of
// its segments before it runs again: how far each got, from the map beside
// its .part. nil for any other job, or when the map does not fit the job.
func savedSegments(j *job) *segmenter {
	if j.Dir != Download || !j.started || j.State.Finished() {
		return nil
	}
	part := j.Local + partSuffix
	m, err := loadSegmentMap(part + segmentMapSuffix)
	if m == nil || err != nil || !m.fits(j.Size, m.ModTime) {
		return nil
	}
	fi, err := os.Stat(part)
	if err != nil {
		return nil
	}
	return &segmenter{segs: segmentsFromMap(m, fi.Size())}
}
