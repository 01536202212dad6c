package queue

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"ferry/session"
)

const (
	// defaultSegmentThreshold is the smallest file split automatically.
	defaultSegmentThreshold = 64 << 20
	// autoSegments caps the automatic number of segments.
	autoSegments = 8
	// MaxSegments caps an explicit number of segments.
	MaxSegments = 16
	// minSegmentSize keeps segments worth a connection of their own.
	minSegmentSize = 1 << 20
	// segmentSaveInterval is how often the segment map is saved while the
	// segments run: a crash re-fetches at most this much time of transfer.
	segmentSaveInterval = time.Second
)

// errNoSegments ends the other segments when the server refused REST: the
// download falls back to one connection from zero.
var errNoSegments = errors.New("the server cannot fetch a file in segments")

// wantSegments is how many segments a download of size from a site whose
// choice is siteChoice (Site.Segments) should have, before looking at the
// site's free connections. Options.Segments, when set, overrides the site.
func (q *Queue) wantSegments(siteChoice int, size int64) int {
	n, explicit := q.opts.Segments, q.opts.Segments > 0
	if !explicit {
		n = siteChoice
	}
	switch {
	case n == 1 || size <= 0:
		return 1
	case explicit:
		n = min(n, MaxSegments)
	case size < q.segmentThreshold.Load():
		return 1
	case n > 1:
		n = min(n, MaxSegments)
	default:
		n = autoSegments
	}
	return int(max(1, min(int64(n), size/minSegmentSize)))
}

// SetSiteSegments sets the choice of segments (as session.Site.Segments)
// for one site's downloads (siteKey as in Job.SiteKey), from the next
// download on; without it the site of the job's pool decides.
func (q *Queue) SetSiteSegments(siteKey string, n int) { q.siteSegments.Store(siteKey, n) }

// siteSegmentsFor is the choice of segments for j's site.
func (q *Queue) siteSegmentsFor(j *job, pool *session.Pool) int {
	if n, ok := q.siteSegments.Load(j.SiteKey); ok {
		return n.(int)
	}
	return pool.Site().Segments
}

// SetSegmentThreshold sets the smallest file a site's choice of segments
// splits (0 or less: the default, 64 MiB), from the next download on.
func (q *Queue) SetSegmentThreshold(bytes int64) {
	if bytes <= 0 {
		bytes = defaultSegmentThreshold
	}
	q.segmentThreshold.Store(bytes)
}

// SegmentThreshold is the smallest file a site's choice of segments splits.
func (q *Queue) SegmentThreshold() int64 { return q.segmentThreshold.Load() }

// reserveSegments counts up to want-1 more of the site's transfer slots
// for j (its worker holds one already) and returns how many connections j
// may use in all. releaseSegments gives the extra slots back.
func (q *Queue) reserveSegments(j *job, want int) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	s := q.slotsLocked(j.SiteKey)
	extra := max(0, min(want-1, s.max()-s.inUse))
	s.inUse += extra
	return 1 + extra
}

func (q *Queue) releaseSegments(j *job, conns int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.slotsLocked(j.SiteKey).inUse -= conns - 1
	q.changedLocked()
}

// fetchSplit downloads in segments when the file is big enough and the
// site has connections to spare (or a segmented .part waits to be resumed),
// otherwise over the lease's one connection; also when the server refuses
// REST, from zero.
func (q *Queue) fetchSplit(ctx context.Context, j *job, l *lease, local, remote string,
	size int64, srcTime time.Time, restart bool) (*finishedPart, error) {
	conns := 1
	if want := q.wantSegments(q.siteSegmentsFor(j, l.pool), size); want > 1 {
		conns = q.reserveSegments(j, want)
	}
	mapPath := local + partSuffix + segmentMapSuffix
	_, statErr := os.Lstat(mapPath)
	if conns > 1 || statErr == nil {
		// The segments take their connections from the pool, this one too.
		l.dropConn(nil)
		part, err := q.fetchSegments(ctx, j, l.pool, conns, local, remote, size, srcTime, restart)
		q.releaseSegments(j, conns)
		if !errors.Is(err, errNoSegments) {
			return part, err
		}
		q.note(j, noteOneConn)
		q.showSegments(j, nil)
		if err := os.Remove(mapPath); err != nil {
			return nil, localErr("remove", mapPath, err)
		}
		restart = true
		c, err := l.pool.Get(ctx)
		if err != nil {
			return nil, &connectError{err}
		}
		l.conn = c
	}
	return fetch(ctx, q, j, l.conn, local, remote, size, srcTime, restart)
}

// segmenter downloads one file over several connections into one .part.
type segmenter struct {
	q       *Queue
	j       *job
	pool    *session.Pool
	f       *os.File
	remote  string
	size    int64
	modTime time.Time
	mapPath string

	mu   sync.Mutex
	segs []*segment
}

// fetchSegments downloads remote into local's .part over conns connections
// from pool and returns it, still open, once every segment is complete. The
// segment map beside the .part lets a later run resume every segment.
func (q *Queue) fetchSegments(ctx context.Context, j *job, pool *session.Pool, conns int,
	local, remote string, size int64, srcTime time.Time, restart bool) (done *finishedPart, err error) {
	part := local + partSuffix
	if err := os.MkdirAll(filepath.Dir(local), 0o755); err != nil {
		return nil, localErr("create the folder for", local, err)
	}
	f, err := openPart(part)
	if err != nil {
		return nil, localErr("create", part, err)
	}
	defer func() {
		if done == nil {
			f.Close()
		}
	}()
	s := &segmenter{q: q, j: j, pool: pool, f: f, remote: remote, size: size, modTime: srcTime,
		mapPath: part + segmentMapSuffix}
	if err := s.plan(conns, restart); err != nil {
		return nil, err
	}
	q.showSegments(j, s)
	if err := s.runAll(ctx, conns); err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		return nil, localErr("read", part, err)
	}
	if fi.Size() != size {
		return nil, &sizeMismatchError{name: local, got: fi.Size(), want: size}
	}
	// Every byte is in the .part: it no longer needs its map.
	if err := os.Remove(s.mapPath); err != nil {
		return nil, localErr("remove", s.mapPath, err)
	}
	q.showSegments(j, nil)
	return &finishedPart{j: j, f: f, local: local, srcTime: srcTime}, nil
}

// plan resumes the saved segments when the map fits the file, or splits the
// missing bytes into conns segments, and saves the map before any byte is
// written at an offset.
func (s *segmenter) plan(conns int, restart bool) error {
	part := s.f.Name()
	fi, err := s.f.Stat()
	if err != nil {
		return localErr("read", part, err)
	}
	have := fi.Size()
	m, mapErr := loadSegmentMap(s.mapPath)
	switch {
	case restart:
		have = 0
	case m != nil && mapErr == nil && m.fits(s.size, s.modTime):
		s.segs = segmentsFromMap(m, have)
	case m != nil || mapErr != nil:
		// A map for another version of the file, or a damaged one: the
		// .part's holes are unknown, so nothing in it can be trusted.
		have = 0
	case have > s.size || have > 0 && partOfAnotherVersion(part, s.size, s.modTime):
		have = 0
	}
	if s.segs == nil {
		if have == 0 && fi.Size() > 0 {
			if err := s.f.Truncate(0); err != nil {
				return localErr("truncate", part, err)
			}
		}
		s.segs = planSegments(have, s.size, conns)
	}
	var done int64
	for _, seg := range s.segs {
		done += seg.done.Load()
	}
	s.j.done.Store(done)
	return s.save()
}

// runAll fetches the missing segments with conns runners and saves the map
// every segmentSaveInterval while they run, and once more at the end.
func (s *segmenter) runAll(ctx context.Context, conns int) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for range conns {
		wg.Go(func() {
			if err := s.runner(ctx); err != nil {
				if isNoResume(err) {
					err = errNoSegments
				}
				cancel(err) // the first failure stops the others
			}
		})
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	tick := time.NewTicker(segmentSaveInterval)
	defer tick.Stop()
	for running := true; running; {
		select {
		case <-tick.C:
			if err := s.save(); err != nil {
				cancel(err)
			}
		case <-finished:
			running = false
		}
	}
	saveErr := s.save()
	switch cause := context.Cause(ctx); {
	case errors.Is(cause, errNoSegments):
		return errNoSegments
	case cause != nil:
		return cause // the first failure, or why the job stopped
	}
	return saveErr
}

// save makes the written bytes durable, then records them in the map, so
// the map never claims bytes the disk does not hold.
func (s *segmenter) save() error {
	done := make([]int64, len(s.segs))
	for i, seg := range s.segs {
		done[i] = seg.done.Load()
	}
	if err := s.f.Sync(); err != nil {
		return localErr("write", s.f.Name(), err)
	}
	m := segmentMap{Version: segmentMapVersion, Size: s.size, ModTime: s.modTime}
	for i, seg := range s.segs {
		m.Segments = append(m.Segments, savedSegment{Start: seg.Start, End: seg.End, Done: done[i]})
	}
	return localErr("write", s.mapPath, writeSegmentMap(s.mapPath, &m))
}

// claim hands a runner the next segment nobody works on, nil when none is left.
func (s *segmenter) claim() *segment {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, seg := range s.segs {
		if !seg.claimed && seg.remaining() > 0 {
			seg.claimed = true
			return seg
		}
	}
	return nil
}

// runner fetches segments one after another on one connection. A segment
// whose connection fails is retried alone, from where it stopped, while the
// other runners go on.
func (s *segmenter) runner(ctx context.Context) error {
	var conn *session.Conn
	defer func() {
		if conn != nil {
			s.pool.Put(conn, nil)
		}
	}()
	for {
		seg := s.claim()
		if seg == nil {
			return nil
		}
		s.setState(seg, SegmentRunning)
		delay := s.q.opts.RetryDelay
		for tries := 1; ; tries++ {
			var err error
			if conn == nil {
				conn, err = s.pool.Get(ctx)
				if err != nil {
					err = &connectError{err}
				}
			}
			if err == nil {
				err = s.fetch(ctx, conn, seg)
			}
			if err == nil {
				break
			}
			if conn != nil && !isLocal(err) {
				s.pool.Put(conn, err) // the pool closes a connection that broke
				conn = nil
			}
			if ctx.Err() != nil {
				s.setState(seg, SegmentWaiting) // stopped with its job
				return err
			}
			if isNoResume(err) || isPermanent(err) || tries > s.q.opts.Retries {
				s.setState(seg, SegmentFailed)
				return err
			}
			s.setState(seg, SegmentRetrying)
			s.q.notef("%s: a segment's connection failed (%s); retrying that segment", s.remote, describe(err))
			if err := sleep(ctx, delay); err != nil {
				s.setState(seg, SegmentWaiting)
				return err
			}
			s.setState(seg, SegmentRunning)
			delay = min(2*delay, maxRetryDelay)
		}
		s.setState(seg, SegmentDone)
	}
}

// fetch copies the rest of seg from the server into the .part at its
// offset. The data connection is closed as soon as the segment's last byte
// has arrived; the server then answers on the control connection, which
// stays usable.
func (s *segmenter) fetch(ctx context.Context, conn *session.Conn, seg *segment) error {
	off := seg.Start + seg.done.Load()
	want := seg.End - off
	finish := conn.AbortOn(ctx) // a pause stops the transfer at once
	defer finish()
	rc, err := conn.Retr(s.remote, off)
	if err != nil {
		return err
	}
	body := &closeOnce{ReadCloser: rc}
	w := &segmentWriter{f: s.f, off: off, seg: seg, wb: writeback{f: s.f, from: off}}
	n, err := io.Copy(w, &progressReader{ctx: ctx, r: io.LimitReader(body, want), j: s.j, q: s.q})
	closeErr := body.Close()
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case err != nil && isLocal(err):
		return err
	case err != nil:
		return &cutError{err}
	case n < want:
		// The data ended before the segment did: the file shrank, or the
		// connection was cut cleanly.
		return &cutError{errors.Join(io.ErrUnexpectedEOF, closeErr)}
	}
	// Every byte arrived; a reply to the early close (426) says nothing
	// more, and a connection that broke on it is closed by the pool.
	return nil
}

// segmentWriter writes a segment's bytes at their offset in the .part and
// counts them once they are written.
type segmentWriter struct {
	f   *os.File
	off int64
	seg *segment
	wb  writeback
}

func (w *segmentWriter) Write(b []byte) (int, error) {
	n, err := w.f.WriteAt(b, w.off)
	w.off += int64(n)
	w.seg.done.Add(int64(n))
	w.wb.wrote(w.off)
	return n, localErr("write", w.f.Name(), err)
}
