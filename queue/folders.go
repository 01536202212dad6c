package queue

import (
	"fmt"
	"path"
	"sync"

	"ferry/internal/printable"
	"ferry/session"
)

// The folders of a tree upload are made on the server once each, by as many
// connections at once as the site allows, each as soon as its parent is
// there: one MKD per folder, and no round trip of one folder waits for
// another's. A file is queued once its folder is there, with what the
// folder's listing says about it; a folder that cannot be made fails every
// file below it.

// remoteDir is one folder of a tree upload, on the server.
type remoteDir struct {
	path   string
	name   string     // the last element of path; "" for the tree's root
	local  string     // the local folder it mirrors
	parent *remoteDir // nil for the tree's root

	// Guarded by folderMaker.mu until settled, then read-only.
	settled  bool
	folder   remoteFolder // what is in it, once made or found
	err      *folderError // why it is not there; nil when it is
	children []*remoteDir // waiting for it to settle
	pending  []*job       // files waiting for it
}

// folderError says a folder of the tree could not be made; every file below
// it fails with msg.
type folderError struct {
	dir      *remoteDir // the folder that could not be made
	msg      string
	reported bool // a failed job carries it (guarded by folderMaker.mu)
}

// folderMaker makes the folders of one tree upload.
type folderMaker struct {
	q       *Queue
	siteKey string
	max     int // makers at once: the site's connections

	mu       sync.Mutex
	ready    []*remoteDir   // their parents are there: to be made
	makers   int            // goroutines making folders
	running  sync.WaitGroup // the makers, until their connections are back
	failures []*folderError
	// unsettled counts the folders added and not yet settled (with their
	// files queued).
	unsettled sync.WaitGroup
}

func (q *Queue) newFolderMaker(siteKey string) (*folderMaker, error) {
	pool, err := q.pool(siteKey)
	if err != nil {
		return nil, err
	}
	return &folderMaker{q: q, siteKey: siteKey, max: max(1, pool.Limit())}, nil
}

// add asks for d to be made once its parent is there.
func (m *folderMaker) add(d *remoteDir) {
	m.unsettled.Add(1)
	m.mu.Lock()
	var jobs []*job
	var settled []*remoteDir
	switch p := d.parent; {
	case p == nil || p.settled && p.err == nil:
		m.ready = append(m.ready, d)
		m.startLocked()
	case p.settled: // the parent failed: so does d
		jobs, settled = m.settleLocked(d, remoteFolder{}, p.err, jobs, settled)
	default:
		p.children = append(p.children, d)
	}
	m.mu.Unlock()
	m.queue(jobs, settled)
}

// addFile queues j, a file of folder d, once d is there (at once if it is).
func (m *folderMaker) addFile(d *remoteDir, j *job) {
	m.mu.Lock()
	if !d.settled {
		d.pending = append(d.pending, j)
		m.mu.Unlock()
		return
	}
	j = m.prepareLocked(d, j)
	m.mu.Unlock()
	m.q.addBatch([]*job{j})
}

// wait returns when every folder added is settled, its files queued and
// the makers' connections back; a folder that failed with no file below it
// is then reported by itself.
func (m *folderMaker) wait() {
	m.unsettled.Wait()
	m.running.Wait()
	m.mu.Lock()
	failures := m.failures
	m.mu.Unlock()
	for _, f := range failures {
		if !f.reported {
			m.q.addFailed(Upload, m.siteKey, f.dir.local, f.dir.path, f.msg)
		}
	}
}

// startLocked starts a maker for each folder waiting, as far as the site
// allows.
func (m *folderMaker) startLocked() {
	for n := 0; n < len(m.ready) && m.makers < m.max; n++ {
		m.makers++
		m.running.Add(1)
		go m.run()
	}
}

// run makes ready folders on one connection until none is left.
func (m *folderMaker) run() {
	defer m.running.Done()
	w, openErr := m.q.openWalker(m.siteKey)
	if openErr == nil {
		defer w.close()
	}
	for {
		m.mu.Lock()
		if len(m.ready) == 0 {
			m.makers--
			m.mu.Unlock()
			return
		}
		d := m.ready[0]
		m.ready = m.ready[1:]
		m.mu.Unlock()

		var f remoteFolder
		var err *folderError
		if openErr != nil {
			err = &folderError{dir: d, msg: describe(openErr)}
		} else {
			f, err = w.makeFolder(d)
		}
		m.settle(d, f, err)
	}
}

// settle records what became of d, readies or fails its subfolders, and
// queues the files that waited for them.
func (m *folderMaker) settle(d *remoteDir, f remoteFolder, err *folderError) {
	m.mu.Lock()
	jobs, settled := m.settleLocked(d, f, err, nil, nil)
	m.startLocked()
	m.mu.Unlock()
	m.queue(jobs, settled)
}

// settleLocked settles d, and with a failure its subfolders too; it returns
// the files to queue and the folders settled, appended to jobs and settled.
func (m *folderMaker) settleLocked(d *remoteDir, f remoteFolder, err *folderError, jobs []*job, settled []*remoteDir) ([]*job, []*remoteDir) {
	d.settled, d.folder, d.err = true, f, err
	if err != nil && err.dir == d {
		m.failures = append(m.failures, err)
	}
	for _, j := range d.pending {
		jobs = append(jobs, m.prepareLocked(d, j))
	}
	d.pending = nil
	settled = append(settled, d)
	children := d.children
	d.children = nil
	for _, c := range children {
		if err != nil {
			jobs, settled = m.settleLocked(c, remoteFolder{}, err, jobs, settled)
		} else {
			m.ready = append(m.ready, c)
		}
	}
	return jobs, settled
}

// prepareLocked gives j, a file of the settled folder d, what the folder's
// listing says about its target, or fails it when d is not there.
func (m *folderMaker) prepareLocked(d *remoteDir, j *job) *job {
	if d.err != nil {
		d.err.reported = true
		return failedJob(Upload, m.siteKey, j.Local, j.Remote, d.err.msg)
	}
	j.target = d.folder.target(path.Base(j.Remote))
	return j
}

// queueChunk bounds how many jobs one lock of the queue adds, so that a
// folder of 100,000 files does not hold up snapshots.
const queueChunk = 1024

// queue adds jobs, then marks the settled folders done.
func (m *folderMaker) queue(jobs []*job, settled []*remoteDir) {
	if m.q.ctx.Err() == nil { // a closing queue takes no more jobs
		for len(jobs) > 0 {
			n := min(len(jobs), queueChunk)
			m.q.addBatch(jobs[:n])
			jobs = jobs[n:]
		}
	}
	for range settled {
		m.unsettled.Done()
	}
}

// makeFolder makes d on the server, or finds it there, and says what is in
// it. Its parent is there.
func (w *walker) makeFolder(d *remoteDir) (remoteFolder, *folderError) {
	if d.parent == nil {
		return w.makeRoot(d)
	}
	fail := func(reason string) (remoteFolder, *folderError) {
		return remoteFolder{}, &folderError{dir: d, msg: fmt.Sprintf("Could not create folder %s: %s", printable.Name(d.path), reason)}
	}
	e, listed := d.parent.folder.entries[d.name]
	if listed && e.Type == session.File {
		return fail("a file of that name is on the server.")
	}
	var mkdErr error
	if !listed {
		mkdErr = w.do(func(c *session.Conn) error { return c.Mkdir(d.path) })
		if mkdErr == nil {
			// Nothing is in a folder just made, dot files included.
			return remoteFolder{entries: map[string]session.Entry{}, showsHidden: true}, nil
		}
		if !isPermanent(mkdErr) {
			return fail(describe(mkdErr))
		}
		// Refused: it may be there already, hidden from the parent's
		// listing or made meanwhile. Its own listing tells, once.
	}
	entries, err := w.list(d.path)
	if err != nil {
		if mkdErr != nil {
			err = mkdErr // the server's words about making it say more
		}
		return fail(describe(err))
	}
	return indexFolder(entries), nil
}

// makeRoot lists the tree's root folder, making it (and its parents) when it
// is missing.
func (w *walker) makeRoot(d *remoteDir) (remoteFolder, *folderError) {
	entries, listErr := w.list(d.path)
	if listErr != nil || len(entries) == 0 {
		// Some servers list a missing folder as empty: make sure it exists.
		if err := w.do(func(c *session.Conn) error { return c.MkdirAll(d.path) }); err != nil {
			return remoteFolder{}, &folderError{dir: d, msg: fmt.Sprintf("Could not create %s: %s", printable.Name(d.path), describe(err))}
		}
	}
	if listErr != nil && !isPermanent(listErr) {
		// The folder may hold files the listing could not show: each job checks.
		return remoteFolder{unknown: true}, nil
	}
	return indexFolder(entries), nil
}
