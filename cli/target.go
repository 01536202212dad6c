package cli

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"ferry/session"
)

// lookup reads a URL or "site:NAME/path" into a site (with the password
// the URL gives, if any) and a remote path.
func (e *environment) lookup(raw string) (session.Site, string, error) {
	rest, ok := strings.CutPrefix(raw, "site:")
	if !ok {
		return session.ParseURL(raw)
	}
	name, path, _ := strings.Cut(rest, "/")
	path = "/" + path
	store, err := openStore()
	if err != nil {
		return session.Site{}, "", err
	}
	site, ok := store.Get(name)
	if !ok {
		return session.Site{}, "", fmt.Errorf("no saved site named %q (see: ferry sites list)", name)
	}
	if path == "/" && site.RemoteDir != "" {
		path = site.RemoteDir
	}
	return site, path, nil
}

func openStore() (*session.Store, error) {
	path, err := session.DefaultStorePath()
	if err != nil {
		return nil, err
	}
	return session.OpenStore(path)
}

// describe is the one line shown for err, with advice for a certificate
// that was not trusted. After Ctrl+C or SIGTERM whatever failed failed
// because of it: the line says so rather than how the connection ended.
func (e *environment) describe(err error, refused session.CertInfo) string {
	if e.ctx.Err() != nil {
		return "interrupted"
	}
	msg := session.Describe(err)
	var ce *session.CertError
	if errors.As(err, &ce) && !ce.Changed && refused.SHA256 != "" {
		msg += fmt.Sprintf(" Its SHA-256 fingerprint is %s; if that is the server's, run again with --accept-new-cert.", refused.SHA256)
	}
	return msg
}

// readLine reads one answer from stdin.
func (e *environment) readLine() (string, error) {
	if e.lines == nil {
		e.lines = bufio.NewReader(e.stdin)
	}
	line, err := e.lines.ReadString('\n')
	if err != nil && line == "" {
		return "", err
	}
	return strings.TrimSpace(line), nil
}
