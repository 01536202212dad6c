package queue

import (
	"encoding/json"
	"os"
	"time"
)

// A download over one connection leaves NAME.part.source beside its .part:
// the size and time of the server file it began with. Running the same
// command again after an interruption resumes the .part only while the
// server file still has them, and starts over otherwise: the .part holds
// the start of another version. Segmented downloads keep the same in their
// map. Files under partRecordMin keep none; a .part without a record is
// resumed, as it always was.
const (
	partRecordSuffix = ".source"
	partRecordMin    = 1 << 20
)

type partRecord struct {
	Size    int64     `json:"size"`
	ModTime time.Time `json:"modTime,omitzero"`
}

// writePartRecord notes that part holds the start of the server file of
// size and modTime. A record that cannot be written only loses the check.
func writePartRecord(part string, size int64, modTime time.Time) {
	if size < partRecordMin {
		return
	}
	data, err := json.Marshal(partRecord{Size: size, ModTime: modTime})
	if err == nil {
		_ = os.WriteFile(part+partRecordSuffix, data, 0o644)
	}
}

// partOfAnotherVersion reports a .part whose record names another server
// file than the one of size and modTime (times compared to the second). A
// damaged record counts as another: the .part cannot be trusted.
func partOfAnotherVersion(part string, size int64, modTime time.Time) bool {
	data, err := os.ReadFile(part + partRecordSuffix)
	if err != nil {
		return false
	}
	var r partRecord
	if json.Unmarshal(data, &r) != nil {
		return true
	}
	sameTime := r.ModTime.IsZero() || modTime.IsZero() ||
		r.ModTime.Truncate(time.Second).Equal(modTime.Truncate(time.Second))
	return r.Size != size || !sameTime
}

// removePartRecord forgets the record once the .part is complete or gone.
func removePartRecord(part string) { _ = os.Remove(part + partRecordSuffix) }
