package queue

// This file is the agreed API of the queue package. Each declaration moves
// into its own file with a real body as it is implemented; the file is deleted
// when empty.

import (
	"context"
	"time"

	"ferry/session"
)

// Direction of a transfer.
type Direction int

const (
	Download Direction = iota
	Upload
)

// State of a job.
type State int

const (
	Queued State = iota
	Running
	Paused
	Done
	Failed
	Skipped
	Canceled
)

// Policy says what to do when the target file already exists.
type Policy string

const (
	// PolicyDefault resumes a partial file (target smaller than the source;
	// for downloads a NAME.part), skips an identical one (same size, and the
	// target not older), and otherwise fails the job with a clear message.
	PolicyDefault   Policy = ""
	PolicyAsk       Policy = "ask"
	PolicyOverwrite Policy = "overwrite"
	PolicyNewer     Policy = "newer" // overwrite only if the source is newer
	PolicyResume    Policy = "resume"
	PolicyRename    Policy = "rename" // keep both: "name (1).ext"
	PolicySkip      Policy = "skip"
)

// Job is one file transfer (directories are expanded into jobs).
type Job struct {
	ID       int64
	Dir      Direction
	SiteKey  string // what Options.Connect resolves to a pool
	Local    string
	Remote   string
	Size     int64 // source size, -1 when unknown
	Done     int64 // bytes of the target that are in place
	State    State
	Err      string // a sentence for the user, when Failed
	Attempts int
	Policy   Policy
}

// Question is asked through Options.Ask when Policy is PolicyAsk.
type Question struct {
	Job                    Job
	SourceSize, TargetSize int64
	SourceTime, TargetTime time.Time // zero when unknown
}

// Answer replies to a Question. ApplyToAll makes the policy stick for the
// rest of the queue. Policy must not be PolicyAsk or PolicyDefault.
type Answer struct {
	Policy     Policy
	ApplyToAll bool
}

// Options configure a Queue.
type Options struct {
	Workers int // parallel transfers; default 2
	// Connect returns the pool for a job's SiteKey (the queue calls it
	// lazily, once per key, and caches the result).
	Connect func(siteKey string) (*session.Pool, error)
	Policy  Policy
	Ask     func(Question) Answer // for PolicyAsk; nil means skip
	// StatePath is where the queue persists itself (atomic writes); "" keeps
	// it in memory only. DefaultStatePath gives $XDG_STATE_HOME/ferry/queue.json.
	StatePath string
	// RateLimit caps total throughput in bytes per second; 0 is unlimited.
	RateLimit int64
	// Retries is how many times a transient failure is retried (default 5);
	// backoff doubles from RetryDelay (default 1s) up to 30s.
	Retries    int
	RetryDelay time.Duration
}

// JobStatus is a job plus rates, as of a snapshot.
type JobStatus struct {
	Job
	Speed float64       // bytes per second, smoothed
	ETA   time.Duration // 0 when unknown
}

// Totals sum up the queue.
type Totals struct {
	Files, Queued, Running, Done, Failed, Skipped int
	Bytes, BytesDone                              int64
	Speed                                         float64
	ETA                                           time.Duration
	Expanding                                     int // directory walks still in progress
}

// Snapshot is an immutable view of the queue; jobs in queue order.
type Snapshot struct {
	Jobs   []JobStatus
	Totals Totals
	Seq    uint64 // increases with every change
}

// Queue runs transfer jobs with a fixed number of workers.
type Queue struct{}

// DefaultStatePath is $XDG_STATE_HOME/ferry/queue.json.
func DefaultStatePath() (string, error) { panic("unimplemented") }

// New makes a queue and restores any jobs saved at opts.StatePath (restored
// jobs start Paused so that the caller can offer to resume them). Workers
// start at once.
func New(opts Options) (*Queue, error) { panic("unimplemented") }

// Download queues remote (a file, or with recursive a directory tree) into
// the local path. Directories are walked as a stream: the first file starts
// before the walk ends.
func (q *Queue) Download(siteKey, remote, local string, recursive bool) error {
	panic("unimplemented")
}

// Upload queues local (a file, or with recursive a directory tree) to remote.
func (q *Queue) Upload(siteKey, local, remote string, recursive bool) error {
	panic("unimplemented")
}

// Snapshot returns the current state.
func (q *Queue) Snapshot() Snapshot { panic("unimplemented") }

// Subscribe delivers a snapshot at most every interval, only when something
// changed, on a channel of capacity 1 (a slow reader gets the newest one).
func (q *Queue) Subscribe(interval time.Duration) (snaps <-chan Snapshot, cancel func()) {
	panic("unimplemented")
}

// Wait blocks until no job is queued, running or expanding, or ctx ends.
func (q *Queue) Wait(ctx context.Context) error { panic("unimplemented") }

// Per-job controls; unknown IDs are ignored.
func (q *Queue) Pause(id int64)      { panic("unimplemented") }
func (q *Queue) Resume(id int64)     { panic("unimplemented") }
func (q *Queue) Cancel(id int64)     { panic("unimplemented") }
func (q *Queue) Retry(id int64)      { panic("unimplemented") }
func (q *Queue) Remove(id int64)     { panic("unimplemented") }
func (q *Queue) MoveTop(id int64)    { panic("unimplemented") }
func (q *Queue) MoveBottom(id int64) { panic("unimplemented") }

// PauseAll stops starting new jobs and pauses running ones (they resume from
// where they stopped). ResumeAll undoes it.
func (q *Queue) PauseAll()  { panic("unimplemented") }
func (q *Queue) ResumeAll() { panic("unimplemented") }

// ClearFinished removes Done, Skipped and Canceled jobs.
func (q *Queue) ClearFinished() { panic("unimplemented") }

// Close stops the workers (running jobs are interrupted and stay resumable)
// and saves the state.
func (q *Queue) Close() error { panic("unimplemented") }
