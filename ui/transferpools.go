package ui

import (
	"fmt"
	"sync"

	"ferry/session"
)

// transferPools gives the queue one pool per site, apart from the tabs'
// browsing pools, so that closing a tab never breaks a running transfer.
type transferPools struct {
	w     *mainWindow
	mu    sync.Mutex
	pools map[string]*session.Pool
	sites map[string]session.Site // connected sites by key, with passwords
}

// register remembers a connected site (and its password) for transfers.
func (t *transferPools) register(site session.Site) {
	t.mu.Lock()
	t.sites[site.Key()] = site
	t.mu.Unlock()
}

// get is queue.Options.Connect. Jobs restored from the last run may name a
// saved site that is not connected: its password is found or asked for.
func (t *transferPools) get(key string) (*session.Pool, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if p, ok := t.pools[key]; ok {
		return p, nil
	}
	site, ok := t.sites[key]
	if !ok {
		for _, s := range t.w.env.Store.Sites() {
			if s.Key() == key {
				site, ok = t.w.withPassword(s)
				break
			}
		}
	}
	if !ok {
		return nil, fmt.Errorf("the site %s is not connected", key)
	}
	p := session.NewPool(site, t.w.env.connOptions(t.w.win))
	t.pools[key] = p
	return p, nil
}

func (t *transferPools) close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, p := range t.pools {
		p.Close()
	}
}
