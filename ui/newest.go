package ui

import (
	"sync"
	"time"
)

// newestOnMain hands values to apply on the main goroutine with at most one
// call waiting there at a time: a value offered while one waits replaces
// it. However fast the values come and however slow the window is, the main
// goroutine gets one update per turn of its loop and never a backlog.
type newestOnMain[T any] struct {
	apply func(T)
	post  func(func()) // runs a call on the main goroutine; nil: onMain
	// rest, when set, is how long after an apply that took d the next one
	// waits at least: the share of the main goroutine updates take stays
	// bounded however slow they get (the machine is busy, say), so a click
	// finds it free.
	rest func(d time.Duration) time.Duration

	mu      sync.Mutex
	value   T
	fresh   bool        // value has not been applied
	posted  bool        // a call is posted, or will be after a rest
	resting time.Time   // no call is posted before
	timer   *time.Timer // posts a call after a rest
	stopped bool        // nothing is applied any more
}

// offer posts v for apply, replacing a value not yet applied. It never blocks.
func (n *newestOnMain[T]) offer(v T) {
	n.mu.Lock()
	n.value, n.fresh = v, true
	if n.posted || n.stopped {
		n.mu.Unlock()
		return
	}
	n.posted = true
	wait := time.Until(n.resting)
	n.mu.Unlock()
	n.schedule(wait)
}

// schedule posts deliver after wait.
func (n *newestOnMain[T]) schedule(wait time.Duration) {
	post := n.post
	if post == nil {
		post = onMain
	}
	if wait <= 0 {
		post(n.deliver)
		return
	}
	n.mu.Lock()
	n.timer = time.AfterFunc(wait, func() { post(n.deliver) })
	n.mu.Unlock()
}

// stop ends the updates: a call posted or resting does nothing once it runs
// (the window may be gone).
func (n *newestOnMain[T]) stop() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.stopped = true
	if n.timer != nil {
		n.timer.Stop()
	}
}

// deliver applies the newest value (main goroutine).
func (n *newestOnMain[T]) deliver() {
	n.mu.Lock()
	if n.stopped {
		n.mu.Unlock()
		return
	}
	v := n.value
	var zero T
	n.value, n.fresh = zero, false
	n.mu.Unlock()
	start := time.Now()
	n.apply(v)
	var rest time.Duration
	if n.rest != nil {
		rest = n.rest(time.Since(start))
	}
	n.mu.Lock()
	n.resting = time.Now().Add(rest)
	again := n.fresh // offered while it was applied
	n.posted = again
	n.mu.Unlock()
	if again {
		n.schedule(rest)
	}
}
