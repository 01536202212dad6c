package session

import (
	"os"
	"strings"
	"testing"
)

func TestImportFileZilla(t *testing.T) {
	f, err := os.Open("testdata/filezilla/sitemanager.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sites, skipped, err := ImportFileZilla(f)
	if err != nil {
		t.Fatal(err)
	}
	want := []ImportedSite{
		{Site{Name: "Example", Protocol: FTPTLSIfAvailable, Host: "ftp.example.org", Logon: Normal, User: "alice",
			RemoteDir: "/home/alice", LocalDir: "/home/alice/www"}, "s3cr3t!"},
		{Site{Name: "Mirror", Protocol: FTP, Host: "mirror.test", Logon: Anonymous}, ""},
		{Site{Name: "Work FTPS", Folder: "Work", Protocol: ImplicitTLS, Host: "files.work.test", Logon: Normal, User: "bob"}, "plain pass"},
		{Site{Name: "Client & Co", Folder: "Work/Clients", Protocol: ExplicitTLS, Host: "ftpes.client.test", Port: 2121, Logon: AskPassword, User: "carol"}, ""},
	}
	if len(sites) != len(want) {
		t.Fatalf("got %d sites: %+v", len(sites), sites)
	}
	for i := range want {
		if sites[i] != want[i] {
			t.Errorf("site %d:\n got %+v\nwant %+v", i, sites[i], want[i])
		}
	}
	if len(skipped) != 1 || skipped[0] != "SSH box" {
		t.Errorf("skipped = %v", skipped)
	}
}

func TestImportFileZillaRefusesOtherFiles(t *testing.T) {
	for _, text := range []string{"", "<html></html>", "<FileZilla3><Servers><Server>"} {
		if _, _, err := ImportFileZilla(strings.NewReader(text)); err == nil {
			t.Errorf("%q accepted", text)
		}
	}
}
