package session

import (
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"
)

// ParseURL reads ftp://, ftpes://, ftps:// URLs into an ad-hoc site and a
// remote path. "site:NAME/path" is resolved by the caller with a Store.
func ParseURL(raw string) (site Site, remotePath string, err error) {
	shown := RedactURL(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return Site{}, "", fmt.Errorf("%q is not a valid URL", shown)
	}
	switch strings.ToLower(u.Scheme) {
	case "ftp":
		site.Protocol = FTP
	case "ftpes":
		site.Protocol = ExplicitTLS
	case "ftps":
		site.Protocol = ImplicitTLS
	default:
		return Site{}, "", fmt.Errorf("%q is not an FTP URL: use ftp://, ftpes:// or ftps://", shown)
	}
	site.Host = u.Hostname()
	if site.Host == "" {
		return Site{}, "", fmt.Errorf("%q names no host", shown)
	}
	if p := u.Port(); p != "" {
		port, err := strconv.Atoi(p)
		if err != nil || port < 1 || port > 65535 {
			return Site{}, "", fmt.Errorf("%q has an invalid port", shown)
		}
		site.Port = port
	}
	site.Name = site.Host
	site.Logon = Anonymous
	if u.User != nil && u.User.Username() != "" && u.User.Username() != "anonymous" {
		site.Logon = Normal
		site.User = u.User.Username()
		site.Password, _ = u.User.Password()
	}
	// A line break would end the command it is sent in and start another.
	pw, _ := u.User.Password()
	if strings.ContainsAny(u.Path+u.User.Username()+pw, "\r\n\x00") {
		return Site{}, "", fmt.Errorf("%q holds a line break or NUL character", shown)
	}
	remotePath = u.Path
	if remotePath == "" {
		remotePath = "/"
	}
	if strings.HasSuffix(remotePath, "/") && remotePath != "/" {
		remotePath = path.Clean(remotePath) + "/"
	} else {
		remotePath = path.Clean(remotePath)
	}
	return site, remotePath, nil
}

// RedactURL hides the password of a URL ("ftp://user:****@host/"), even
// of one that does not parse, so that no message ever shows it.
func RedactURL(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		if _, has := u.User.Password(); !has {
			return raw
		}
		u.User = url.User(u.User.Username()) // its "@" escaped: the first "@" ends it
		s := u.String()
		at := strings.Index(s, "@")
		return s[:at] + ":****" + s[at:]
	}
	// No user found: hide everything from the first ":" after the scheme to
	// the last "@", which may hide more than the password, never less
	// (a password may hold "/" or "@" unescaped).
	_, rest, ok := strings.Cut(raw, "://")
	if !ok {
		rest = raw
	}
	start := len(raw) - len(rest)
	at := strings.LastIndex(rest, "@")
	colon := strings.Index(rest, ":")
	if at < 0 || colon < 0 || colon > at {
		return raw
	}
	return raw[:start+colon+1] + "****" + raw[start+at:]
}
