package cli

import (
	"context"
	"fmt"
	"os"
	"sync"

	"golang.org/x/term"

	"ferry/internal/printable"
	"ferry/session"
)

// connection is a command's way to one server, already logged in: the
// session manager and the site's pool, whose first connection stays for
// the work that follows.
type connection struct {
	site    session.Site
	remote  string
	key     string // the site's key in the manager, for the queue
	manager *session.Manager
	pool    *session.Pool
	ask     *terminalQuestions
}

// connect resolves rawURL (a URL or "site:NAME/path") and logs in once, so
// that a wrong password or a dead server is one clear line. The pool opens
// at most -j (or --segments) connections, the first one included. On
// failure it returns nil and the status. The caller closes the connection.
func (e *environment) connect(f flags, rawURL string) (*connection, int) {
	site, remote, err := e.lookup(rawURL)
	if err != nil {
		return nil, e.fail(exitUsage, "%s", session.Describe(err))
	}
	site.MaxConns = max(f.jobs, f.segments)
	site = f.applyTo(site)
	trustPath, err := session.DefaultTrustStorePath()
	if err != nil {
		return nil, e.fail(exitFailed, "%s", session.Describe(err))
	}
	trust, err := session.OpenTrustStore(trustPath)
	if err != nil {
		return nil, e.fail(exitFailed, "%s", session.Describe(err))
	}
	var store *session.Store
	if site.ID != "" {
		store, _ = openStore() // lookup opened it already: saves what the server allows
	}
	ask := &terminalQuestions{e: e, acceptCert: f.acceptCert}
	m := session.NewManager(session.ManagerOptions{
		Options: session.Options{DialTimeout: f.timeout, IdleTimeout: 2 * f.timeout, Trust: trust, Ask: ask},
		Store:   store,
		Keyring: session.SystemKeyring(),
		Notify:  func(msg string) { fmt.Fprintf(e.stderr, "ferry: %s\n", printable.Text(msg)) },
	})
	c := &connection{site: site, remote: remote, key: m.Add(site), manager: m, ask: ask}
	if c.pool, err = m.Pool(c.key); err == nil {
		err = c.pool.Browse(e.ctx, func(*session.Conn) error { return nil })
	}
	if err != nil {
		m.Close()
		return nil, e.fail(exitFailed, "%s", c.describe(err))
	}
	return c, exitOK
}

// close logs out of every connection.
func (c *connection) close() { c.manager.Close() }

// describe is the one line shown for err, with advice for a certificate
// that was not trusted.
func (c *connection) describe(err error) string {
	return c.ask.e.describe(err, c.ask.refusedCert())
}

// terminalQuestions answers the engine's questions on the terminal:
// the password is read without echo; a certificate nobody vouches for is
// trusted only with --accept-new-cert; a clear-text password is sent (the
// user chose ftp://) with a warning when TLS was hoped for.
type terminalQuestions struct {
	e          *environment
	acceptCert bool

	mu      sync.Mutex
	refused session.CertInfo
}

func (t *terminalQuestions) refusedCert() session.CertInfo {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.refused
}

// Password asks on the terminal; it gives up when ctx ends.
func (t *terminalQuestions) Password(ctx context.Context, site session.Site) (string, error) {
	e := t.e
	in, ok := e.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		return "", fmt.Errorf("%w for %s@%s: put it in the URL, set FERRY_PASSWORD, or run on a terminal to be asked",
			session.ErrNoPassword, site.LoginUser(), site.Host)
	}
	type answer struct {
		pw  []byte
		err error
	}
	// ReadPassword turns echo off until it returns, which a read that is
	// given up never does: the terminal is put back here in that case, or
	// it would stay silent after Ferry ends.
	saved, err := term.GetState(int(in.Fd()))
	if err != nil {
		return "", err
	}
	fmt.Fprintf(e.stderr, "Password for %s@%s: ", site.LoginUser(), site.Host)
	answers := make(chan answer, 1)
	go func() {
		pw, err := term.ReadPassword(int(in.Fd()))
		answers <- answer{pw, err}
	}()
	select {
	case a := <-answers:
		fmt.Fprintln(e.stderr)
		return string(a.pw), a.err
	case <-ctx.Done():
		term.Restore(int(in.Fd()), saved)
		fmt.Fprintln(e.stderr)
		return "", ctx.Err()
	}
}

// Certificate trusts a new certificate only with --accept-new-cert.
func (t *terminalQuestions) Certificate(_ context.Context, c session.CertInfo) (session.TrustDecision, error) {
	if t.acceptCert {
		fmt.Fprintf(t.e.stderr, "ferry: trusting the certificate of %s (SHA-256 %s) from now on\n", c.HostPort, c.SHA256)
		return session.TrustAlways, nil
	}
	t.mu.Lock()
	t.refused = c
	t.mu.Unlock()
	return session.Refuse, nil
}

// ClearText allows it: the URL said ftp://. A site that hoped for TLS gets
// a warning.
func (t *terminalQuestions) ClearText(_ context.Context, s session.Site) (session.PlainDecision, error) {
	if s.Protocol != session.FTP {
		fmt.Fprintf(t.e.stderr, "ferry: warning: %s offers no TLS; the password is sent in clear\n", s.Host)
	}
	return session.PlainAllowOnce, nil
}
