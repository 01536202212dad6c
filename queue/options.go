package queue

import (
	"context"
	"time"

	"ferry/session"
)

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
	// lazily, once per key, and caches the result). It must not wait for a
	// person: a password is asked for when the pool dials (session.Manager.Pool).
	Connect func(siteKey string) (*session.Pool, error)
	Policy  Policy
	// Ask puts a question of PolicyAsk to the user (nil: skip). ctx ends when
	// the answer is no longer wanted (the job paused or removed, the queue
	// closed): the question should then go away, and its answer is ignored.
	Ask func(ctx context.Context, q Question) Answer
	// StatePath is where the queue persists itself (atomic writes); "" keeps
	// it in memory only. DefaultStatePath gives $XDG_STATE_HOME/ferry/queue.json.
	StatePath string
	// RestoreRunning starts jobs restored from StatePath at once instead of
	// leaving them Paused (the command line resumes without asking).
	RestoreRunning bool
	// RateLimit caps total throughput in bytes per second; 0 is unlimited.
	RateLimit int64
	// Retries is how many times a transient failure is retried (default 5;
	// negative: never); backoff doubles from RetryDelay (default 1s) up to 30s.
	Retries    int
	RetryDelay time.Duration
	// Segments is how many connections download one big file at once, for
	// every site: 1 never splits; N > 1 splits every file of at least N MiB
	// into N segments; 0 leaves it to each site's Site.Segments (by default
	// automatic: the site's free connections, at most 8), for files of at
	// least SegmentThreshold.
	Segments int
	// SegmentThreshold is the smallest file a site's choice splits; default
	// 64 MiB (see also Queue.SetSegmentThreshold).
	SegmentThreshold int64
	// Verify compares the server's checksum with the local file after each
	// transfer, where the server offers one (also per site:
	// Site.VerifyTransfers).
	Verify bool
	// MaxDepth is how many folders deep a recursive download goes below its
	// root (default DefaultMaxDepth); deeper folders fail with a note.
	MaxDepth int
	// Log receives the queue's remarks (a skipped unsafe name, a server that
	// refused to resume) as status lines; nil: none.
	Log *session.Log
}

const (
	defaultWorkers    = 2
	defaultRetries    = 5
	defaultRetryDelay = time.Second
	maxRetryDelay     = 30 * time.Second
)

func (o *Options) applyDefaults() {
	if o.Workers <= 0 {
		o.Workers = defaultWorkers
	}
	if o.Retries == 0 {
		o.Retries = defaultRetries
	}
	if o.Retries < 0 {
		o.Retries = 0
	}
	if o.SegmentThreshold <= 0 {
		o.SegmentThreshold = defaultSegmentThreshold
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.RetryDelay <= 0 {
		o.RetryDelay = defaultRetryDelay
	}
}
