package ui

import "sync"

// newestOnMain hands values to apply on the main goroutine with at most one
// call waiting there at a time: a value offered while one waits replaces
// it. However fast the values come and however slow the window is, the main
// goroutine gets one update per turn of its loop and never a backlog.
type newestOnMain[T any] struct {
	apply func(T)
	post  func(func()) // runs a call on the main goroutine; nil: onMain

	mu      sync.Mutex
	value   T
	waiting bool // a call is posted and has not run yet
}

// offer posts v for apply, replacing a value not yet applied. It never blocks.
func (n *newestOnMain[T]) offer(v T) {
	n.mu.Lock()
	n.value = v
	post := !n.waiting
	n.waiting = true
	n.mu.Unlock()
	if !post {
		return
	}
	if n.post != nil {
		n.post(n.deliver)
	} else {
		onMain(n.deliver)
	}
}

// deliver applies the newest value (main goroutine).
func (n *newestOnMain[T]) deliver() {
	n.mu.Lock()
	v := n.value
	var zero T
	n.value, n.waiting = zero, false
	n.mu.Unlock()
	n.apply(v)
}
