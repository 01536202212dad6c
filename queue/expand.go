package queue

import (
	"errors"
	"io/fs"
	"strings"

	"ferry/internal/printable"
	"ferry/session"
)

// walker is a directory walk's own connection. It takes one of the site's
// slots, so that a worker hands back its connection if none is free.
type walker struct {
	q    *Queue
	key  string
	pool *session.Pool
	conn *session.Conn // taken at the first operation
}

func (q *Queue) openWalker(siteKey string) (*walker, error) {
	pool, err := q.pool(siteKey)
	if err != nil {
		return nil, err
	}
	q.mu.Lock()
	q.slotsLocked(siteKey).inUse++
	q.changedLocked() // a worker idling on a connection hands it back now
	q.mu.Unlock()
	return &walker{q: q, key: siteKey, pool: pool}, nil
}

// close hands back the connection and the slot.
func (w *walker) close() {
	if w.conn != nil {
		w.pool.Put(w.conn, nil)
	}
	w.q.mu.Lock()
	w.q.slotsLocked(w.key).inUse--
	w.q.changedLocked()
	w.q.mu.Unlock()
}

// do runs op on the walk's connection, again on a fresh connection after
// a transient failure.
func (w *walker) do(op func(*session.Conn) error) error {
	delay := w.q.opts.RetryDelay
	for attempt := 0; ; attempt++ {
		var err error
		if w.conn == nil {
			w.conn, err = w.pool.Get(w.q.ctx)
		}
		if errors.Is(err, session.ErrConnLimit) {
			// The pool now waits for one of the connections the server allows.
			attempt--
			continue
		}
		if err == nil {
			if err = op(w.conn); err != nil && !isPermanent(err) {
				w.pool.Put(w.conn, err)
				w.conn = nil
			}
		}
		if err == nil || isPermanent(err) || attempt >= w.q.opts.Retries || w.q.ctx.Err() != nil {
			return err
		}
		if err := sleep(w.q.ctx, delay); err != nil {
			return err
		}
		delay = min(2*delay, maxRetryDelay)
	}
}

// list lists dir.
func (w *walker) list(dir string) (entries []session.Entry, err error) {
	l, err := w.listDir(dir)
	return l.Entries, err
}

// listDir lists dir with what identifies the folder on the server.
func (w *walker) listDir(dir string) (l session.Listing, err error) {
	err = w.do(func(c *session.Conn) error {
		l, err = c.ListDir(dir)
		return err
	})
	return l, err
}

// remoteFolder is what a listing said about one remote folder.
type remoteFolder struct {
	entries     map[string]session.Entry
	showsHidden bool // the listing included dot files (LIST may hide them)
	unknown     bool // no listing: nothing is known about the entries
}

func indexFolder(entries []session.Entry) remoteFolder {
	f := remoteFolder{entries: make(map[string]session.Entry, len(entries))}
	for _, e := range entries {
		f.entries[e.Name] = e
		if strings.HasPrefix(e.Name, ".") {
			f.showsHidden = true
		}
	}
	return f
}

// target says what the listing knows about a file named name; a dot file
// on a listing that hides them, or a folder, is left for the job to check.
func (f remoteFolder) target(name string) targetInfo {
	e, ok := f.entries[name]
	switch {
	case f.unknown:
		return targetInfo{}
	case ok && e.Type == session.File:
		return targetInfo{Known: true, Exists: true, Size: e.Size, Time: e.ModTime}
	case ok || (strings.HasPrefix(name, ".") && !f.showsHidden):
		return targetInfo{}
	}
	return targetInfo{Known: true}
}

func skipIfDir(d fs.DirEntry) error {
	if d != nil && d.IsDir() {
		return fs.SkipDir
	}
	return nil
}

// trimRemote drops trailing slashes, keeping "/" itself.
func trimRemote(p string) string {
	if t := strings.TrimRight(p, "/"); t != "" {
		return t
	}
	if strings.HasPrefix(p, "/") {
		return "/"
	}
	return p
}

// joinRemote appends a name (already checked to be one path element, or a
// relative slash path from the local disk) to a remote folder.
func joinRemote(dir, name string) string {
	if strings.HasSuffix(dir, "/") {
		return dir + name
	}
	return dir + "/" + name
}

// failedJob reports a problem found while expanding, so that it shows in
// the queue and makes the run fail.
func failedJob(dir Direction, siteKey, local, remote, msg string) *job {
	return &job{Job: Job{Dir: dir, SiteKey: siteKey, Local: local, Remote: remote, Size: -1, State: Failed, Err: printable.Text(msg)}}
}

// addFailed reports a problem found while expanding; nothing is reported
// when the walk stopped because the queue is closing.
func (q *Queue) addFailed(dir Direction, siteKey, local, remote, msg string) {
	if q.ctx.Err() != nil {
		return
	}
	q.addBatch([]*job{failedJob(dir, siteKey, local, remote, msg)})
}

// addBatch appends jobs found by a walk.
func (q *Queue) addBatch(jobs []*job) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, j := range jobs {
		if j.Policy == PolicyDefault {
			j.Policy = q.opts.Policy
		}
		q.addLocked(j)
	}
}
