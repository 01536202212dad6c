package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"ferry/session"
)

// resolve reads a URL or "site:NAME/path" into a site with its password.
func (e *environment) resolve(raw string) (session.Site, string, error) {
	site, path, err := e.lookup(raw)
	if err != nil {
		return site, path, err
	}
	if site.Logon == session.Anonymous || site.Password != "" {
		return site, path, nil
	}
	if pw := os.Getenv("FERRY_PASSWORD"); pw != "" {
		site.Password = pw
		return site, path, nil
	}
	if site.Logon == session.Normal {
		if pw, err := session.SystemKeyring().Get(site.Key()); err == nil {
			site.Password = pw
			return site, path, nil
		}
		if site.SavedPassword != "" {
			site.Password = site.SavedPassword
			return site, path, nil
		}
	}
	pw, err := e.promptPassword(site)
	site.Password = pw
	return site, path, err
}

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

// promptPassword asks on the terminal, without echo.
func (e *environment) promptPassword(site session.Site) (string, error) {
	in, ok := e.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		return "", fmt.Errorf("no password for %s: put it in the URL, set FERRY_PASSWORD, or run on a terminal to be asked", site.LoginUser()+"@"+site.Host)
	}
	fmt.Fprintf(e.stderr, "Password for %s@%s: ", site.LoginUser(), site.Host)
	pw, err := term.ReadPassword(int(in.Fd()))
	fmt.Fprintln(e.stderr)
	if err != nil {
		return "", err
	}
	return string(pw), nil
}

// sessionOptions are the connection hooks of a command: certificates are
// trusted only with --accept-new-cert; a clear-text password is sent (the
// user chose ftp://) with a warning.
func (e *environment) sessionOptions(f flags, refused *session.CertInfo) (session.Options, error) {
	path, err := session.DefaultTrustStorePath()
	if err != nil {
		return session.Options{}, err
	}
	trust, err := session.OpenTrustStore(path)
	if err != nil {
		return session.Options{}, err
	}
	return session.Options{
		DialTimeout: f.timeout,
		IdleTimeout: 2 * f.timeout,
		Trust:       trust,
		AskTrust: func(c session.CertInfo) session.TrustDecision {
			if f.acceptCert {
				fmt.Fprintf(e.stderr, "ferry: trusting the certificate of %s (SHA-256 %s) from now on\n", c.HostPort, c.SHA256)
				return session.TrustAlways
			}
			*refused = c
			return session.Refuse
		},
		ConfirmPlain: func(s session.Site) session.PlainDecision {
			if s.Protocol != session.FTP {
				fmt.Fprintf(e.stderr, "ferry: warning: %s offers no TLS; the password is sent in clear\n", s.Host)
			}
			return session.PlainAllowOnce
		},
	}, nil
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
