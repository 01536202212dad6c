package session

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adrg/xdg"
)

func TestStoreSavesAtomicallyWithoutPasswords(t *testing.T) {
	setXDG(t)
	xdg.Reload()
	path, err := DefaultStorePath()
	if err != nil {
		t.Fatal(err)
	}
	s, err := OpenStore(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(Site{Name: "b", Folder: "work", Host: "h", Protocol: ExplicitTLS, Password: "secret"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(Site{Name: "a", Host: "h2", Protocol: FTP}); err != nil {
		t.Fatal(err)
	}
	if err := s.Rename("b", "c"); err != nil {
		t.Fatal(err)
	}
	if err := s.Rename("a", "c"); err == nil {
		t.Error("renamed onto an existing name")
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "secret") {
		t.Fatal("the password reached the sites file")
	}
	if fileMode(t, path) != 0o600 {
		t.Errorf("mode %v", fileMode(t, path))
	}
	again, err := OpenStore(path)
	if err != nil {
		t.Fatal(err)
	}
	sites := again.Sites()
	if len(sites) != 2 || sites[0].Name != "a" || sites[1].Name != "c" || sites[1].Folder != "work" {
		t.Fatalf("sites = %+v", sites)
	}
	if err := again.Remove("a"); err != nil {
		t.Fatal(err)
	}
	if _, ok := again.Get("a"); ok {
		t.Error("removed site still there")
	}
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*")); len(matches) != 0 {
		t.Errorf("temporary files left: %v", matches)
	}
}

func TestADamagedSitesFileIsReportedNotOverwritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sites.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := OpenStore(path)
	if err == nil || !strings.Contains(Describe(err), "damaged") {
		t.Fatalf("err = %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "{not json" {
		t.Fatal("the damaged file was changed")
	}
}

func TestParseURL(t *testing.T) {
	cases := []struct {
		in   string
		site Site
		path string
	}{
		{"ftp://example.org", Site{Name: "example.org", Protocol: FTP, Host: "example.org", Logon: Anonymous}, "/"},
		{"ftpes://bob:p%40ss@host:2121/a/b/", Site{Name: "host", Protocol: ExplicitTLS, Host: "host", Port: 2121, Logon: Normal, User: "bob", Password: "p@ss"}, "/a/b/"},
		{"ftps://[::1]/x", Site{Name: "::1", Protocol: ImplicitTLS, Host: "::1", Logon: Anonymous}, "/x"},
	}
	for _, c := range cases {
		site, p, err := ParseURL(c.in)
		if err != nil || site != c.site || p != c.path {
			t.Errorf("%s -> %+v %q %v", c.in, site, p, err)
		}
	}
	for _, bad := range []string{"http://x", "ftp://", "ftp://h:99999", "sftp://h"} {
		if _, _, err := ParseURL(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
