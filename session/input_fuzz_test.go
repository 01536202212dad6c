package session

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// FuzzParseURL: any string either fails or gives a site one could dial.
func FuzzParseURL(f *testing.F) {
	for _, seed := range []string{
		"ftp://host/", "ftpes://u:p@h:2121/a/b/", "ftps://[::1]/x y", "ftp://u@h:99999/",
		"ftp://h/%2e%2e/etc", "site:name/x", "ftp:///nohost", "FTP://H/../..",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		site, p, err := ParseURL(raw)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q is not one line", err)
			}
			return
		}
		if site.Host == "" || site.Port < 0 || site.Port > 65535 {
			t.Fatalf("%q gave host %q port %d", raw, site.Host, site.Port)
		}
		if !strings.HasPrefix(p, "/") || strings.Contains(p, "/../") || strings.HasSuffix(p, "/..") {
			t.Fatalf("%q gave the path %q, not clean and absolute", raw, p)
		}
	})
}

// FuzzImportFileZilla: any file either fails or gives sites with a host and
// a valid port.
func FuzzImportFileZilla(f *testing.F) {
	if data, err := os.ReadFile("testdata/filezilla/sitemanager.xml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`<FileZilla3><Servers><Server><Host>h</Host><Port>-1</Port><Protocol>0</Protocol>` +
		`<RemoteDir>1 0 4 home 3 bob</RemoteDir></Server></Servers></FileZilla3>`))
	f.Add([]byte(`<FileZilla3><Servers><Server><Host>h</Host><RemoteDir>1 0 -1 x</RemoteDir>` +
		`</Server></Servers></FileZilla3>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		sites, _, err := ImportFileZilla(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, s := range sites {
			if s.Site.Host == "" || s.Site.Port < 0 || s.Site.Port > 65535 {
				t.Fatalf("imported host %q port %d", s.Site.Host, s.Site.Port)
			}
		}
	})
}
