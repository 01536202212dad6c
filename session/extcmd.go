package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"strings"
	"sync"
	"time"
)

// Commands jlaffaye/ftp does not offer (SITE CHMOD, MFMT, HASH, custom
// commands) are sent here, on Ferry's own wrapped control connection.
// Between two library calls the control connection is idle, and the
// library's buffered reader holds nothing: it reads replies a line at a time
// through modeConn, from the one buffered reader that Ferry's own commands
// read too. A command written here and its reply read here leave the
// library's view unchanged.

// Reply is a server's answer to one command.
type Reply struct {
	Code    int
	Message string // lines joined by "\n"
}

func (r Reply) String() string { return fmt.Sprintf("%d %s", r.Code, r.Message) }

// ErrBadCommand means a command held a line break (or was empty) and was
// not sent: one command must never smuggle in another.
var ErrBadCommand = errors.New("a command must be one line of text")

// Quote sends one raw command, as typed by a person, and returns the final
// reply (after any 1xx preliminary ones). A reply of any code is not an
// error; a broken connection is.
func (c *Conn) Quote(ctx context.Context, command string) (Reply, error) {
	command = strings.TrimSpace(command)
	if command == "" || strings.ContainsAny(command, "\r\n") {
		return Reply{}, ErrBadCommand
	}
	stop := c.watch(ctx)
	defer stop()
	r, err := c.raw(command)
	if err == nil && r.Code == 221 { // QUIT: the server hangs up
		c.broken.Store(true)
	}
	return r, err
}

// raw writes command and reads its final reply on the control connection.
func (c *Conn) raw(command string) (Reply, error) {
	if strings.ContainsAny(command, "\r\n") {
		return Reply{}, ErrBadCommand
	}
	if _, err := io.WriteString(c.ctrl, command+"\r\n"); err != nil {
		return Reply{}, c.check(err)
	}
	return c.readReply()
}

// readReply reads the reply to the last command written, after those to
// the commands sent with it (see laterConn).
func (c *Conn) readReply() (Reply, error) {
	if err := c.readSent(); err != nil {
		return Reply{}, c.check(err)
	}
	return c.readFinal()
}

// readFinal reads replies until a final (non-1xx) one.
func (c *Conn) readFinal() (Reply, error) {
	tr := textproto.NewReader(c.ctrlReader)
	for {
		code, msg, err := tr.ReadResponse(0)
		if err != nil {
			return Reply{}, c.check(err)
		}
		c.used = time.Now()
		if code >= 200 {
			return Reply{Code: code, Message: msg}, nil
		}
	}
}

// rawOK sends a command and turns any reply but 2xx into a reply error,
// like the library's own commands.
func (c *Conn) rawOK(format string, args ...any) (Reply, error) {
	r, err := c.raw(fmt.Sprintf(format, args...))
	if err == nil && (r.Code < 200 || r.Code > 299) {
		err = &textproto.Error{Code: r.Code, Msg: r.Message}
	}
	return r, err
}

// featureSet records the FEAT reply as it passes through the message log's
// tap: the library keeps its own copy private.
type featureSet struct {
	mu    sync.Mutex
	names map[string]string // upper-case feature → its parameters
}

func (f *featureSet) add(line string) {
	if !strings.HasPrefix(line, " ") {
		return // "211-Features:" and "211 End"
	}
	name, params, _ := strings.Cut(strings.TrimSpace(line), " ")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.names == nil {
		f.names = make(map[string]string)
	}
	f.names[strings.ToUpper(name)] = params
}

// has reports whether FEAT listed name, and with which parameters.
func (f *featureSet) has(name string) (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	params, ok := f.names[name]
	return params, ok
}

// Feature reports whether the server listed name (e.g. "MFMT") in FEAT.
func (c *Conn) Feature(name string) bool {
	_, ok := c.feat.has(strings.ToUpper(name))
	return ok
}

// ErrSetTimeUnsupported means the server offers no way to set a file's
// modification time (neither MFMT nor MDTM with a time).
var ErrSetTimeUnsupported = errors.New("the server cannot set modification times")

// SetModTime sets the server file's modification time to t (to the second):
// MFMT when FEAT lists it, else MDTM with a time argument (vsftpd's form).
// It returns an error wrapping ErrSetTimeUnsupported when neither works.
func (c *Conn) SetModTime(p string, t time.Time) error {
	stamp := t.UTC().Format("20060102150405")
	if c.Feature("MFMT") {
		_, err := c.rawOK("MFMT %s %s", stamp, p)
		return notFound(p, err)
	}
	if c.noMDTMSet {
		return ErrSetTimeUnsupported
	}
	_, err := c.rawOK("MDTM %s %s", stamp, p)
	return c.mdtmSetResult(err)
}

// mdtmSetResult reads the outcome of MDTM with a time.
func (c *Conn) mdtmSetResult(err error) error {
	if isReply(err) && replyCode(err) >= 500 {
		// A server without the time form reads the time as part of the
		// name; the file was just uploaded, so a refusal means no support.
		c.noMDTMSet = true
		return fmt.Errorf("%w: %w", ErrSetTimeUnsupported, err)
	}
	return err
}
