package queue

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"sync/atomic"
	"time"
)

// segmentMapSuffix names the file beside a segmented NAME.part that records
// how far each segment got; without it the .part's holes could not be told
// from its data after a crash.
const segmentMapSuffix = ".segments"

// segmentMapVersion is the format of the segment map file.
const segmentMapVersion = 1

// segment is one byte range [Start, End) of a file, fetched on its own
// connection. done counts the bytes from Start written to the .part.
type segment struct {
	Start, End int64
	done       atomic.Int64
	claimed    bool         // a runner is on it; guarded by segmenter.mu
	state      atomic.Int32 // a SegmentState, for snapshots
	meter      speedMeter   // the segment's own rate; guarded by Queue.mu
}

// remaining is how many bytes of the segment are still missing.
func (s *segment) remaining() int64 { return s.End - s.Start - s.done.Load() }

// segmentMap is the saved form of a segmented download.
type segmentMap struct {
	Version  int            `json:"version"`
	Size     int64          `json:"size"`
	ModTime  time.Time      `json:"modTime,omitzero"`
	Segments []savedSegment `json:"segments"`
}

type savedSegment struct {
	Start int64 `json:"start"`
	End   int64 `json:"end"`
	Done  int64 `json:"done"`
}

// loadSegmentMap reads the map at path; (nil, nil) when there is none.
func loadSegmentMap(path string) (*segmentMap, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m segmentMap
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// fits reports a map made for this very file (same size and time) whose
// segments tile [0, size) in order.
func (m *segmentMap) fits(size int64, modTime time.Time) bool {
	if m.Version != segmentMapVersion || m.Size != size || !m.ModTime.Equal(modTime) || len(m.Segments) == 0 {
		return false
	}
	var at int64
	for _, s := range m.Segments {
		if s.Start != at || s.End <= s.Start || s.Done < 0 || s.Done > s.End-s.Start {
			return false
		}
		at = s.End
	}
	return at == size
}

// writeSegmentMap writes m to path atomically.
func writeSegmentMap(path string, m *segmentMap) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return writeFileAtomic(path, data)
}

// planSegments splits [from, size) into n ranges of about equal length, after
// a finished range [0, from) when from > 0.
func planSegments(from, size int64, n int) []*segment {
	var segs []*segment
	if from > 0 {
		s := &segment{Start: 0, End: from}
		s.done.Store(from)
		s.state.Store(int32(SegmentDone))
		segs = append(segs, s)
	}
	left := size - from
	for i := range int64(n) {
		start := from + left*i/int64(n)
		end := from + left*(i+1)/int64(n)
		if end > start {
			segs = append(segs, &segment{Start: start, End: end})
		}
	}
	return segs
}

// segmentsFromMap rebuilds the segments of a saved map, trusting no more
// bytes of each than the .part (partSize long) can hold.
func segmentsFromMap(m *segmentMap, partSize int64) []*segment {
	segs := make([]*segment, 0, len(m.Segments))
	for _, s := range m.Segments {
		seg := &segment{Start: s.Start, End: s.End}
		seg.done.Store(max(0, min(s.Done, partSize-s.Start)))
		if seg.remaining() == 0 {
			seg.state.Store(int32(SegmentDone))
		}
		segs = append(segs, seg)
	}
	return segs
}
