package mirror

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/adrg/xdg"
	bolt "go.etcd.io/bbolt"
)

// Records is the upload record: per sync pair, what Ferry uploaded (size,
// the local file's time, the time the server then reported). A server that
// cannot set a file's time shows the upload's own time, so without the
// record every file would look changed on every run.
//
// It lives in its own bbolt file. The window and a command run by a timer
// may both sync at once: the file is opened only while a sync reads or
// writes it, and a second opener waits up to lockTimeout.
type Records struct {
	path string
	db   *bolt.DB // open between open and close
}

// lockTimeout bounds the wait for another process that has the file open.
const lockTimeout = 30 * time.Second

// DefaultRecordsPath is $XDG_STATE_HOME/ferry/sync-records.db.
func DefaultRecordsPath() (string, error) {
	if xdg.StateHome == "" {
		return "", errors.New("no state directory ($XDG_STATE_HOME) is known")
	}
	return filepath.Join(xdg.StateHome, "ferry", "sync-records.db"), nil
}

// NewRecords uses the record file at path (created at the first write).
func NewRecords(path string) *Records { return &Records{path: path} }

// uploaded is what the record says about one file.
type uploaded struct {
	size       int64
	localTime  time.Time
	remoteTime time.Time // zero when the server showed none
	// pending marks an upload that started and has not been confirmed: the
	// old file was already moved away (or there was none), so what the
	// server holds is a partial copy of this local file, not a version.
	pending bool
}

const recordLen = 8 + 8 + 8 + 1

func (u uploaded) encode() []byte {
	b := make([]byte, recordLen)
	binary.BigEndian.PutUint64(b[0:], uint64(u.size))
	binary.BigEndian.PutUint64(b[8:], uint64(timeNanos(u.localTime)))
	binary.BigEndian.PutUint64(b[16:], uint64(timeNanos(u.remoteTime)))
	if u.pending {
		b[24] = 1
	}
	return b
}

func decodeUploaded(b []byte) (uploaded, bool) {
	if len(b) != recordLen {
		return uploaded{}, false
	}
	return uploaded{
		size:       int64(binary.BigEndian.Uint64(b[0:])),
		localTime:  nanosTime(int64(binary.BigEndian.Uint64(b[8:]))),
		remoteTime: nanosTime(int64(binary.BigEndian.Uint64(b[16:]))),
		pending:    b[24] == 1,
	}, true
}

func timeNanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func nanosTime(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// open opens the file (creating it) unless it is open.
func (r *Records) open() error {
	if r.db != nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(r.path), 0o700); err != nil {
		return err
	}
	db, err := bolt.Open(r.path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if errors.Is(err, bolt.ErrTimeout) {
		return fmt.Errorf("the sync record %s is in use by another Ferry for more than %s", r.path, lockTimeout)
	}
	if err != nil {
		return fmt.Errorf("open the sync record %s: %w", r.path, err)
	}
	r.db = db
	return nil
}

// closeQuietly closes the file, if open, so that other processes can use
// it; a nil Records does nothing.
func (r *Records) closeQuietly() error {
	if r == nil || r.db == nil {
		return nil
	}
	err := r.db.Close()
	r.db = nil
	return err
}

// get reads one file's record in a pair.
func (r *Records) get(pairKey, rel string) (uploaded, bool, error) {
	if err := r.open(); err != nil {
		return uploaded{}, false, err
	}
	var u uploaded
	var ok bool
	err := r.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(pairKey))
		if b == nil {
			return nil
		}
		u, ok = decodeUploaded(b.Get([]byte(rel)))
		return nil
	})
	return u, ok, err
}

// put writes several records of a pair in one transaction.
func (r *Records) put(pairKey string, recs map[string]uploaded) error {
	if len(recs) == 0 {
		return nil
	}
	if err := r.open(); err != nil {
		return err
	}
	return r.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte(pairKey))
		if err != nil {
			return err
		}
		for rel, u := range recs {
			if err := b.Put([]byte(rel), u.encode()); err != nil {
				return err
			}
		}
		return nil
	})
}

// drop forgets records of a pair (files deleted from the target).
func (r *Records) drop(pairKey string, rels []string) error {
	if len(rels) == 0 {
		return nil
	}
	if err := r.open(); err != nil {
		return err
	}
	return r.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(pairKey))
		if b == nil {
			return nil
		}
		for _, rel := range rels {
			if err := b.Delete([]byte(rel)); err != nil {
				return err
			}
		}
		return nil
	})
}

// pairKey names a sync pair: the site, the server folder, the local folder.
func pairKey(siteKey, remoteRoot, localRoot string) string {
	return siteKey + "\x00" + remoteRoot + "\x00" + localRoot
}

// knownFromRecord is the record's answer about a file that is on both sides
// (uploads only): when the server still holds what Ferry uploaded, the
// local file's own size and time say whether it changed since.
func knownFromRecord(u uploaded, l, r Info) (Kind, bool) {
	if u.pending || r.Size != u.size || compareTimes(u.remoteTime, r.ModTime) != 0 {
		return 0, false // the server's file is not the one recorded
	}
	switch {
	case l.Size == u.size && l.ModTime.Equal(u.localTime):
		return Same, true
	case l.ModTime.After(u.localTime):
		return NewerHere, true
	}
	return Differs, true
}
