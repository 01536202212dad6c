package session

// This file is the agreed API of the session package. Each declaration moves
// into its own file with a real body as it is implemented; the file is deleted
// when empty.

import (
	"context"
	"io"
	"time"
)

// EntryType is the kind of a directory entry.
type EntryType int

const (
	File EntryType = iota
	Dir
	Link
)

// Entry is one item of a remote (or local) listing. Name is untrusted when it
// comes from a server: see SafeLocalPath.
type Entry struct {
	Name    string
	Type    EntryType
	Size    int64
	ModTime time.Time // zero when unknown
	Perm    string    // e.g. "rwxr-xr-x" or MLSD "perm" facts; "" when unknown
	Owner   string
	Group   string
	Target  string // symlink target when known
}

// Options are the caller's hooks and limits for connections.
type Options struct {
	DialTimeout time.Duration // connect + greeting + login; default 15s
	IdleTimeout time.Duration // longest wait for any single read or write; default 30s
	Log         *Log          // message log; nil: none
	Trust       *TrustStore   // remembered certificates; nil: in memory only
	// AskTrust is called for a certificate that neither the system roots nor
	// the trust store vouch for. nil refuses such certificates.
	AskTrust func(CertInfo) TrustDecision
	// ConfirmPlain is called before a password is sent in clear (FTP, or
	// FTPTLSIfAvailable on a server without TLS) unless the site has
	// AllowPlainPassword. nil allows it.
	ConfirmPlain func(Site) PlainDecision
}

// TrustDecision answers a certificate question.
type TrustDecision int

const (
	Refuse      TrustDecision = iota
	TrustOnce                 // this connection only (this process)
	TrustAlways               // remember in the trust store
)

// PlainDecision answers "send the password in clear?".
type PlainDecision int

const (
	PlainRefuse PlainDecision = iota
	PlainAllowOnce
	PlainAllowAlways // caller should set Site.AllowPlainPassword and save the site
)

// CertInfo describes a server certificate for a trust prompt.
type CertInfo struct {
	HostPort  string
	Subject   string
	Issuer    string
	NotBefore time.Time
	NotAfter  time.Time
	SHA256    string // hex, colon separated, of the leaf DER
	// Reason says why the system roots did not vouch for it (self-signed,
	// expired, wrong host...).
	Reason string
}

// Conn is one logged-in control connection. Not safe for concurrent use:
// one goroutine at a time, one data transfer at a time.
type Conn struct{}

// Dial connects, negotiates TLS per site.Protocol, and logs in.
func Dial(ctx context.Context, site Site, opts Options) (*Conn, error) { panic("unimplemented") }

// List returns the entries of dir (MLSD, falling back to LIST), without "." and "..".
func (c *Conn) List(dir string) ([]Entry, error) { panic("unimplemented") }

// Retr opens path for reading from offset (REST). The connection is busy
// until the reader is closed.
func (c *Conn) Retr(path string, offset int64) (io.ReadCloser, error) { panic("unimplemented") }

// Stor writes r to path; offset > 0 resumes (REST+STOR, falling back to APPE).
func (c *Conn) Stor(path string, r io.Reader, offset int64) error { panic("unimplemented") }

// Size is the remote file's size in bytes (SIZE).
func (c *Conn) Size(path string) (int64, error) { panic("unimplemented") }

// ModTime is the remote file's modification time (MDTM), zero when unsupported.
func (c *Conn) ModTime(path string) (time.Time, error) { panic("unimplemented") }

// Stat describes one remote path; ErrNotExist (wrapped) when it is missing.
func (c *Conn) Stat(path string) (Entry, error) { panic("unimplemented") }

// Pwd is the current remote directory (the home directory after login).
func (c *Conn) Pwd() (string, error) { panic("unimplemented") }

// Mkdir creates one directory.
func (c *Conn) Mkdir(path string) error { panic("unimplemented") }

// MkdirAll creates path and any missing parents; existing ones are fine.
func (c *Conn) MkdirAll(path string) error { panic("unimplemented") }

// Rename moves from to to on the server.
func (c *Conn) Rename(from, to string) error { panic("unimplemented") }

// Delete removes one file.
func (c *Conn) Delete(path string) error { panic("unimplemented") }

// RemoveAll removes a file or a directory tree.
func (c *Conn) RemoveAll(path string) error { panic("unimplemented") }

// Noop checks the connection is alive.
func (c *Conn) Noop() error { panic("unimplemented") }

// Close sends QUIT (bounded by a short deadline) and closes the socket.
func (c *Conn) Close() error { panic("unimplemented") }

// Pool holds the connections to one site: one for browsing and up to
// Site.MaxTransferConns for transfers. Safe for concurrent use.
type Pool struct{}

// NewPool makes a pool; it dials lazily.
func NewPool(site Site, opts Options) *Pool { panic("unimplemented") }

// Site is the pool's site (with the password it was given).
func (p *Pool) Site() Site { panic("unimplemented") }

// Browse runs fn on the browsing connection, dialing or re-dialing it as
// needed (one reconnect when the old one turns out dead).
func (p *Pool) Browse(ctx context.Context, fn func(*Conn) error) error { panic("unimplemented") }

// Get takes a transfer connection, waiting while MaxTransferConns are in use.
func (p *Pool) Get(ctx context.Context) (*Conn, error) { panic("unimplemented") }

// Put returns a connection taken with Get. err is the last operation's
// error: a connection that failed at the network level is closed, not reused.
func (p *Pool) Put(c *Conn, err error) { panic("unimplemented") }

// Close closes every idle connection and makes later Get calls fail.
func (p *Pool) Close() error { panic("unimplemented") }

// LogKind is the direction or nature of a message log line.
type LogKind int

const (
	LogCommand LogKind = iota // client -> server
	LogReply                  // server -> client
	LogStatus                 // Ferry's own note ("Connecting to ...")
	LogError
)

// LogLine is one line of the message log.
type LogLine struct {
	Time time.Time
	Conn int // connection number, for telling parallel connections apart
	Kind LogKind
	Text string // PASS arguments masked
}

// Log is a bounded, subscribable message log. Safe for concurrent use.
type Log struct{}

// NewLog keeps the last capacity lines.
func NewLog(capacity int) *Log { panic("unimplemented") }

// Add appends a line and notifies subscribers without blocking.
func (l *Log) Add(conn int, kind LogKind, text string) { panic("unimplemented") }

// Lines is a copy of the buffered lines, oldest first.
func (l *Log) Lines() []LogLine { panic("unimplemented") }

// Subscribe delivers new lines on a buffered channel; lines are dropped, not
// waited for, when the subscriber falls behind. cancel closes the channel.
func (l *Log) Subscribe() (lines <-chan LogLine, cancel func()) { panic("unimplemented") }

// TrustStore remembers certificates the user trusted: SHA-256 of the leaf
// per host:port, in a JSON file written atomically.
type TrustStore struct{}

// OpenTrustStore loads path (missing is fine). "" keeps it in memory only.
func OpenTrustStore(path string) (*TrustStore, error) { panic("unimplemented") }

// DefaultTrustStorePath is $XDG_DATA_HOME/ferry/trusted-certs.json.
func DefaultTrustStorePath() (string, error) { panic("unimplemented") }

// Store is the saved sites file. Safe for concurrent use.
type Store struct{}

// DefaultStorePath is $XDG_CONFIG_HOME/ferry/sites.json.
func DefaultStorePath() (string, error) { panic("unimplemented") }

// OpenStore loads path; a missing file is an empty store.
func OpenStore(path string) (*Store, error) { panic("unimplemented") }

// Sites returns a copy of all sites, sorted by folder then name.
func (s *Store) Sites() []Site { panic("unimplemented") }

// Get finds a site by name.
func (s *Store) Get(name string) (Site, bool) { panic("unimplemented") }

// Put adds or replaces (by name) a site and saves the file (0600, atomic).
func (s *Store) Put(site Site) error { panic("unimplemented") }

// Remove deletes a site by name and saves.
func (s *Store) Remove(name string) error { panic("unimplemented") }

// Rename changes a site's name and saves.
func (s *Store) Rename(oldName, newName string) error { panic("unimplemented") }

// Keyring stores passwords outside the sites file.
type Keyring interface {
	Get(siteKey string) (string, error) // ErrNoPassword when none stored
	Set(siteKey, password string) error
	Delete(siteKey string) error
}

// SystemKeyring is the OS keyring (Secret Service, Keychain, Credential
// Manager). Its methods return ErrNoKeyring when none answers.
func SystemKeyring() Keyring { panic("unimplemented") }

// ParseURL reads ftp://, ftpes://, ftps:// URLs into an ad-hoc site and a
// remote path. "site:NAME/path" is resolved by the caller with a Store.
func ParseURL(raw string) (site Site, path string, err error) { panic("unimplemented") }

// SafeLocalPath joins an untrusted remote name onto dir. It fails unless name
// is one clean path element (not empty, ".", "..", no "/", "\\", NUL or
// control characters) and the result stays inside dir.
func SafeLocalPath(dir, name string) (string, error) { panic("unimplemented") }

// IsPermanent reports a failure that retrying cannot fix: a 5xx reply (530
// login, 550 no such file, 553 bad name), a refused certificate, a refused
// plain-text login.
func IsPermanent(err error) bool { panic("unimplemented") }

// Describe turns an error into one sentence a user understands, with the
// server's own words when it sent any; never a Go error chain.
func Describe(err error) string { panic("unimplemented") }
