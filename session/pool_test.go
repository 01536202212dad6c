package session

import (
	"context"
	"errors"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

func TestPoolCapsTransferConnectionsAndReusesThem(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	site := embeddedSite(srv)
	site.MaxConns = 2
	pool := NewPool(site, quickOptions())
	defer pool.Close()
	ctx := context.Background()
	a, err := pool.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := pool.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := pool.Get(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a third connection while two are out: %v", err)
	}
	pool.Put(a, nil)
	c, err := pool.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c != a {
		t.Error("a returned healthy connection was not reused")
	}
	pool.Put(b, nil)
	pool.Put(c, nil)
	pool.Close()
	if _, err := pool.Get(ctx); !errors.Is(err, ErrClosed) {
		t.Errorf("Get on a closed pool: %v", err)
	}
}

func TestBrowseReconnectsAfterTheConnectionDies(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	pool := NewPool(embeddedSite(srv), quickOptions())
	defer pool.Close()
	ctx := context.Background()
	var first *Conn
	if err := pool.Browse(ctx, func(c *Conn) error { first = c; return c.Noop() }); err != nil {
		t.Fatal(err)
	}
	first.idle.Conn.Close() // the network drops the connection
	var second *Conn
	err := pool.Browse(ctx, func(c *Conn) error {
		second = c
		_, err := c.List("/")
		return err
	})
	if err != nil {
		t.Fatalf("browse after a drop: %v", err)
	}
	if second == first {
		t.Fatal("the dead connection was used again")
	}
}
