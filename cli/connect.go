package cli

import "ferry/session"

// connection is a command's pool to one server, already logged in.
type connection struct {
	site   session.Site
	remote string
	pool   *session.Pool
}

// connect resolves rawURL and logs in once, so that a wrong password or a
// dead server is one clear line. On failure it returns nil and the status.
func (e *environment) connect(f flags, rawURL string) (*connection, int) {
	site, remote, err := e.resolve(rawURL)
	if err != nil {
		return nil, e.fail(exitUsage, "%s", session.Describe(err))
	}
	var refused session.CertInfo
	opts, err := e.sessionOptions(f, &refused)
	if err != nil {
		return nil, e.fail(exitFailed, "%s", session.Describe(err))
	}
	site.MaxConns = f.jobs
	pool := session.NewPool(site, opts)
	if err := pool.Browse(e.ctx, func(*session.Conn) error { return nil }); err != nil {
		pool.Close()
		return nil, e.fail(exitFailed, "%s", e.describe(err, refused))
	}
	return &connection{site: site, remote: remote, pool: pool}, exitOK
}
