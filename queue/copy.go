package queue

import (
	"context"
	"io"
	"sync"

	"golang.org/x/time/rate"
)

// SetRateLimit caps the total throughput at bytesPerSecond (0 or less:
// unlimited). It applies at once, to running transfers too.
func (q *Queue) SetRateLimit(bytesPerSecond int64) {
	if bytesPerSecond <= 0 {
		q.limiter.SetLimit(rate.Inf)
		return
	}
	q.limiter.SetLimit(rate.Limit(bytesPerSecond))
}

// SetSiteRateLimit caps the throughput of one site's transfers (siteKey as
// in Job.SiteKey) at bytesPerSecond, within the total cap (0 or less: only
// the total cap). It applies at once, to running transfers too.
func (q *Queue) SetSiteRateLimit(siteKey string, bytesPerSecond int64) {
	if bytesPerSecond <= 0 {
		if l, ok := q.siteLimits.LoadAndDelete(siteKey); ok {
			l.(*rate.Limiter).SetLimit(rate.Inf) // frees transfers waiting on it
		}
		return
	}
	if l, ok := q.siteLimits.Load(siteKey); ok {
		l.(*rate.Limiter).SetLimit(rate.Limit(bytesPerSecond))
		return
	}
	q.siteLimits.Store(siteKey, rate.NewLimiter(rate.Limit(bytesPerSecond), copyBufferSize))
}

// SiteRateLimit is the cap SetSiteRateLimit set for siteKey, 0 when none.
func (q *Queue) SiteRateLimit(siteKey string) int64 {
	if l, ok := q.siteLimits.Load(siteKey); ok {
		return int64(l.(*rate.Limiter).Limit())
	}
	return 0
}

// RateLimit is the cap SetRateLimit set, 0 when unlimited.
func (q *Queue) RateLimit() int64 {
	if l := q.limiter.Limit(); l != rate.Inf {
		return int64(l)
	}
	return 0
}

// copyBufferSize is the chunk size of every copy loop, and the rate
// limiter's burst.
const copyBufferSize = 256 << 10

var copyBuffers = sync.Pool{New: func() any {
	b := make([]byte, copyBufferSize)
	return &b
}}

// progressReader is the copy loop's source: it stops when the job's context
// ends, counts every byte into the job and the queue, and waits on the
// queue's rate limiter.
type progressReader struct {
	ctx context.Context
	r   io.Reader
	j   *job
	q   *Queue
	// stop, when set, runs before the reader returns an error other than
	// io.EOF, and the bytes read with that error are not passed on: an
	// upload cuts its data connection (session.Conn.Abort) rather than end
	// it as if the file were complete.
	stop func()
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.read(b)
	if err != nil && err != io.EOF && p.stop != nil {
		p.stop()
		p.j.done.Add(-int64(n))
		return 0, err
	}
	return n, err
}

func (p *progressReader) read(b []byte) (int, error) {
	if err := p.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := p.r.Read(b)
	if n > 0 {
		p.j.done.Add(int64(n))
		p.q.moved.Add(int64(n))
		p.q.ticks.Add(1)
		if werr := p.q.throttle(p.ctx, p.j.SiteKey, n); werr != nil && err == nil {
			err = werr
		}
	}
	return n, err
}

// WriteTo copies with a pooled 256 KiB buffer; io.Copy prefers it over its
// own 32 KiB one, and so do the server connections in Stor.
func (p *progressReader) WriteTo(w io.Writer) (int64, error) {
	bp := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(bp)
	buf := *bp
	var total int64
	for {
		n, rerr := p.Read(buf)
		if n > 0 {
			m, werr := w.Write(buf[:n])
			total += int64(m)
			if werr != nil {
				return total, werr
			}
			if m < n {
				return total, io.ErrShortWrite
			}
		}
		if rerr == io.EOF {
			return total, nil
		}
		if rerr != nil {
			return total, rerr
		}
	}
}

// throttle waits until the total and the site's rate limiters allow n more bytes.
func (q *Queue) throttle(ctx context.Context, siteKey string, n int) error {
	if err := takeBytes(ctx, q.limiter, n); err != nil {
		return err
	}
	if l, ok := q.siteLimits.Load(siteKey); ok {
		return takeBytes(ctx, l.(*rate.Limiter), n)
	}
	return nil
}

// takeBytes takes n bytes from l, in chunks of about a tenth of a second's
// worth, so that a changed limit applies within that time.
func takeBytes(ctx context.Context, l *rate.Limiter, n int) error {
	for n > 0 {
		limit := l.Limit()
		if limit == rate.Inf {
			return nil
		}
		chunk := min(n, copyBufferSize, max(1024, int(limit/10)))
		if err := l.WaitN(ctx, chunk); err != nil {
			return err
		}
		n -= chunk
	}
	return nil
}

// localWriter marks write errors as the local disk's.
type localWriter struct {
	w    io.Writer
	path string
}

func (l localWriter) Write(b []byte) (int, error) {
	n, err := l.w.Write(b)
	return n, localErr("write", l.path, err)
}

// localReader marks read errors as the local disk's.
type localReader struct {
	r    io.Reader
	path string
}

func (l localReader) Read(b []byte) (int, error) {
	n, err := l.r.Read(b)
	if err == io.EOF {
		return n, err
	}
	return n, localErr("read", l.path, err)
}

// closeOnce lets a reader be closed from a context callback and by its
// owner without closing it twice.
type closeOnce struct {
	io.ReadCloser
	once sync.Once
	err  error
}

func (c *closeOnce) Close() error {
	c.once.Do(func() { c.err = c.ReadCloser.Close() })
	return c.err
}
