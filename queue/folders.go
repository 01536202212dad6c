package queue

import (
	"fmt"
	"path"
	"sync"

	"ferry/internal/printable"
	"ferry/session"
)

// The folders of a tree upload are made on the server once each, as soon as
// their parent is there: one MKD per folder, the MKDs of the folders ready at
// the same time sent together (one round trip for all), and folders that are
// there already listed over as many connections at once as the site allows.
// A file is queued once its folder is there, with what the folder's listing
// says about it; a folder that cannot be made fails every file below it.

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
	// mkdErr is MKD's refusal, when its listing is to tell whether it is
	// there after all (set before it is queued to be listed).
	mkdErr error
}

// failure is the error of d that cannot be made, for reason.
func (d *remoteDir) failure(reason string) *folderError {
	return &folderError{dir: d, msg: fmt.Sprintf("Could not create folder %s: %s", printable.Name(d.path), reason)}
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

	mu sync.Mutex
	// Folders whose parent is there: toMake are not in the parent's
	// listing; toList are (or MKD refused them), and the root.
	toMake   []*remoteDir
	toList   []*remoteDir
	makers   int            // goroutines making folders
	running  sync.WaitGroup // the makers, until their connections are back
	failures []*folderError
	// unsettled counts the folders added and not yet settled (with their
	// files queued).
	unsettled sync.WaitGroup
}

// newFolderMaker makes the folders of a tree upload to siteKey.
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
	case p != nil && !p.settled:
		p.children = append(p.children, d)
	case p != nil && p.err != nil: // the parent failed: so does d
		jobs, settled = m.settleLocked(d, remoteFolder{}, p.err, jobs, settled)
	default:
		jobs, settled = m.readyLocked(d, jobs, settled)
		m.startLocked()
	}
	m.mu.Unlock()
	m.queue(jobs, settled)
}

// readyLocked queues d, whose parent is there, to be made or listed; a file
// of its name in the parent's listing fails it at once.
func (m *folderMaker) readyLocked(d *remoteDir, jobs []*job, settled []*remoteDir) ([]*job, []*remoteDir) {
	if d.parent == nil {
		m.toList = append(m.toList, d)
		return jobs, settled
	}
	e, listed := d.parent.folder.entries[d.name]
	switch {
	case listed && e.Type == session.File:
		return m.settleLocked(d, remoteFolder{}, d.failure("a file of that name is on the server."), jobs, settled)
	case listed:
		m.toList = append(m.toList, d)
	default:
		m.toMake = append(m.toMake, d)
	}
	return jobs, settled
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

// mkdirBatch bounds the MKDs sent in one write.
const mkdirBatch = 64

// startLocked starts makers for the work waiting (a batch of MKDs, or a
// listing, each), as far as the site allows.
func (m *folderMaker) startLocked() {
	work := len(m.toList) + (len(m.toMake)+mkdirBatch-1)/mkdirBatch
	for n := 0; n < work && m.makers < m.max; n++ {
		m.makers++
		m.running.Add(1)
		go m.run()
	}
}

// run makes and lists folders on one connection until none is left.
func (m *folderMaker) run() {
	defer m.running.Done()
	w, openErr := m.q.openWalker(m.siteKey)
	if openErr == nil {
		defer w.close()
	}
	for {
		m.mu.Lock()
		var batch []*remoteDir
		listing := false
		switch {
		case len(m.toMake) > 0: // first: they let files go soonest
			n := min(len(m.toMake), mkdirBatch)
			batch, m.toMake = m.toMake[:n:n], m.toMake[n:]
		case len(m.toList) > 0:
			batch, m.toList, listing = m.toList[:1:1], m.toList[1:], true
		default:
			m.makers--
			m.mu.Unlock()
			return
		}
		m.mu.Unlock()

		switch {
		case openErr != nil:
			for _, d := range batch {
				m.settle(d, remoteFolder{}, d.failure(describe(openErr)))
			}
		case listing:
			f, err := w.listFolder(batch[0])
			m.settle(batch[0], f, err)
		default:
			m.made(batch, w.makeFolders(batch))
		}
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

// made settles the folders MKD made; those it refused are listed, to tell
// whether they are there after all.
func (m *folderMaker) made(ds []*remoteDir, errs []error) {
	m.mu.Lock()
	var jobs []*job
	var settled []*remoteDir
	for i, d := range ds {
		if errs[i] != nil {
			d.mkdErr = errs[i]
			m.toList = append(m.toList, d)
			continue
		}
		// Nothing is in a folder just made, dot files included.
		jobs, settled = m.settleLocked(d, remoteFolder{entries: map[string]session.Entry{}, showsHidden: true}, nil, jobs, settled)
	}
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
			jobs, settled = m.readyLocked(c, jobs, settled)
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

// makeFolders makes the folders ds, whose parents are there, with their
// MKDs sent together; errs[i] is the outcome for ds[i].
func (w *walker) makeFolders(ds []*remoteDir) (errs []error) {
	errs = make([]error, len(ds))
	answered := make([]bool, len(ds))
	err := w.do(func(c *session.Conn) error { // a lost connection answers every MKD
		for i, d := range ds {
			c.MkdirLater(d.path, func(err error) { errs[i], answered[i] = err, true })
		}
		return c.Settle()
	})
	for i := range ds {
		if !answered[i] { // no connection to send it on
			errs[i] = err
		}
	}
	return errs
}

// listFolder lists d, which its parent's listing shows or MKD refused (it
// may be there, hidden from the parent's listing or made meanwhile), or
// makes the tree's root.
func (w *walker) listFolder(d *remoteDir) (remoteFolder, *folderError) {
	if d.parent == nil {
		return w.makeRoot(d)
	}
	entries, err := w.list(d.path)
	if err != nil {
		if d.mkdErr != nil {
			err = d.mkdErr // the server's words about making it say more
		}
		return remoteFolder{}, d.failure(describe(err))
	}
	return indexFolder(entries), nil
}

// makeRoot lists the tree's root folder, making it (and its parents) when it
// is missing.
//
// Its files' targets are known only from a listing that worked, or when MKD
// made the folder just now: a folder that is there but cannot be listed
// (vsftpd: "failed to open directory") is not empty, and each job checks.
func (w *walker) makeRoot(d *remoteDir) (remoteFolder, *folderError) {
	entries, listErr := w.list(d.path)
	if listErr == nil && len(entries) > 0 {
		return indexFolder(entries), nil
	}
	// Missing, or listed empty (as some servers list a missing folder).
	made := false
	err := w.do(func(c *session.Conn) error {
		if c.Mkdir(d.path) == nil {
			made = true
			return nil
		}
		return c.MkdirAll(d.path)
	})
	if err != nil {
		return remoteFolder{}, &folderError{dir: d, msg: fmt.Sprintf("Could not create %s: %s", printable.Name(d.path), describe(err))}
	}
	if listErr != nil && !made {
		return remoteFolder{unknown: true}, nil
	}
	return indexFolder(nil), nil
}
