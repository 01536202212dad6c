package queue

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// saveInterval is the shortest time between two writes of the state file.
const saveInterval = time.Second

// stateVersion is the format of the state file.
const stateVersion = 1

type stateFile struct {
	Version int        `json:"version"`
	Jobs    []savedJob `json:"jobs"`
}

type savedJob struct {
	Job
	SourceTime time.Time `json:"sourceTime,omitzero"`
	Started    bool      `json:"started,omitempty"`
}

// persister writes the queue's unfinished and failed jobs to a file, at
// most once per saveInterval, and once more at Close.
type persister struct {
	q     *Queue
	path  string
	dirty chan struct{}
	stop  chan struct{}
	done  chan struct{}

	mu sync.Mutex // one write at a time
}

func startPersister(q *Queue) *persister {
	p := &persister{
		q: q, path: q.opts.StatePath,
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

// close stops the loop and writes the final state.
func (p *persister) close() error {
	close(p.stop)
	<-p.done
	return p.save()
}

// save writes the jobs worth keeping: all but Done, Skipped and Canceled.
func (p *persister) save() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := stateFile{Version: stateVersion, Jobs: []savedJob{}}
	p.q.mu.Lock()
	for _, j := range p.q.jobs {
		if j.State == Done || j.State == Skipped || j.State == Canceled {
			continue
		}
		st.Jobs = append(st.Jobs, savedJob{Job: j.public(), SourceTime: j.sourceTime, Started: j.started})
	}
	p.q.mu.Unlock()
	data, err := json.MarshalIndent(st, "", "\t")
	if err != nil {
		return err
	}
	return writeFileAtomic(p.path, data)
}

// loadState reads the jobs saved at path; a missing file is an empty queue.
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
		jobs = append(jobs, &job{Job: s.Job, sourceTime: s.SourceTime, started: s.Started})
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
