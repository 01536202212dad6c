package session

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Pool holds the connections to one site: one for browsing and up to
// Site.MaxTransferConns for transfers. Safe for concurrent use.
type Pool struct {
	opts  Options
	slots chan struct{} // one token per transfer connection in use

	mu     sync.Mutex
	site   Site
	idle   []*Conn
	closed bool
	done   chan struct{}

	browseMu sync.Mutex // one browsing operation at a time
	browse   *Conn

	plainMu sync.Mutex // one "send the password in clear?" question at a time
	plainOK bool

	activeFallback atomic.Bool // the site refused passive mode
}

// keepAlive is how long a connection may sit idle before it is checked with
// NOOP; most servers drop idle sessions after a few minutes.
const keepAlive = 60 * time.Second

// NewPool makes a pool; it dials lazily.
func NewPool(site Site, opts Options) *Pool {
	p := &Pool{
		site:  site,
		slots: make(chan struct{}, site.MaxTransferConns()),
		done:  make(chan struct{}),
	}
	opts = opts.withDefaults()
	if ask := opts.ConfirmPlain; ask != nil {
		opts.ConfirmPlain = p.confirmPlainOnce(ask)
	}
	opts.activeFallback = &p.activeFallback
	p.opts = opts
	go p.keepBrowseAlive()
	return p
}

// confirmPlainOnce asks the clear-text question once per pool, not once per
// connection.
func (p *Pool) confirmPlainOnce(ask func(Site) PlainDecision) func(Site) PlainDecision {
	return func(s Site) PlainDecision {
		p.plainMu.Lock()
		defer p.plainMu.Unlock()
		if p.plainOK {
			return PlainAllowOnce
		}
		d := ask(s)
		if d != PlainRefuse {
			p.plainOK = true
		}
		if d == PlainAllowAlways {
			p.mu.Lock()
			p.site.AllowPlainPassword = true
			p.mu.Unlock()
		}
		return d
	}
}

// Site is the pool's site (with the password it was given).
func (p *Pool) Site() Site {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.site
}

func (p *Pool) dial(ctx context.Context) (*Conn, error) {
	return Dial(ctx, p.Site(), p.opts)
}

// Browse runs fn on the browsing connection, dialing or re-dialing it as
// needed (one reconnect when the old one turns out dead).
func (p *Pool) Browse(ctx context.Context, fn func(*Conn) error) error {
	p.browseMu.Lock()
	defer p.browseMu.Unlock()
	for attempt := 0; ; attempt++ {
		if p.isClosed() {
			return ErrClosed
		}
		fresh := p.browse == nil
		if fresh {
			c, err := p.dial(ctx)
			if err != nil {
				return err
			}
			p.browse = c
		}
		c := p.browse
		stop := c.watch(ctx)
		err := fn(c)
		stop()
		if !c.broken.Load() {
			return err
		}
		c.Close()
		p.browse = nil
		if fresh || attempt > 0 || ctx.Err() != nil {
			return err
		}
		p.opts.Log.Add(c.id, LogStatus, "Connection lost; reconnecting")
	}
}

// keepBrowseAlive sends NOOP on an idle browsing connection so that the
// server does not drop it between clicks.
func (p *Pool) keepBrowseAlive() {
	tick := time.NewTicker(keepAlive / 2)
	defer tick.Stop()
	for {
		select {
		case <-p.done:
			return
		case <-tick.C:
		}
		if !p.browseMu.TryLock() {
			continue // in use, so alive
		}
		if c := p.browse; c != nil && time.Since(c.used) > keepAlive {
			if c.Noop() != nil {
				c.Close()
				p.browse = nil
			}
		}
		p.browseMu.Unlock()
	}
}

// Get takes a transfer connection, waiting while MaxTransferConns are in use.
// Transient failures to connect are retried with backoff; a refused login
// is not.
func (p *Pool) Get(ctx context.Context) (*Conn, error) {
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-p.done:
		return nil, ErrClosed
	}
	c, err := p.take(ctx)
	if err != nil {
		<-p.slots
	}
	return c, err
}

func (p *Pool) take(ctx context.Context) (*Conn, error) {
	for {
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			return nil, ErrClosed
		}
		var c *Conn
		if n := len(p.idle); n > 0 {
			c = p.idle[n-1]
			p.idle = p.idle[:n-1]
		}
		p.mu.Unlock()
		if c == nil {
			break
		}
		if time.Since(c.used) < keepAlive || c.Noop() == nil {
			return c, nil
		}
		c.Close()
	}
	delay := 500 * time.Millisecond
	for attempt := 1; ; attempt++ {
		c, err := p.dial(ctx)
		if err == nil || IsPermanent(err) || attempt == 3 || ctx.Err() != nil {
			return c, err
		}
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return nil, err
		}
		delay *= 2
	}
}

// Put returns a connection taken with Get. err is the last operation's
// error: a connection that failed at the network level is closed, not reused.
func (p *Pool) Put(c *Conn, err error) {
	defer func() { <-p.slots }()
	if c == nil {
		return
	}
	p.mu.Lock()
	if !p.closed && !c.broken.Load() {
		p.idle = append(p.idle, c)
		c = nil
	}
	p.mu.Unlock()
	if c != nil {
		c.Close()
	}
}

func (p *Pool) isClosed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

// Close closes every idle connection and makes later Get calls fail.
func (p *Pool) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	close(p.done)
	idle := p.idle
	p.idle = nil
	p.mu.Unlock()
	for _, c := range idle {
		c.Close()
	}
	p.browseMu.Lock()
	if p.browse != nil {
		p.browse.Close()
		p.browse = nil
	}
	p.browseMu.Unlock()
	return nil
}
