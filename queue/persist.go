package queue

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// saveInterval is the shortest time between two writes to the store.
const saveInterval = time.Second

// stateVersion is the format of the queue.json of earlier versions, read
// once to migrate it into the store.
const stateVersion = 1

type stateFile struct {
	Version int        `json:"version"`
	Jobs    []savedJob `json:"jobs"`
}

// savedJob is a job's record in the store.
type savedJob struct {
	Job
	SourceTime time.Time `json:"sourceTime,omitzero"`
	Started    bool      `json:"started,omitempty"`
	Pos        int64     `json:"pos,omitempty"` // queue order
}

func saveJob(j *job) savedJob {
	return savedJob{Job: j.public(), SourceTime: j.sourceTime, Started: j.started, Pos: j.pos}
}

func (s savedJob) restore() *job {
	return &job{Job: s.Job, sourceTime: s.SourceTime, started: s.Started, pos: s.Pos}
}

// keepState reports a state worth saving: all but Done, Skipped and Canceled.
func keepState(s State) bool { return s != Done && s != Skipped && s != Canceled }

// persister writes the jobs that changed to the store, at most once per
// saveInterval, and once more at Close.
type persister struct {
	q     *Queue
	store *store
	// changed holds the jobs touched since the last write; guarded by q.mu.
	changed map[*job]struct{}
	dirty   chan struct{}
	stop    chan struct{}
	done    chan struct{}

	mu sync.Mutex // one write at a time
}

func startPersister(q *Queue, s *store) *persister {
	p := &persister{
		q: q, store: s, changed: make(map[*job]struct{}),
		dirty: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
	}
	go p.loop()
	return p
}

// markDirty asks for a write; it never blocks.
func (p *persister) markDirty() {
	select {
	case p.dirty <- struct{}{}:
	default:
	}
}

func (p *persister) loop() {
	defer close(p.done)
	t := time.NewTimer(0)
	<-t.C
	for {
		select {
		case <-p.dirty:
		case <-p.stop:
			return
		}
		if err := p.save(); err != nil {
			p.q.notef("Could not save the transfer queue: %v", err)
		}
		t.Reset(saveInterval)
		select {
		case <-t.C:
		case <-p.stop:
			return
		}
	}
}

// close stops the loop, writes the last changes and closes the store.
func (p *persister) close() error {
	close(p.stop)
	<-p.done
	return errors.Join(p.save(), p.store.close())
}

// saveBatch is how many records one transaction writes at most: the first
// save of a 100,000-job queue held every record twice at once (a copy and
// its JSON, 40 MB), and bbolt a copy of every page it touched.
const saveBatch = 2048

// save writes the records of the jobs touched since the last save: a job
// still in the queue in a state worth keeping is put, any other deleted.
// They go in order of ID, batch by batch, so that each transaction touches
// few pages of the store; a crash between two batches loses no more than a
// crash before the save.
func (p *persister) save() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	q := p.q
	q.mu.Lock()
	changed := make([]*job, 0, len(p.changed))
	for j := range p.changed {
		changed = append(changed, j)
	}
	p.changed = make(map[*job]struct{})
	q.mu.Unlock()
	slices.SortFunc(changed, func(a, b *job) int { return cmp.Compare(a.ID, b.ID) })
	for done := 0; done < len(changed); done += saveBatch {
		if err := p.saveJobs(changed[done:min(done+saveBatch, len(changed))]); err != nil {
			// Memory must not claim what the disk does not hold: write them
			// again next time.
			q.mu.Lock()
			for _, j := range changed[done:] {
				p.changed[j] = struct{}{}
			}
			q.mu.Unlock()
			return err
		}
	}
	return nil
}

// saveJobs writes the records of jobs in one transaction.
func (p *persister) saveJobs(jobs []*job) error {
	q := p.q
	saved := make([]savedJob, len(jobs))
	keep := make([]bool, len(jobs)) // false: delete the record
	q.mu.Lock()
	for i, j := range jobs {
		saved[i].ID = j.ID
		if keep[i] = q.byID[j.ID] == j && keepState(j.State); keep[i] {
			saved[i] = saveJob(j)
		}
	}
	q.mu.Unlock()
	records := make([]storeRecord, len(jobs))
	for i, s := range saved {
		records[i].id = s.ID
		if keep[i] {
			data, err := json.Marshal(s)
			if err != nil {
				return err
			}
			records[i].data = data
		}
	}
	return p.store.write(records)
}

// loadState reads the jobs saved in a queue.json; a missing file is an empty queue.
// An unreadable file is moved aside (path.bad) rather than lost.
func loadState(path string) ([]*job, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("could not read the saved transfer queue %s: %w", path, err)
	}
	var st stateFile
	if err := json.Unmarshal(data, &st); err != nil || st.Version != stateVersion {
		if rerr := os.Rename(path, path+".bad"); rerr != nil {
			return nil, fmt.Errorf("the saved transfer queue %s is unreadable and could not be moved aside: %w", path, rerr)
		}
		return nil, nil
	}
	jobs := make([]*job, 0, len(st.Jobs))
	for _, s := range st.Jobs {
		jobs = append(jobs, s.restore())
	}
	return jobs, nil
}

// writeFileAtomic replaces path with data: a temp file beside it, fsync,
// rename, fsync of the folder. A crash leaves the old file or the new one.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".queue-*.tmp")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return errors.Join(err, os.Remove(tmp.Name()))
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // not every system can sync a folder
		_ = d.Close()
	}
	return nil
}
