package session

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"path"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jlaffaye/ftp"

	"ferry/internal/printable"
)

// Conn is one logged-in control connection. Not safe for concurrent use:
// one goroutine at a time, one data transfer at a time.
type Conn struct {
	sc         *ftp.ServerConn
	site       Site
	opts       Options
	id         int
	last       *lastCommand
	idle       *idleConn // the control connection's socket
	verifier   *verifier // nil for plain FTP
	capture    *captureBuf
	ctrl       net.Conn      // the control connection, for Ferry's own commands
	ctrlReader *bufio.Reader // its replies, read by the library and by Ferry
	later      *laterConn    // the control connection's writing end, with commands sent later
	feat       *featureSet   // what FEAT listed
	// noMDTMSet: the server refused MDTM with a time; do not ask again.
	noMDTMSet bool
	mode      TransferMode    // Passive, Active, or Default until refused
	pending   *activeListener // announced with PORT/EPRT, not yet dialed
	lib       *modeConn       // the control connection as the library reads it
	data      dataLink        // the transfer's data connection, for Abort
	onListen  func(net.Addr)  // tests: an active listener opened
	noMLSD    bool
	home      string      // the login folder, once asked (see homeDir)
	noListA   bool        // the server does not take "LIST -a" (see listHere)
	noEPSV    bool        // EPSV did not answer as expected (see storFast)
	broken    atomic.Bool // a network failure: the connection must not be reused
	used      time.Time
	dataErr   atomic.Pointer[error] // a data connection that could not be dialed (see dialAhead)
	rtt       atomic.Int64          // the last EPSV/PASV round trip, in nanoseconds
	dialCtx   context.Context       // of the login in progress, for its questions
	gen       int                   // the pool's generation when it was dialed
}

// Site is the site this connection was made for.
func (c *Conn) Site() Site { return c.site }

// Encrypted reports a control connection secured with TLS (data
// connections are too: Ferry asks for PROT P).
func (c *Conn) Encrypted() bool { return c.verifier != nil }

// check notes network failures (anything but a server reply) so that the
// pool drops the connection.
func (c *Conn) check(err error) error {
	c.used = time.Now()
	if err == nil {
		return nil
	}
	dataErr := c.dataErr.Swap(nil)
	if isReply(err) {
		if dataErr != nil {
			c.idle.setHard(time.Time{}) // the reply came within the grace
		}
		return err
	}
	c.broken.Store(true)
	if dataErr != nil {
		return *dataErr // no reply came: the dial's failure says why
	}
	return err
}

func isReply(err error) bool {
	var reply *textproto.Error
	return errors.As(err, &reply)
}

func replyCode(err error) int {
	var reply *textproto.Error
	if errors.As(err, &reply) {
		return reply.Code
	}
	return 0
}

// watch aborts the connection's current operation when ctx ends.
func (c *Conn) watch(ctx context.Context) (stop func() bool) {
	return context.AfterFunc(ctx, func() {
		c.broken.Store(true)
		c.idle.setHard(time.Unix(1, 0))
	})
}

// ErrNoResume means the server refused to restart a transfer at an offset
// (REST and APPE failed); the transfer must start again from zero.
var ErrNoResume = errors.New("the server cannot resume transfers")

// notFound marks a 550 reply as a missing path.
func notFound(p string, err error) error {
	if replyCode(err) == ftp.StatusFileUnavailable {
		return &pathError{path: p, err: err}
	}
	return err
}

// pathError is a reply about a path that does not exist.
type pathError struct {
	path string
	err  error
}

func (e *pathError) Error() string   { return printable.Name(e.path) + ": " + e.err.Error() }
func (e *pathError) Unwrap() []error { return []error{ErrNotExist, e.err} }

// relogin replaces the control connection with a fresh one.
func (c *Conn) relogin(noMLSD bool) error {
	ctx, cancel := context.WithTimeout(context.Background(), c.opts.DialTimeout)
	defer cancel()
	c.Settle()
	c.sc.Quit()
	c.noMLSD = noMLSD
	c.verifier = nil
	c.home = ""
	if err := c.connect(ctx); err != nil {
		c.broken.Store(true)
		return err
	}
	return nil
}

// Retr opens path for reading from offset (REST). The connection is busy
// until the reader is closed.
func (c *Conn) Retr(p string, offset int64) (io.ReadCloser, error) {
	r, err := c.sc.RetrFrom(p, uint64(offset))
	if err := c.check(err); err != nil {
		if offset > 0 && c.last.get() == "REST" && isReply(err) {
			c.opts.Log.Add(c.id, LogStatus, "The server cannot resume; starting over")
			return nil, fmt.Errorf("%w: %w", ErrNoResume, err)
		}
		return nil, notFound(p, err)
	}
	return &retrReader{r: r, c: c}, nil
}

type retrReader struct {
	r *ftp.Response
	c *Conn
}

func (r *retrReader) Read(b []byte) (int, error) {
	n, err := r.r.Read(b)
	if err != nil && err != io.EOF {
		r.c.broken.Store(true)
	}
	return n, err
}

func (r *retrReader) Close() error { return r.c.check(r.r.Close()) }

// Stor writes r to path; offset > 0 resumes (REST+STOR, falling back to APPE).
func (c *Conn) Stor(p string, r io.Reader, offset int64) error {
	if offset == 0 {
		buf := storBuffers.Get().(*[]byte)
		defer storBuffers.Put(buf)
		n, err := io.ReadFull(r, *buf)
		head := (*buf)[:n]
		switch {
		case err == io.EOF || err == io.ErrUnexpectedEOF: // the whole file
			if ok, err := c.storFast(p, head); ok {
				return err
			}
			r = bytes.NewReader(head)
		case err != nil:
			return err // reading the local file
		default:
			r = io.MultiReader(bytes.NewReader(head), r)
		}
		return c.check(c.sc.Stor(p, r))
	}
	err := c.check(c.sc.StorFrom(p, r, uint64(offset)))
	if err == nil || c.last.get() != "REST" || !isReply(err) {
		return err
	}
	c.opts.Log.Add(c.id, LogStatus, "REST refused; appending with APPE")
	counted := &countingReader{r: r}
	err = c.check(c.sc.Append(p, counted))
	if err != nil && counted.n == 0 && c.last.get() == "APPE" && isReply(err) {
		c.opts.Log.Add(c.id, LogStatus, "The server cannot resume; starting over")
		return fmt.Errorf("%w: %w", ErrNoResume, err)
	}
	return err
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}

// Size is the remote file's size in bytes (SIZE).
func (c *Conn) Size(p string) (int64, error) {
	n, err := c.sc.FileSize(p)
	return n, notFound(p, c.check(err))
}

// ModTime is the remote file's modification time (MDTM), zero when unsupported.
func (c *Conn) ModTime(p string) (time.Time, error) {
	if !c.sc.IsGetTimeSupported() {
		return time.Time{}, nil
	}
	t, err := c.sc.GetTime(p)
	return t, notFound(p, c.check(err))
}

// Stat describes one remote path; ErrNotExist (wrapped) when it is missing.
func (c *Conn) Stat(p string) (Entry, error) {
	name := path.Base(p)
	if c.sc.IsTimePreciseInList() { // MLST is available
		e, err := c.sc.GetEntry(p)
		if c.check(err) == nil {
			return fromLibrary(name, e), nil
		}
		if !isReply(err) {
			return Entry{}, err
		}
		if replyCode(err) == ftp.StatusFileUnavailable {
			return Entry{}, notFound(p, err)
		}
	}
	e, refused, err := c.probe(p)
	if refused != nil {
		return Entry{}, &pathError{path: p, err: refused}
	}
	return e, err
}

// probe tells a file from a folder with the commands servers follow links
// for: SIZE answers for a file, and a folder is a path one can change into
// (and back out of). refused is the server's refusal to change into p,
// which is then neither; err is any other failure.
func (c *Conn) probe(p string) (e Entry, refused, err error) {
	name := path.Base(p)
	size, mod, err := c.sizeAndTime(p)
	if c.check(err) == nil {
		return Entry{Name: name, Type: File, Size: size, ModTime: mod}, nil, nil
	}
	if !isReply(err) {
		return Entry{}, nil, err
	}
	home, err := c.homeDir()
	if err != nil {
		return Entry{}, nil, err
	}
	if err := c.check(c.sc.ChangeDir(p)); err != nil {
		if isReply(err) {
			return Entry{}, err, nil
		}
		return Entry{}, nil, err
	}
	if err := c.check(c.sc.ChangeDir(home)); err != nil {
		c.broken.Store(true) // later relative paths would be wrong
		return Entry{}, nil, err
	}
	return Entry{Name: name, Type: Dir}, nil, nil
}

// sizeAndTime asks SIZE and MDTM in one round trip: SIZE is sent with
// MDTM (see laterConn). err is SIZE's; the time is zero when MDTM is not
// offered or refused.
func (c *Conn) sizeAndTime(p string) (size int64, mod time.Time, err error) {
	if !c.sc.IsGetTimeSupported() || strings.ContainsAny(p, "\r\n") {
		size, err = c.sc.FileSize(p)
		return size, time.Time{}, err
	}
	c.sendLater("SIZE "+p, func(r Reply, rerr error) {
		switch {
		case rerr != nil:
			err = rerr
		case r.Code != ftp.StatusFile:
			err = &textproto.Error{Code: r.Code, Msg: r.Message}
		default:
			size, err = strconv.ParseInt(strings.TrimSpace(r.Message), 10, 64)
		}
	})
	mod, modErr := c.ModTime(p)
	if err == nil && modErr != nil && !isReply(modErr) {
		err = modErr
	}
	if modErr != nil {
		mod = time.Time{}
	}
	return size, mod, err
}

func fromLibrary(name string, e *ftp.Entry) Entry {
	out := Entry{Name: name, Size: int64(e.Size), ModTime: e.Time, Target: e.Target}
	switch e.Type {
	case ftp.EntryTypeFolder:
		out.Type = Dir
	case ftp.EntryTypeLink:
		out.Type = Link
	}
	return out
}

// Pwd is the current remote directory (the home directory after login).
func (c *Conn) Pwd() (string, error) {
	dir, err := c.sc.CurrentDir()
	return dir, c.check(err)
}

// Mkdir creates one directory. A name that ends in a space is sent with a
// "/" after it: pure-ftpd turns a trailing space of MKD's argument into "_".
func (c *Conn) Mkdir(p string) error {
	if strings.HasSuffix(p, " ") {
		p += "/"
	}
	return c.check(c.sc.MakeDir(p))
}

// MkdirAll creates path and any missing parents; existing ones are fine.
func (c *Conn) MkdirAll(p string) error {
	p = path.Clean("/" + strings.TrimPrefix(p, "/"))
	if err := c.Mkdir(p); err == nil || !isReply(err) {
		return err
	}
	// Some parent is missing, or p exists: create each level, ignoring
	// refusals, then check that p is a folder.
	parts := strings.Split(strings.Trim(p, "/"), "/")
	for i := range parts {
		if err := c.Mkdir("/" + strings.Join(parts[:i+1], "/")); err != nil && !isReply(err) {
			return err
		}
	}
	e, err := c.Stat(p)
	if err != nil {
		return err
	}
	if e.Type != Dir {
		return fmt.Errorf("cannot create folder %s: a file of that name exists", p)
	}
	return nil
}

// Rename moves from to to on the server.
func (c *Conn) Rename(from, to string) error { return notFound(from, c.check(c.sc.Rename(from, to))) }

// Delete removes one file.
func (c *Conn) Delete(p string) error { return notFound(p, c.check(c.sc.Delete(p))) }

// Noop checks the connection is alive.
func (c *Conn) Noop() error { return c.check(c.sc.NoOp()) }

// Close sends QUIT (bounded by a short deadline) and closes the socket.
func (c *Conn) Close() error {
	c.idle.setHard(time.Now().Add(2 * time.Second))
	c.Settle()
	c.opts.Log.Add(c.id, LogStatus, "Disconnected")
	return c.sc.Quit()
}
