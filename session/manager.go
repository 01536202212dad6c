package session

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
)

// Manager owns Ferry's connections: one Pool per site, shared by browsing
// and transfers; how a site's password is found (see Password); and what the
// person consented to (clear text "send once" holds for the Manager's life,
// "always" is saved with the site). The command line, the window and the
// site manager's Test connection all connect through it. Safe for
// concurrent use.
type Manager struct {
	opts    Options
	store   *Store
	keyring Keyring
	getenv  func(string) string
	notify  func(string)

	notifyMu sync.Mutex // notify runs one call at a time: pools lower limits concurrently
	mu       sync.Mutex
	pools    map[string]*Pool
	known    map[string]Site // sites added with Add, by key
	consents map[string]*consent
	closed   bool
}

// ManagerOptions configure a Manager.
type ManagerOptions struct {
	Options         // timeouts, the log, the trust store, and Ask for questions
	Store   *Store  // saved sites; nil: none
	Keyring Keyring // nil: none
	// Getenv reads FERRY_PASSWORD; nil: os.Getenv.
	Getenv func(string) string
	// Notify receives remarks for the person, such as "ftp.example.org
	// allows 2 connections; using 2", one call at a time; they also go to
	// the log.
	Notify func(msg string)
}

// NewManager makes a manager; it connects lazily.
func NewManager(o ManagerOptions) *Manager {
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	return &Manager{
		opts: o.Options.withDefaults(), store: o.Store, keyring: o.Keyring, getenv: o.Getenv, notify: o.Notify,
		pools: map[string]*Pool{}, known: map[string]Site{}, consents: map[string]*consent{},
	}
}

// savedPrefix starts the key of a saved site: "saved:" and its ID.
const savedPrefix = "saved:"

// KeyOf names site for pools and the transfer queue: "saved:ID" for a saved
// site, its address without the password (Site.Key) for any other. A job
// keeps the key, so that it can be resumed after a restart.
func KeyOf(site Site) string {
	if site.ID != "" {
		return savedPrefix + site.ID
	}
	return site.Key()
}

// Add makes site known under its key (with the password it carries, from a
// URL or typed by the person) and returns the key.
func (m *Manager) Add(site Site) string {
	key := KeyOf(site)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.known[key] = site
	if p := m.pools[key]; p != nil && p.update(site) {
		p.Reset() // a saved site now points elsewhere
	}
	return key
}

// Pool returns the pool of the site named by key (see KeyOf), making it on
// first use. It never waits for a person: a missing password is asked for
// when the first connection is dialed.
func (m *Manager) Pool(key string) (*Pool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil, ErrClosed
	}
	if p := m.pools[key]; p != nil {
		return p, nil
	}
	site, err := m.siteLocked(key)
	if err != nil {
		return nil, err
	}
	opts := m.opts
	opts.consent = m.consentLocked(key)
	opts.onPassiveRefused = func() { m.rememberActive(key) }
	p := NewPool(site, opts)
	p.password = m.Password
	p.onLimit = func(n int) { m.limited(key, n) }
	m.pools[key] = p
	return p, nil
}

// siteLocked resolves key: a site added with Add, a saved site by ID (or,
// for queues saved by older versions, by address), or an address.
func (m *Manager) siteLocked(key string) (Site, error) {
	if site, ok := m.known[key]; ok {
		return site, nil
	}
	if id, ok := strings.CutPrefix(key, savedPrefix); ok {
		if m.store != nil {
			if site, ok := m.store.ByID(id); ok {
				return site, nil
			}
		}
		return Site{}, errors.New("the saved site was deleted")
	}
	if m.store != nil {
		for _, s := range m.store.Sites() {
			if s.Key() == key {
				return s, nil
			}
		}
	}
	return parseKey(key)
}

// parseKey reads Site.Key's protocol://user@host:port back into a site.
func parseKey(key string) (Site, error) {
	u, err := url.Parse(key)
	bad := fmt.Errorf("%q names no server", key)
	if err != nil || u.Hostname() == "" {
		return Site{}, bad
	}
	site := Site{Protocol: Protocol(u.Scheme), Host: u.Hostname(), Logon: Anonymous}
	switch site.Protocol {
	case FTP, FTPTLSIfAvailable, ExplicitTLS, ImplicitTLS:
	default:
		return Site{}, bad
	}
	if port, err := strconv.Atoi(u.Port()); err == nil && port != site.DefaultPort() {
		site.Port = port
	}
	if user := u.User.Username(); user != "" && user != "anonymous" {
		site.Logon, site.User = Normal, user
	}
	site.Name = site.Host
	return site, nil
}

// consentLocked is the clear-text consent of the site named by key.
func (m *Manager) consentLocked(key string) *consent {
	if c := m.consents[key]; c != nil {
		return c
	}
	var save func()
	if id, ok := strings.CutPrefix(key, savedPrefix); ok && m.store != nil {
		save = func() { m.updateSaved(id, func(s *Site) { s.AllowPlainPassword = true }) }
	}
	c := newConsent(save)
	m.consents[key] = c
	return c
}

// updateSaved changes a saved site in the store, if it still exists.
func (m *Manager) updateSaved(id string, change func(*Site)) {
	site, ok := m.store.ByID(id)
	if !ok {
		return
	}
	change(&site)
	if err := m.store.Put(site); err != nil {
		m.opts.Log.Add(0, LogError, Describe(err))
	}
}

// rememberActive saves, for a saved site, that its server refused passive
// mode, so that the next run starts in active mode.
func (m *Manager) rememberActive(key string) {
	if id, ok := strings.CutPrefix(key, savedPrefix); ok && m.store != nil {
		m.updateSaved(id, func(s *Site) { s.PassiveRefused = true })
	}
}

// limited remembers that the server of key allows n connections, and says so once.
func (m *Manager) limited(key string, n int) {
	m.mu.Lock()
	site, err := m.siteLocked(key)
	if s, ok := m.known[key]; ok {
		s.MaxConns = n
		m.known[key] = s
	}
	m.mu.Unlock()
	if err != nil {
		return
	}
	if id, ok := strings.CutPrefix(key, savedPrefix); ok && m.store != nil {
		m.updateSaved(id, func(s *Site) { s.MaxConns = n })
	}
	if m.notify != nil {
		m.notifyMu.Lock()
		defer m.notifyMu.Unlock()
		m.notify(fmt.Sprintf("%s allows %d connection%s; using %d", site.Host, n, plural(n), n))
	}
}

// Test dials one new connection to site and logs out: the site manager's
// Test connection. It finds the password and asks as any connection to the
// site does (through ask, or the manager's Questions when ask is nil), and
// shares the site's consents.
func (m *Manager) Test(ctx context.Context, site Site, ask Questions) error {
	m.mu.Lock()
	opts := m.opts
	opts.consent = m.consentLocked(KeyOf(site))
	m.mu.Unlock()
	if ask != nil {
		opts.Ask = ask
	}
	p := NewPool(site, opts)
	p.password = func(ctx context.Context, site Site) (string, error) {
		pw, _, err := m.findPassword(ctx, site, opts.Ask)
		return pw, err
	}
	defer p.Close()
	return p.Browse(ctx, func(c *Conn) error { return c.Noop() })
}

// Reconnect closes the connections of the site named by key; the next
// operation dials afresh, with the site as saved now. Consents and a
// password given in this session stay.
func (m *Manager) Reconnect(key string) {
	m.mu.Lock()
	p := m.pools[key]
	site, err := m.siteLocked(key)
	if id, ok := strings.CutPrefix(key, savedPrefix); ok && m.store != nil {
		if saved, found := m.store.ByID(id); found {
			site, err = saved, nil // as edited since
		}
	}
	m.mu.Unlock()
	if p == nil {
		return
	}
	if err == nil {
		p.update(site)
	}
	p.Reset()
}

// Close closes every pool.
func (m *Manager) Close() {
	m.mu.Lock()
	m.closed = true
	pools := m.pools
	m.pools = map[string]*Pool{}
	m.mu.Unlock()
	for _, p := range pools {
		p.Close()
	}
}
