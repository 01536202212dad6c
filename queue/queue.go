package queue

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/adrg/xdg"
	"golang.org/x/time/rate"

	"ferry/session"
)

// ErrClosed is returned by a Queue after Close.
var ErrClosed = errors.New("transfer queue closed")

// Queue runs transfer jobs with a fixed number of workers. Safe for
// concurrent use.
type Queue struct {
	opts    Options
	ctx     context.Context // ends at Close
	stop    context.CancelFunc
	limiter *rate.Limiter // rate.Inf: unlimited
	// siteLimits holds a *rate.Limiter per site key with a limit of its own.
	siteLimits sync.Map
	// siteSegments holds an int per site key given by SetSiteSegments.
	siteSegments sync.Map

	mu        sync.Mutex
	jobs      []*job // queue order
	byID      map[int64]*job
	nextID    int64
	scanFrom  int // jobs before this index are known not to be Queued
	sites     map[string]*siteSlots
	count     [len(stateNames)]int // jobs per state
	expanding int
	expanded  int // walks finished (Totals.Expanded)
	settling  int // jobs whose upload time is not set yet (see afterUpload)
	pausedAll bool
	closed    bool
	seq       uint64
	changed   chan struct{} // closed and replaced at every change
	sticky    Policy        // an Ask answer given with ApplyToAll
	speed     speedMeter    // total rate
	remarks   siteRemarks   // notes said once per site
	verifyAll atomic.Bool   // Options.Verify, changed by SetVerify
	// segmentThreshold is Options.SegmentThreshold, changed by
	// SetSegmentThreshold.
	segmentThreshold atomic.Int64

	poolsMu sync.Mutex // serialises Options.Connect calls
	pools   map[string]*session.Pool

	asking chan struct{} // holds a token while a question is open

	moved atomic.Int64  // bytes moved by all jobs, for the total speed
	ticks atomic.Uint64 // progress events, part of Snapshot.Seq

	busy        sync.WaitGroup    // workers and expansions
	commits     chan finishedPart // complete downloads, for the committer
	commitsDone chan struct{}     // closed when the committer has finished
	persist     *persister        // nil without StatePath
	nextPos     int64             // queue order of the next job added, as saved
	problem     string            // what went wrong restoring the saved queue
	subs        sync.WaitGroup    // Subscribe goroutines
}

// DefaultStatePath is $XDG_STATE_HOME/ferry/queue.db (a queue.json beside
// it, from an earlier version, is migrated once).
func DefaultStatePath() (string, error) {
	if xdg.StateHome == "" {
		return "", errors.New("no state directory ($XDG_STATE_HOME) is known")
	}
	return filepath.Join(xdg.StateHome, "ferry", "queue.db"), nil
}

// New makes a queue and restores any jobs saved at opts.StatePath (restored
// jobs start Paused so that the caller can offer to resume them, or Queued
// with opts.RestoreRunning). Workers start at once.
func New(opts Options) (*Queue, error) {
	opts.applyDefaults()
	if opts.Connect == nil {
		return nil, errors.New("queue: Options.Connect is required")
	}
	q := &Queue{
		opts:    opts,
		byID:    make(map[int64]*job),
		nextID:  1,
		nextPos: 1,
		sites:   make(map[string]*siteSlots),
		changed: make(chan struct{}),
		pools:   make(map[string]*session.Pool),
		asking:  make(chan struct{}, 1),

		commits:     make(chan finishedPart, maxCommitBatch),
		commitsDone: make(chan struct{}),
	}
	q.ctx, q.stop = context.WithCancel(context.Background())
	q.verifyAll.Store(opts.Verify)
	q.segmentThreshold.Store(opts.SegmentThreshold)
	q.limiter = rate.NewLimiter(rate.Inf, copyBufferSize)
	q.SetRateLimit(opts.RateLimit)
	if opts.StatePath != "" {
		if err := q.restore(); err != nil {
			return nil, err
		}
	}
	go q.committer()
	for range opts.Workers {
		q.busy.Add(1)
		go q.worker()
	}
	return q, nil
}

// Download queues remote (a file, or with recursive a directory tree) into
// the local path. A file lands at local, or inside local when local is an
// existing directory; a tree's contents land in local, created as needed.
// Directories are walked as a stream: the first file starts before the walk
// ends.
func (q *Queue) Download(siteKey, remote, local string, recursive bool) error {
	if remote == "" || local == "" {
		return errors.New("download: remote and local paths are required")
	}
	if recursive {
		q.warm(siteKey)
		return q.startExpansion(func() { q.expandDownload(siteKey, remote, local) })
	}
	target, err := downloadTarget(remote, local)
	if err != nil {
		return err
	}
	return q.add(&job{Job: Job{Dir: Download, SiteKey: siteKey, Local: target, Remote: remote, Size: -1}})
}

// Upload queues local (a file, or with recursive a directory tree) to
// remote. A file lands at remote, or inside it when remote ends with "/"; a
// tree's contents land in the remote directory, created as needed.
func (q *Queue) Upload(siteKey, local, remote string, recursive bool) error {
	if remote == "" || local == "" {
		return errors.New("upload: local and remote paths are required")
	}
	if recursive {
		q.warm(siteKey)
		return q.startExpansion(func() { q.expandUpload(siteKey, local, remote) })
	}
	j, err := uploadJob(siteKey, local, remote)
	if err != nil {
		return err
	}
	return q.add(j)
}

// warm has the site's connections log in while a tree is walked, so that
// its first files do not wait for logins one after another.
func (q *Queue) warm(siteKey string) {
	if pool, err := q.pool(siteKey); err == nil {
		pool.Warm(q.opts.Workers)
	}
}

// startExpansion runs walk in the background, counted in Totals.Expanding.
func (q *Queue) startExpansion(walk func()) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	q.expanding++
	q.changedLocked()
	q.busy.Add(1)
	go func() {
		defer q.busy.Done()
		defer func() {
			q.mu.Lock()
			q.expanding--
			q.expanded++
			q.changedLocked()
			q.mu.Unlock()
		}()
		walk()
	}()
	return nil
}

// add appends a job with the queue's policy.
func (q *Queue) add(j *job) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	if j.Policy == PolicyDefault {
		j.Policy = q.opts.Policy
	}
	q.addLocked(j)
	return nil
}

// addLocked gives j an ID (unless restored with one) and appends it.
func (q *Queue) addLocked(j *job) {
	if j.ID == 0 {
		j.ID = q.nextID
	}
	if j.ID >= q.nextID {
		q.nextID = j.ID + 1
	}
	if j.pos == 0 {
		j.pos = q.nextPos
	}
	q.nextPos = max(q.nextPos, j.pos) + 1
	j.done.Store(j.Done)
	q.count[j.State]++
	q.jobs = append(q.jobs, j)
	q.byID[j.ID] = j
	q.slotsLocked(j.SiteKey) // known to anySlotFreeLocked from now on
	q.touchLocked(j)
}

// changedLocked records a change: snapshots, waiters, idle workers and the
// persister all hear of it.
func (q *Queue) changedLocked() {
	q.seq++
	close(q.changed)
	q.changed = make(chan struct{})
	if q.persist != nil {
		q.persist.markDirty()
	}
}

// touchLocked records a change to j, which the persister saves.
func (q *Queue) touchLocked(j *job) {
	if q.persist != nil {
		q.persist.changed[j] = struct{}{}
	}
	q.changedLocked()
}

// idleLocked reports nothing left to do right now (paused jobs wait for the user).
func (q *Queue) idleLocked() bool {
	if q.expanding > 0 || q.settling > 0 {
		return false
	}
	return q.count[Queued] == 0 && q.count[Running] == 0
}

// setStateLocked moves j to state s, keeping the per-state counts.
func (q *Queue) setStateLocked(j *job, s State) {
	q.count[j.State]--
	j.State = s
	q.count[s]++
	if s == Queued {
		q.scanFrom = 0 // it may sit before the scan start
	}
	q.touchLocked(j)
}

// Wait blocks until no job is queued, running or expanding, or ctx ends.
func (q *Queue) Wait(ctx context.Context) error {
	for {
		q.mu.Lock()
		idle, closed, changed := q.idleLocked(), q.closed, q.changed
		q.mu.Unlock()
		if idle {
			return nil
		}
		if closed {
			return ErrClosed
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Close stops the workers (running jobs are interrupted and stay resumable)
// and saves the state.
func (q *Queue) Close() error {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return nil
	}
	q.closed = true
	q.changedLocked()
	q.mu.Unlock()

	q.stop()
	q.busy.Wait()
	close(q.commits)
	<-q.commitsDone
	q.subs.Wait()
	if q.persist == nil {
		return nil
	}
	return q.persist.close()
}

// pool resolves a site key through Options.Connect, once per key.
func (q *Queue) pool(siteKey string) (*session.Pool, error) {
	q.poolsMu.Lock()
	defer q.poolsMu.Unlock()
	if p, ok := q.pools[siteKey]; ok {
		return p, nil
	}
	p, err := q.opts.Connect(siteKey)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, fmt.Errorf("no connection for %s", siteKey)
	}
	q.pools[siteKey] = p
	q.mu.Lock()
	q.slotsLocked(siteKey).pool = p
	q.changedLocked()
	q.mu.Unlock()
	return p, nil
}

// notef records a remark in the message log, when there is one.
func (q *Queue) notef(format string, args ...any) {
	if q.opts.Log != nil {
		q.opts.Log.Add(0, session.LogStatus, fmt.Sprintf(format, args...))
	}
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
