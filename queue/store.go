package queue

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The queue is kept in a bbolt file: one record per unfinished or failed
// job, keyed by its ID, so that a change to one job writes that record in a
// transaction instead of rewriting (and syncing) the whole queue. A
// 100,000-job queue costs a write per changed job, not per job.

var jobsBucket = []byte("jobs")

// storeMmapSize is how much of the store is mapped from the start. Mapping
// the file anew as it grows copies every record of the open transaction
// onto the heap: the first save of a 100,000-job queue (about 40 MB on
// disk) allocated 340 MB instead of 60 MB. It costs address space only,
// except on Windows, where bbolt makes the file that large at once.
func storeMmapSize() int {
	if runtime.GOOS == "windows" {
		return 0
	}
	return 256 << 20
}

// storeOpenTimeout is how long Open waits for another Ferry holding the
// file's lock.
const storeOpenTimeout = time.Second

// ErrQueueInUse means another Ferry keeps the same saved queue open.
var ErrQueueInUse = errors.New("another Ferry window is using the saved transfer queue")

// store is the queue's bbolt file.
type store struct {
	db *bolt.DB
}

// openStore opens (or creates) the store at path and reads its jobs in queue
// order. A file that cannot be read as a store is moved aside to a numbered
// NAME.N.bad and an empty store takes its place; moved says where.
func openStore(path string) (s *store, jobs []*job, moved string, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, "", err
	}
	s, jobs, err = tryOpenStore(path)
	if err == nil || errors.Is(err, ErrQueueInUse) {
		return s, jobs, "", err
	}
	moved, merr := moveAside(path)
	if merr != nil {
		return nil, nil, "", fmt.Errorf("the saved transfer queue %s is damaged (%v) and could not be moved aside: %w", path, err, merr)
	}
	s, jobs, err = tryOpenStore(path)
	return s, jobs, moved, err
}

// tryOpenStore opens path and loads every job; a damaged file is an error
// (bbolt panics on some damaged pages: that is an error too).
func tryOpenStore(path string) (s *store, jobs []*job, err error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:         storeOpenTimeout,
		NoFreelistSync:  true, // smaller commits; the freelist is rebuilt at open
		FreelistType:    bolt.FreelistMapType,
		InitialMmapSize: storeMmapSize(),
	})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, nil, ErrQueueInUse
	}
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("damaged: %v", r)
		}
		if err != nil {
			db.Close()
			s, jobs = nil, nil
		}
	}()
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(jobsBucket)
		if err != nil {
			return err
		}
		return b.ForEach(func(k, v []byte) error {
			var sj savedJob
			if len(k) != 8 {
				return fmt.Errorf("a record with a %d-byte key", len(k))
			}
			if err := json.Unmarshal(v, &sj); err != nil {
				return err
			}
			jobs = append(jobs, sj.restore())
			return nil
		})
	})
	if err != nil {
		return nil, nil, err
	}
	sort.SliceStable(jobs, func(a, b int) bool { return jobs[a].pos < jobs[b].pos })
	return &store{db: db}, jobs, nil
}

// moveAside renames a damaged path to the first free NAME.N.bad, never
// replacing an earlier copy.
func moveAside(path string) (string, error) {
	for n := 1; ; n++ {
		bad := path + "." + strconv.Itoa(n) + ".bad"
		err := os.Link(path, bad) // fails when bad exists, unlike a rename
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		return bad, os.Remove(path)
	}
}

// storeRecord is one change to write: a job's record, or its deletion.
type storeRecord struct {
	id   int64
	data []byte // nil: delete
}

// write applies records in one transaction.
func (s *store) write(records []storeRecord) error {
	if len(records) == 0 {
		return nil
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(jobsBucket)
		// IDs only grow, so new records go at the end: full pages, not the
		// half-empty ones of a split in the middle.
		b.FillPercent = 0.9
		var key [8]byte
		for _, r := range records {
			binary.BigEndian.PutUint64(key[:], uint64(r.id))
			var err error
			if r.data == nil {
				err = b.Delete(key[:])
			} else {
				err = b.Put(key[:], r.data)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *store) close() error { return s.db.Close() }

// migrateJSON moves the jobs of a queue.json written by an earlier Ferry
// beside path into the store, once: the file is renamed to .migrated after
// the store has them.
func (s *store) migrateJSON(path string) ([]*job, error) {
	old := strings.TrimSuffix(path, filepath.Ext(path)) + ".json"
	if old == path {
		return nil, nil
	}
	jobs, err := loadState(old)
	if err != nil || len(jobs) == 0 {
		if err == nil {
			_ = os.Rename(old, old+".migrated") // an empty queue; nothing to lose
		}
		return nil, err
	}
	records := make([]storeRecord, 0, len(jobs))
	for i, j := range jobs {
		j.pos = int64(i + 1)
		data, err := json.Marshal(saveJob(j))
		if err != nil {
			return nil, err
		}
		records = append(records, storeRecord{id: j.ID, data: data})
	}
	if err := s.write(records); err != nil {
		return nil, err
	}
	return jobs, os.Rename(old, old+".migrated")
}

// restore loads the saved queue (migrating a queue.json once) and starts
// the persister. Restored jobs start Paused, or Queued with RestoreRunning.
func (q *Queue) restore() error {
	s, jobs, moved, err := openStore(q.opts.StatePath)
	if err != nil {
		return err
	}
	if moved != "" {
		q.problem = fmt.Sprintf("The saved transfer queue could not be read, so the queue starts empty; the damaged file was kept as %s.", moved)
		q.notef("%s", q.problem)
	}
	if len(jobs) == 0 {
		if jobs, err = s.migrateJSON(q.opts.StatePath); err != nil {
			return errors.Join(fmt.Errorf("could not move the saved transfer queue into %s: %w", q.opts.StatePath, err), s.close())
		}
	}
	for _, j := range jobs {
		if !j.State.Finished() {
			j.Attempts = 0
			j.State = Paused
			if q.opts.RestoreRunning {
				j.State = Queued
			}
		}
		j.split = savedSegments(j)
		q.addLocked(j)
	}
	q.persist = startPersister(q, s)
	return nil
}

// RestoreProblem says what went wrong restoring the saved queue (a damaged
// file moved aside), in a sentence for the user; "" when nothing did.
func (q *Queue) RestoreProblem() string { return q.problem }
