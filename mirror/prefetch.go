package mirror

import (
	"context"
	"path"
	"strings"
	"sync"
	"sync/atomic"

	"ferry/session"
)

// prefetch lists server folders ahead of the walk, on a few extra
// connections of the pool, so that a tree of many folders is not listed
// one round trip after another. A folder whose listing has not started
// when the walk reaches it is listed by the walk itself: the pool's
// connections may all be busy with the queue's transfers.
type prefetch struct {
	pool   *session.Pool
	parent context.Context // the sync's: ends a connection being made
	ctx    context.Context // ends at close: no more listing ahead
	stop   context.CancelFunc
	conns  chan struct{} // connections in use for listing ahead

	mu      sync.Mutex
	started map[string]*listing // by folder, until the walk takes it
	seen    map[string]bool     // every folder started: none is listed twice
	// below says whether a subfolder found in a listing is listed ahead too
	// (not an excluded one); nil: none is.
	below    func(dir string) bool
	inflight int // goroutines not yet finished
	wg       sync.WaitGroup
}

const (
	prefetchConns = 8  // connections listing ahead at once
	prefetchAhead = 32 // folders being listed (or waiting to be) ahead of the walk
	// prefetchKept bounds the listings held for the walk, taken or not yet:
	// the tree is never all in memory.
	prefetchKept = 4 * prefetchAhead
)

// listing is one folder listed ahead.
type listing struct {
	claimed atomic.Bool // by the lister once connected, or by the walk giving up on it
	done    chan struct{}
	entries []session.Entry
	err     error
}

func newPrefetch(ctx context.Context, pool *session.Pool, below func(dir string) bool) *prefetch {
	p := &prefetch{pool: pool, parent: ctx, conns: make(chan struct{}, prefetchConns), started: map[string]*listing{},
		seen: map[string]bool{}, below: below}
	p.ctx, p.stop = context.WithCancel(ctx)
	return p
}

// start lists dir in the background, unless it is listed already or too
// many folders are ahead.
func (p *prefetch) start(dir string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.seen[dir] || p.inflight >= prefetchAhead || len(p.started) >= prefetchKept || p.ctx.Err() != nil {
		return
	}
	l := &listing{done: make(chan struct{})}
	p.started[dir], p.seen[dir] = l, true
	p.inflight++
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer func() {
			p.mu.Lock()
			p.inflight--
			p.mu.Unlock()
		}()
		defer close(l.done)
		select {
		case p.conns <- struct{}{}:
		case <-p.ctx.Done():
			return
		}
		defer func() { <-p.conns }()
		// A login cut short would be logged as a server that stopped
		// answering: once begun, it ends only with the sync itself.
		c, err := p.pool.Get(p.parent)
		if err != nil {
			return
		}
		if p.ctx.Err() != nil || !l.claimed.CompareAndSwap(false, true) { // the walk listed it meanwhile
			p.pool.Put(c, nil)
			return
		}
		l.entries, l.err = c.List(dir)
		p.pool.Put(c, l.err)
		if l.err == nil {
			p.startBelow(dir, l.entries)
		}
	}()
}

// startBelow lists the subfolders of dir ahead too: the walk goes depth
// first and learns of a folder's subfolders only from its listing, so the
// folders on its stack alone kept the listers idle while it went down one
// branch (a tree of 40 folders over a 50 ms round trip: 7 s, most of it
// waiting for one listing at a time).
func (p *prefetch) startBelow(dir string, entries []session.Entry) {
	if p.below == nil || strings.Count(dir, "/") >= session.MaxTreeDepth {
		return
	}
	for _, e := range entries {
		if sub := path.Join(dir, e.Name); e.Type == session.Dir && session.IsCleanName(e.Name) && p.below(sub) {
			p.start(sub)
		}
	}
}

// take returns dir's listing if it was listed ahead (waiting for one that
// is under way); ok is false when the walk must list it itself.
//
// A listing whose lister has no connection yet is waited for while the pool
// has one free for it. The walk listing it itself instead would hold the
// listers back (browsing goes before them), and the tree would be listed
// one folder after another. When the queue holds every connection, the
// walk lists it itself: browsing goes before the queue.
func (p *prefetch) take(dir string) (entries []session.Entry, ok bool, err error) {
	p.mu.Lock()
	l := p.started[dir]
	delete(p.started, dir)
	p.mu.Unlock()
	if l == nil || p.pool.Free() == 0 && l.claimed.CompareAndSwap(false, true) {
		return nil, false, nil
	}
	<-l.done
	if l.claimed.CompareAndSwap(false, true) {
		return nil, false, nil // its lister stopped before listing it
	}
	if l.err != nil && !session.IsPermanent(l.err) {
		return nil, false, nil // a dropped connection: the walk tries again
	}
	return l.entries, true, l.err
}

// close stops listing ahead and waits for the listers (a connection being
// made is finished and handed to the pool).
func (p *prefetch) close() {
	p.stop()
	p.wg.Wait()
}
