package session

import (
	"strings"
	"testing"
)

// FuzzParseListing feeds arbitrary listing bodies to the parser: it must
// not panic, and what it returns must be names a caller can act on.
func FuzzParseListing(f *testing.F) {
	f.Add([]byte("drwxr-xr-x    2 ftp      ftp          4096 Nov 20 10:30 docs\r\n"), false)
	f.Add([]byte("-rw-r--r--    1 1000     1000            3 Jan 02  2024  two  spaces .txt\r\n"), false)
	f.Add([]byte("lrwxrwxrwx 1 ftp ftp 7 Nov 20 10:30 a -> b\r\n"), false)
	f.Add([]byte("11-24-26  03:04PM       <DIR>          Folder\r\n"), false)
	f.Add([]byte("type=cdir;unique=1; .\r\ntype=file;size=42;modify=20261124103000; a;b c.txt\r\n"), true)
	f.Add([]byte("type=OS.unix=slink:/target;size=7; ln\r\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, mlsd bool) {
		entries, _ := parseListing(data, mlsd)
		for _, e := range entries {
			if e.Name == "" || e.Name == "." || e.Name == ".." {
				t.Fatalf("entry %+v has a name no listing may return", e)
			}
			if strings.ContainsAny(e.Name, "\n") || strings.HasSuffix(e.Name, "\r") {
				t.Fatalf("name %q spans lines", e.Name)
			}
			if !strings.Contains(string(data), e.Name) {
				t.Fatalf("name %q is not in the listing", e.Name)
			}
			if e.Type != File && e.Type != Dir && e.Type != Link {
				t.Fatalf("entry %+v has no known type", e)
			}
		}
	})
}

// FuzzListingNamesSurvive formats one name as each kind of server would
// list it: the parser must give back exactly that name.
func FuzzListingNamesSurvive(f *testing.F) {
	for _, name := range []string{"a", " lead", "trail ", "two  spaces", "-dash", "ü 日本", "a;b=c", "x -> y"} {
		f.Add(name)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "\r\n") {
			return
		}
		lines := map[string]bool{
			"-rw-r--r--    1 1000     1000            5 Nov 24 12:00 " + name + "\r\n": false,
			"-rw-r--r--    1 ftp ftp 5 Jan  2  2024 " + name + "\r\n":                  false,
			"type=file;size=5;modify=20261124103000; " + name + "\r\n":                 true,
		}
		for line, mlsd := range lines {
			entries, _ := parseListing([]byte(line), mlsd)
			if len(entries) != 1 || entries[0].Name != name || entries[0].Size != 5 {
				t.Fatalf("%q parsed as %+v, want the name %q", line, entries, name)
			}
		}
	})
}
