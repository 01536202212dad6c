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
	u, err := url.Parse(raw)
	if err != nil {
		return Site{}, "", fmt.Errorf("%q is not a valid URL", raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "ftp":
		site.Protocol = FTP
	case "ftpes":
		site.Protocol = ExplicitTLS
	case "ftps":
		site.Protocol = ImplicitTLS
	default:
		return Site{}, "", fmt.Errorf("%q is not an FTP URL: use ftp://, ftpes:// or ftps://", raw)
	}
	site.Host = u.Hostname()
	if site.Host == "" {
		return Site{}, "", fmt.Errorf("%q names no host", raw)
	}
	if p := u.Port(); p != "" {
		port, err := strconv.Atoi(p)
		if err != nil || port < 1 || port > 65535 {
			return Site{}, "", fmt.Errorf("%q has an invalid port", raw)
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
