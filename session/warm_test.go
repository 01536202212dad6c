package session

import (
	"context"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

// Warm logs connections in ahead of the transfers, within the limit, and
// only once a login worked (it must never be the one to ask a password).
func TestWarmLogsInIdleConnectionsOnceALoginWorked(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	site := embeddedSite(srv)
	site.MaxConns = 3
	p := NewPool(site, quickOptions())
	t.Cleanup(func() { p.Close() })
	counts := func() (taken, idle int) {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.taken, len(p.idle)
	}

	p.Warm(8)
	if taken, idle := counts(); taken != 0 || idle != 0 {
		t.Fatalf("before any login Warm dialed: %d taken, %d idle", taken, idle)
	}
	c, err := p.Get(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p.Warm(8) // one is in use: two more at most
	for deadline := time.Now().Add(10 * time.Second); ; {
		taken, idle := counts()
		if taken == 1 && idle == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d taken, %d idle; want 1 and 2 (the limit is 3)", taken, idle)
		}
		time.Sleep(10 * time.Millisecond) // polling the pool's counts
	}
	p.Put(c, nil)
	p.Warm(8) // all three are open: nothing more
	if taken, idle := counts(); taken != 0 || idle != 3 {
		t.Fatalf("%d taken, %d idle after a Warm with all open", taken, idle)
	}
	for range 3 { // the warmed connections work
		c, err := p.Get(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer p.Put(c, nil)
		if _, err := c.ListDir("/"); err != nil {
			t.Fatal(err)
		}
	}
}
