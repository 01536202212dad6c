package queue

import (
	"context"
	"sync/atomic"
	"time"
)

// Direction of a transfer.
type Direction int

const (
	// Download copies a remote file to the local disk.
	Download Direction = iota
	// Upload copies a local file to the server.
	Upload
)

// String is "download" or "upload".
func (d Direction) String() string {
	if d == Upload {
		return "upload"
	}
	return "download"
}

// State of a job.
type State int

const (
	// Queued waits for a worker.
	Queued State = iota
	// Running is being transferred (or waiting to retry).
	Running
	// Paused waits for Resume; a partial target is kept.
	Paused
	// Done is complete and verified.
	Done
	// Failed stopped with an error (Job.Err says why).
	Failed
	// Skipped was left alone by the file-exists policy.
	Skipped
	// Canceled was stopped by the user.
	Canceled
)

var stateNames = [...]string{"queued", "running", "paused", "done", "failed", "skipped", "canceled"}

// String is the state in lower-case words, e.g. "queued".
func (s State) String() string {
	if s < 0 || int(s) >= len(stateNames) {
		return "unknown"
	}
	return stateNames[s]
}

// Finished reports a state a job does not leave by itself.
func (s State) Finished() bool {
	return s == Done || s == Failed || s == Skipped || s == Canceled
}

// Policy says what to do when the target file already exists.
type Policy string

const (
	// PolicyDefault resumes a partial file (target smaller than the source;
	// for downloads a NAME.part), skips an identical one (same size, and the
	// target not older), and otherwise fails the job with a clear message.
	PolicyDefault Policy = ""
	// PolicyAsk asks Options.Ask.
	PolicyAsk Policy = "ask"
	// PolicyOverwrite replaces the target.
	PolicyOverwrite Policy = "overwrite"
	// PolicyNewer overwrites only if the source is newer.
	PolicyNewer Policy = "newer"
	// PolicyResume continues a target smaller than the source.
	PolicyResume Policy = "resume"
	// PolicyRename keeps both: the new file becomes "name (1).ext".
	PolicyRename Policy = "rename"
	// PolicySkip leaves the target alone.
	PolicySkip Policy = "skip"
)

// Job is one file transfer (directories are expanded into jobs). Its zero
// fields are left out of its saved record (a queue of 100,000 jobs keeps
// 100,000 records), and read back as zero.
type Job struct {
	ID       int64
	Dir      Direction
	SiteKey  string // what Options.Connect resolves to a pool
	Local    string
	Remote   string
	Size     int64  `json:",omitzero"` // source size, -1 when unknown
	Done     int64  `json:",omitzero"` // bytes of the target that are in place
	State    State  `json:",omitzero"`
	Err      string `json:",omitzero"` // a sentence for the user, when Failed
	Attempts int    `json:",omitzero"`
	// RetryAt is when a job whose last attempt failed tries again (Err says
	// why); zero while it is not waiting to retry.
	RetryAt time.Time `json:",omitzero"`
	Policy  Policy
	// Note is a remark worth showing, e.g. that the server refused to resume
	// and the transfer started again from zero.
	Note string `json:",omitzero"`
}

// job is a Job plus what only the queue needs. Job's fields are guarded by
// Queue.mu; done is written by the copy loop without the lock.
type job struct {
	Job
	done atomic.Int64

	// sourceTime is the source's modification time, zero when unknown.
	sourceTime time.Time
	// target is what the expansion's listing said about the target (uploads:
	// the remote file; downloads look at the local disk themselves).
	target targetInfo
	// started is set once the policy let bytes flow: later attempts (and a
	// restart after a crash) resume whatever partial target is there.
	started bool
	// pos orders the saved queue; MoveTop and MoveBottom change it.
	pos int64

	// ctx and cancel are set while the job runs; the cancel cause says what
	// the job becomes (errPaused, errCanceled, errRemoved).
	ctx    context.Context
	cancel context.CancelCauseFunc
	// removed is set when Remove took a running job out of the list.
	removed bool
	meter   speedMeter // smoothed rate while running
	// split is the download of a job that runs (or last ran) in segments,
	// nil for any other job: snapshots show its segments.
	split *segmenter
	// settling: an upload's time is sent with the connection's next
	// command; the job counts as finished for waiters once it is set.
	settling bool
}

// targetInfo is what is known about a target before the transfer starts.
type targetInfo struct {
	Known  bool // false: ask the server or the disk
	Exists bool
	Size   int64
	Time   time.Time
}

// public returns a copy of the job's public fields with live progress.
func (j *job) public() Job {
	p := j.Job
	p.Done = j.done.Load()
	return p
}
