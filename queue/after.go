package queue

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"ferry/session"
)

// What happens after the bytes moved: the server file gets the local file's
// time (uploads), and with verification on, the server's checksum is
// compared with the local file's.

// siteRemarks remembers, per site, what the queue already said once.
type siteRemarks struct {
	mu   sync.Mutex
	said map[string]bool // site key + remark
}

// first reports whether remark is new for site, and records it.
func (r *siteRemarks) first(site, remark string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.said == nil {
		r.said = make(map[string]bool)
	}
	key := site + "\x00" + remark
	if r.said[key] {
		return false
	}
	r.said[key] = true
	return true
}

const (
	noTimesNote    = "The server cannot set modification times, so uploaded files keep the time of the upload."
	noChecksumNote = "The server offers no checksum command, so transfers to it are not verified."
)

// remarkOnce puts note on j and in the log the first time for j's site.
func (q *Queue) remarkOnce(j *job, note string) {
	q.mu.Lock()
	site := j.SiteKey
	q.mu.Unlock()
	if !q.remarks.first(site, note) {
		return
	}
	q.mu.Lock()
	j.Note = note
	q.changedLocked()
	q.mu.Unlock()
	q.notef("%s", note)
}

// afterUpload gives the uploaded file local's modification time and, when
// verifying, checks the server's checksum against local's bytes.
//
// The time goes with the connection's next command (the next file's, most
// often), saving a round trip per file; until its reply is read the job
// keeps waiters waiting, and a worker with nothing more to do settles it.
func (q *Queue) afterUpload(ctx context.Context, j *job, conn *session.Conn, local *os.File, remote string, modTime time.Time) error {
	q.mu.Lock()
	j.settling = true
	q.settling++
	q.mu.Unlock()
	conn.SetModTimeLater(remote, modTime, func(err error) {
		switch {
		case errors.Is(err, session.ErrSetTimeUnsupported):
			q.remarkOnce(j, noTimesNote)
		case err != nil:
			q.notef("%s: the server did not take the file's time: %s", remote, session.Describe(err))
		}
		q.mu.Lock()
		j.settling = false
		q.settling--
		q.changedLocked()
		q.mu.Unlock()
	})
	if !q.verifying(conn.Site()) {
		return nil
	}
	return q.verify(ctx, j, conn, local, local.Name(), remote, "The file on the server differs from %s (the server's %s checksum does not match); the upload is damaged. Upload it again.")
}

// verifyDownload checks a complete .part against the server's checksum
// before it may replace the target. A segmented download gave its
// connections back: the check takes one.
func (q *Queue) verifyDownload(ctx context.Context, j *job, l *lease, part *os.File, target, remote string) error {
	if !q.verifying(l.pool.Site()) {
		return nil
	}
	if l.conn == nil {
		c, err := l.pool.Get(ctx)
		if err != nil {
			return &connectError{err}
		}
		l.conn = c
	}
	return q.verify(ctx, j, l.conn, part, target, remote, "The download of %s does not match the server's %s checksum, so it was kept as a .part file and the target was not touched.")
}

func (q *Queue) verifying(site session.Site) bool {
	return q.verifyAll.Load() || site.VerifyTransfers
}

// SetVerify turns checksum verification on or off for every site (sites
// with VerifyTransfers are verified either way), from the next transfer on.
func (q *Queue) SetVerify(on bool) { q.verifyAll.Store(on) }

// verify compares the server's checksum of remote with local's content;
// mismatch (with name and the algorithm) is the failure sentence.
func (q *Queue) verify(ctx context.Context, j *job, conn *session.Conn, local *os.File, name, remote, mismatch string) error {
	sum, err := conn.Checksum(remote)
	if errors.Is(err, session.ErrNoChecksum) {
		q.remarkOnce(j, noChecksumNote)
		return nil
	}
	if err != nil {
		return err
	}
	h := sum.NewHash()
	if _, err := io.Copy(h, &ctxReader{ctx: ctx, r: io.NewSectionReader(local, 0, 1<<62)}); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return localErr("read", local.Name(), err)
	}
	if !sum.Matches(h.Sum(nil)) {
		return &policyError{fmt.Sprintf(mismatch, name, sum.Algorithm)}
	}
	q.notef("%s: %s checksum verified", remote, sum.Algorithm)
	return nil
}

// ctxReader stops reading when ctx ends: a checksum of a large file must
// not hold up a pause.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(b)
}
