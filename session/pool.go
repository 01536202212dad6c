package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"syscall"
	"time"
)

// Pool holds the connections to one site, for browsing and transfers alike:
// at most Limit of them at once. Safe for concurrent use.
//
// A connection is taken with Get (or used for one operation with Browse)
// and handed back with Put; handed-back connections wait, idle, for the next
// taker. When the server refuses another connection while others are open
// (421 "too many connections", or a refused connect), the pool lowers its
// limit to what the server allows and Get returns an error wrapping
// ErrConnLimit, which the caller treats as "wait", never as a failure.
type Pool struct {
	opts     Options
	password func(ctx context.Context, site Site) (string, error) // finds a missing password
	onLimit  func(n int)                                          // the limit was lowered to n

	mu       sync.Mutex
	site     Site
	asked    bool // site.Password came from a question
	limit    int  // connections at most
	taken    int  // connections handed out or being dialed
	idle     []*Conn
	browsers int // Browse calls waiting for a connection: they go first
	gen      int // connections of an older generation are closed, not kept
	closed   bool
	loggedIn bool          // a connection logged in: the password works
	secured  bool          // the last connection to log in uses TLS
	changed  chan struct{} // closed and replaced when a connection frees up
	// browseWanted is closed and replaced when a Browse call has to wait.
	browseWanted chan struct{}
	done         chan struct{}

	browseMu sync.Mutex // one browsing operation at a time
	passTurn turn       // one password question at a time
}

// ErrConnLimit is wrapped by Get's error when the server refused another
// connection while others to it are open: wait for one of those.
var ErrConnLimit = errors.New("the server allows no more connections")

// keepAlive is how long a connection may sit idle before it is checked with
// NOOP; most servers drop idle sessions after a few minutes.
const keepAlive = 60 * time.Second

// NewPool makes a pool for site; it dials lazily. Connections made through
// it share one clear-text consent.
func NewPool(site Site, opts Options) *Pool {
	opts = opts.withDefaults()
	if opts.consent == nil {
		opts.consent = newConsent(nil)
	}
	p := &Pool{
		opts:         opts,
		site:         site,
		limit:        site.Connections(),
		changed:      make(chan struct{}),
		browseWanted: make(chan struct{}),
		done:         make(chan struct{}),
		passTurn:     newTurn(),
	}
	go p.keepAlive()
	return p
}

// Site is the pool's site (with the password it was given or found).
func (p *Pool) Site() Site {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.site
}

// Limit is the most connections the pool opens at once now.
func (p *Pool) Limit() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.limit
}

// Free is how many more connections could be taken now without waiting.
func (p *Pool) Free() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.limit - p.taken
}

// BrowseWanted is closed when a Browse call starts waiting for a
// connection: a caller holding one idle between jobs wakes up and hands it
// back (see BrowseWaiting) instead of keeping it until its own timer ends.
func (p *Pool) BrowseWanted() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.browseWanted
}

// Encrypted reports whether the last connection that logged in uses TLS,
// which a site that takes TLS if available learns only then.
func (p *Pool) Encrypted() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.secured
}

// BrowseWaiting reports a Browse call waiting for a connection: a caller
// holding one between jobs should hand it back.
func (p *Pool) BrowseWaiting() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.browsers > 0
}

// changedLocked wakes everyone waiting for a connection.
func (p *Pool) changedLocked() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// acquire counts one connection as taken, waiting while Limit are. Browse
// calls go before Get calls.
func (p *Pool) acquire(ctx context.Context, browse bool) error {
	p.mu.Lock()
	if browse {
		p.browsers++
		defer func() {
			p.mu.Lock()
			p.browsers--
			p.changedLocked()
			p.mu.Unlock()
		}()
	}
	for {
		if p.closed {
			p.mu.Unlock()
			return ErrClosed
		}
		if p.taken < p.limit && (browse || p.browsers == 0) {
			p.taken++
			p.mu.Unlock()
			return nil
		}
		if browse {
			close(p.browseWanted)
			p.browseWanted = make(chan struct{})
		}
		changed := p.changed
		p.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
		p.mu.Lock()
	}
}

func (p *Pool) unacquire() {
	p.mu.Lock()
	p.taken--
	p.changedLocked()
	p.mu.Unlock()
}

// Get takes a connection, waiting while Limit are in use: an idle one, or a
// new one. Transient failures to connect are retried with backoff; a
// refused login is not.
func (p *Pool) Get(ctx context.Context) (*Conn, error) {
	if err := p.acquire(ctx, false); err != nil {
		return nil, err
	}
	c, err := p.take(ctx)
	if err != nil {
		p.unacquire()
	}
	return c, err
}

// take returns a live idle connection or dials one; the caller has acquired.
func (p *Pool) take(ctx context.Context) (*Conn, error) {
	for {
		c := p.popIdle()
		if c == nil {
			break
		}
		if time.Since(c.used) < keepAlive || c.Noop() == nil {
			return c, nil
		}
		c.Close()
	}
	return p.dialRetrying(ctx)
}

// Warm logs in up to n connections in the background, within the limit and
// counting those open, so that the transfers about to start find them
// ready: a login is several round trips, and the first files of a batch
// would otherwise wait for them one after another. It does nothing before
// a login succeeded, so it never asks for a password; a failure is left
// for the transfers' own connects to meet and report.
func (p *Pool) Warm(n int) {
	p.mu.Lock()
	want := min(n, p.limit) - p.taken - len(p.idle)
	if p.closed || !p.loggedIn || want <= 0 {
		p.mu.Unlock()
		return
	}
	p.taken += want
	p.mu.Unlock()
	for range want {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), p.opts.DialTimeout)
			defer cancel()
			go func() { // a closing pool ends the login
				select {
				case <-p.done:
					cancel()
				case <-ctx.Done():
				}
			}()
			c, err := p.dial(ctx)
			p.Put(c, err) // idle for the next Get; nil gives the slot back
		}()
	}
}

// dialRetrying dials, retrying transient failures twice with backoff.
func (p *Pool) dialRetrying(ctx context.Context) (*Conn, error) {
	delay := 500 * time.Millisecond
	for attempt := 1; ; attempt++ {
		c, err := p.dial(ctx)
		if err == nil || IsPermanent(err) || errors.Is(err, ErrConnLimit) || attempt == 3 || ctx.Err() != nil {
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

func (p *Pool) popIdle() *Conn {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.idle)
	if n == 0 {
		return nil
	}
	c := p.idle[n-1]
	p.idle = p.idle[:n-1]
	return c
}

// dial opens a connection with the site's password, finding it first when
// it is missing.
func (p *Pool) dial(ctx context.Context) (*Conn, error) {
	site, err := p.withPassword(ctx)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	gen := p.gen
	p.mu.Unlock()
	c, err := Dial(ctx, site, p.opts)
	if err == nil {
		c.gen = gen
		p.mu.Lock()
		p.loggedIn = true
		p.secured = c.Encrypted()
		p.mu.Unlock()
		return c, nil
	}
	if replyCode(err) == 530 {
		p.forgetAsked(site.Password)
	}
	return nil, p.limitError(err)
}

// withPassword is the site, with its password found (once per pool, one
// question at a time) when it has none.
func (p *Pool) withPassword(ctx context.Context) (Site, error) {
	site := p.Site()
	if !site.needsPassword() || (p.password == nil && p.opts.Ask == nil) {
		return site, nil
	}
	if err := p.passTurn.take(ctx); err != nil {
		return site, err
	}
	defer p.passTurn.give()
	if site = p.Site(); !site.needsPassword() { // found while this one waited
		return site, nil
	}
	find := p.password
	if find == nil {
		find = p.opts.Ask.Password
	}
	pw, err := find(ctx, site)
	if err != nil {
		return site, err
	}
	p.mu.Lock()
	p.site.Password = pw
	p.asked = true
	site = p.site
	p.mu.Unlock()
	return site, nil
}

// forgetAsked drops a password the server refused, so that the next
// connect asks again instead of repeating it.
func (p *Pool) forgetAsked(pw string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.asked && p.site.Password == pw {
		p.site.Password = ""
		p.asked = false
	}
}

// limitError turns a refused connection into ErrConnLimit when other
// connections to the site are open, lowering the limit to their number.
func (p *Pool) limitError(err error) error {
	if !refusedForLimit(err) {
		return err
	}
	p.mu.Lock()
	others := p.taken - 1 + len(p.idle)
	lowered := others >= 1 && others < p.limit
	if lowered {
		p.limit = others
		p.trimIdleLocked()
	}
	n := p.limit
	notify := p.onLimit
	p.mu.Unlock()
	if others < 1 {
		return err // nothing to wait for: an ordinary, transient failure
	}
	if lowered {
		msg := fmt.Sprintf("The server allows %d connection%s; using %d", n, plural(n), n)
		p.opts.Log.Add(0, LogStatus, msg)
		if notify != nil {
			notify(n)
		}
	}
	return fmt.Errorf("%w (%d open): %w", ErrConnLimit, n, err)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// refusedForLimit reports a refusal that servers give when they allow no
// more connections: a 421 reply, or a connect refused, reset or closed
// before the greeting.
func refusedForLimit(err error) bool {
	if replyCode(err) == 421 {
		return true
	}
	var de *dialError
	if !errors.As(err, &de) || (de.step != "connect" && de.step != "greeting") {
		return false
	}
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// trimIdleLocked closes idle connections beyond the limit.
func (p *Pool) trimIdleLocked() {
	for len(p.idle) > 0 && p.taken+len(p.idle) > p.limit {
		c := p.idle[0]
		p.idle = p.idle[1:]
		go c.Close()
	}
}

// Put returns a connection taken with Get. err is the last operation's
// error: a connection that failed at the network level is closed, not
// reused; so is one beyond a lowered limit or from before a Reset.
func (p *Pool) Put(c *Conn, err error) {
	if c == nil {
		p.unacquire()
		return
	}
	c.Settle() // nothing may wait unsent while the connection is idle
	p.mu.Lock()
	p.taken--
	keep := !p.closed && !c.broken.Load() && c.gen == p.gen && p.taken+len(p.idle) < p.limit
	if keep {
		p.idle = append(p.idle, c)
	}
	p.changedLocked()
	p.mu.Unlock()
	if !keep {
		c.Close()
	}
}

// Browse runs fn on a connection of the pool, before any waiting Get,
// dialing as needed (and once more when the connection turns out dead).
// One browsing operation runs at a time.
func (p *Pool) Browse(ctx context.Context, fn func(*Conn) error) error {
	p.browseMu.Lock()
	defer p.browseMu.Unlock()
	for attempt := 0; ; attempt++ {
		if err := p.acquire(ctx, true); err != nil {
			return err
		}
		c := p.popIdle()
		fresh := c == nil
		if fresh {
			var err error
			c, err = p.dialRetrying(ctx)
			if errors.Is(err, ErrConnLimit) {
				p.unacquire() // wait for one of the connections the server allows
				attempt--
				continue
			}
			if err != nil {
				p.unacquire()
				if ctx.Err() != nil {
					return ctx.Err()
				}
				return err
			}
		}
		stop := c.watch(ctx)
		err := fn(c)
		stop()
		if err != nil && ctx.Err() != nil {
			err = ctx.Err() // the caller gave up, the server did not fail
		}
		broken := c.broken.Load()
		p.Put(c, err)
		if !broken || fresh || attempt > 0 || ctx.Err() != nil {
			return err
		}
		p.opts.Log.Add(c.id, LogStatus, "Connection lost; reconnecting")
	}
}

// keepAlive sends NOOP on the most recently used idle connection so that
// the server does not drop it between clicks, and closes the other idle ones
// after a while.
func (p *Pool) keepAlive() {
	tick := time.NewTicker(keepAlive / 2)
	defer tick.Stop()
	for {
		select {
		case <-p.done:
			return
		case <-tick.C:
		}
		p.mu.Lock()
		var stale []*Conn
		for len(p.idle) > 1 && time.Since(p.idle[0].used) > keepAlive {
			stale = append(stale, p.idle[0])
			p.idle = p.idle[1:]
		}
		p.mu.Unlock()
		for _, c := range stale {
			c.Close()
		}
		p.noopIdle()
	}
}

// noopIdle checks the most recently used idle connection when it has been
// idle long, if no one is waiting for a connection.
func (p *Pool) noopIdle() {
	p.mu.Lock()
	n := len(p.idle)
	if p.closed || n == 0 || p.taken >= p.limit || p.browsers > 0 || time.Since(p.idle[n-1].used) < keepAlive {
		p.mu.Unlock()
		return
	}
	c := p.idle[n-1]
	p.idle = p.idle[:n-1]
	p.taken++
	p.mu.Unlock()
	p.Put(c, c.Noop())
}

// Reset closes the idle connections and makes those in use close when they
// are handed back: the next operation connects afresh. The password and the
// consents stay.
func (p *Pool) Reset() {
	p.mu.Lock()
	p.gen++
	idle := p.idle
	p.idle = nil
	p.changedLocked()
	p.mu.Unlock()
	for _, c := range idle {
		c.Close()
	}
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
	p.changedLocked()
	p.mu.Unlock()
	for _, c := range idle {
		c.Close()
	}
	return nil
}

// update takes site's settings, keeping the password when the account
// (protocol, user and address) is the same, and a limit learned from the
// server unless the site sets its own. It reports whether the account
// changed: the open connections then belong to the old one.
func (p *Pool) update(site Site) (changed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	changed = site.Key() != p.site.Key()
	if site.Password == "" && !changed {
		site.Password = p.site.Password
	} else if site.Password != "" {
		p.asked = false
	}
	if changed || site.MaxConns != 0 {
		p.limit = site.Connections()
	}
	p.site = site
	p.changedLocked()
	return changed
}
