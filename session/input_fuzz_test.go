package session

import (
	"bytes"
	"net/url"
	"os"
	"path"
	"strings"
	"testing"
)

// FuzzParseURL: any string either parses into a site one could dial and a
// clean absolute path that cannot smuggle a second command onto the
// control connection, or fails with one line that never shows the
// password.
func FuzzParseURL(f *testing.F) {
	for _, seed := range []string{
		"ftp://host/", "ftpes://u:p@h:2121/a/b/", "ftps://[::1]/x y", "ftp://u@h:99999/",
		"ftp://h/%2e%2e/etc", "site:name/x", "ftp:///nohost", "FTP://H/../..",
		"ftp://u:SECRET@host:99999/", "ftp://u:SECRET@ho st/", "http://u:SECRET@host/",
		"ftp://h/a%0d%0aDELE%20x", "ftp://u%0d%0aDELE%20x:p@h/", "ftp://anonymous:me@h//a//b/../c",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		site, p, err := ParseURL(raw)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q is not one line", err)
			}
			if pw := urlPassword(raw); len(pw) >= 3 && !strings.Contains(RedactURL(raw), pw) &&
				strings.Contains(err.Error(), pw) {
				t.Fatalf("the error shows the password %q: %v", pw, err)
			}
			return
		}
		if site.Host == "" || site.Port < 0 || site.Port > 65535 {
			t.Fatalf("%q gave host %q port %d", raw, site.Host, site.Port)
		}
		if strings.ContainsAny(site.User+site.Password+p, "\r\n\x00") {
			t.Fatalf("%q gave a user, password or path that would break a command line", raw)
		}
		if c := path.Clean(p); !strings.HasPrefix(p, "/") || (c != p && c+"/" != p) {
			t.Fatalf("%q gave the path %q, not clean and absolute", raw, p)
		}
	})
}

// urlPassword is what url.Parse finds as the password of raw, or "".
func urlPassword(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return ""
	}
	pw, _ := u.User.Password()
	return pw
}

// FuzzImportFileZilla: any file either fails or gives sites Ferry can save
// and dial, whose folders cannot reach the control connection with a line
// break.
func FuzzImportFileZilla(f *testing.F) {
	if data, err := os.ReadFile("testdata/filezilla/sitemanager.xml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`<FileZilla3><Servers><Server><Host>h</Host><Port>-1</Port><Protocol>0</Protocol>` +
		`<RemoteDir>1 0 4 home 3 bob</RemoteDir></Server></Servers></FileZilla3>`))
	f.Add([]byte(`<FileZilla3><Servers><Server><Host>h</Host><RemoteDir>1 0 -1 x</RemoteDir>` +
		`</Server></Servers></FileZilla3>`))
	f.Add([]byte(`<FileZilla3><Servers><Folder>a/b<Server><Host> h </Host><Protocol>4</Protocol>` +
		`<MaximumMultipleConnections>-3</MaximumMultipleConnections></Server></Folder></Servers></FileZilla3>`))
	f.Add([]byte(`<FileZilla3><Servers><Server><Host>h</Host><RemoteDir>1 0 3 a` + "\r\n" +
		`b</RemoteDir><Pass encoding="base64">!!</Pass></Server></Servers></FileZilla3>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		sites, _, err := ImportFileZilla(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, s := range sites {
			site := s.Site
			if site.Host == "" || site.Name == "" || site.Port < 0 || site.Port > 65535 || site.MaxConns < 0 {
				t.Fatalf("imported %+v: no host or name, or an impossible port or connection count", site)
			}
			if site.RemoteDir != "" && (!strings.HasPrefix(site.RemoteDir, "/") || strings.ContainsAny(site.RemoteDir, "\r\n\x00")) {
				t.Fatalf("remote folder %q is not an absolute one-line path", site.RemoteDir)
			}
		}
	})
}
