package session

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestParseListingReadsUnixDOSAndMLSD(t *testing.T) {
	unix := "total 12\r\n" +
		"drwxr-xr-x    2 ftp      ftp          4096 Nov 20 10:30 docs\r\n" +
		"-rw-r--r--    1 alice    staff    5000000000 Jan  2  2024 big file.iso\r\n" +
		"lrwxrwxrwx    1 ftp      ftp             7 Nov 20 10:30 latest -> big.iso\r\n" +
		"drwxr-xr-x    2 ftp      ftp          4096 Nov 20 10:30 ..\r\n" +
		"garbage line\r\n"
	got, _ := parseListing([]byte(unix), false)
	if len(got) != 3 {
		t.Fatalf("entries = %+v", got)
	}
	if got[0].Name != "docs" || got[0].Type != Dir || got[0].Owner != "ftp" || got[0].Perm != "rwxr-xr-x" {
		t.Errorf("docs = %+v", got[0])
	}
	if got[1].Name != "big file.iso" || got[1].Size != 5_000_000_000 || !got[1].ModTime.Equal(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)) || got[1].Group != "staff" {
		t.Errorf("big = %+v", got[1])
	}
	if got[2].Name != "latest" || got[2].Type != Link || got[2].Target != "big.iso" {
		t.Errorf("link = %+v", got[2])
	}

	dos := "11-24-26  03:04PM       <DIR>          Folder\r\n11-24-26  03:04AM                 1234 a b.txt\r\n"
	got, _ = parseListing([]byte(dos), false)
	if len(got) != 2 || got[0].Type != Dir || got[1].Name != "a b.txt" || got[1].Size != 1234 {
		t.Fatalf("dos entries = %+v", got)
	}

	mlsd := "type=cdir;modify=20261124103000;unique=803g2a; .\r\n" +
		"type=file;size=42;modify=20261124103000;UNIX.mode=0640;UNIX.owner=bob; a;b c.txt\r\n" +
		"type=dir;modify=20261124103000;perm=flcdmpe; sub\r\n" +
		"type=OS.unix=slink:/target;size=7; ln\r\n"
	got, self := parseListing([]byte(mlsd), true)
	if len(got) != 3 || self != "803g2a" {
		t.Fatalf("mlsd entries = %+v, folder ID %q", got, self)
	}
	if got[0].Name != "a;b c.txt" || got[0].Size != 42 || got[0].Perm != "rw-r-----" || got[0].Owner != "bob" ||
		!got[0].ModTime.Equal(time.Date(2026, 11, 24, 10, 30, 0, 0, time.UTC)) {
		t.Errorf("file = %+v", got[0])
	}
	if got[1].Type != Dir || got[2].Type != Link || got[2].Target != "/target" {
		t.Errorf("dir, link = %+v %+v", got[1], got[2])
	}
}

func TestListNamesAreReadByPosition(t *testing.T) {
	lines := []string{
		"-rw-r--r--    1 1000     1000            3 Nov 20 10:30  two  spaces .txt",
		"-rw-r--r--    1 1000     1000            3 Jan 02  2024 trailing  ",
		"-rw-r--r--    1 ftp ftp 3 Nov  4 09:00 -dash",
		"-rw-r--r--    1 ftp ftp 3 Nov  4 09:00  ",
		"drwxr-xr-x    2 ftp ftp 4096 Nov  4 09:00 ü d",
		"lrwxrwxrwx    1 ftp ftp 7 Nov  4 09:00  sp -> t a",
	}
	want := []string{" two  spaces .txt", "trailing  ", "-dash", " ", "ü d", " sp"}
	got, _ := parseListing([]byte(strings.Join(lines, "\r\n")+"\r\n"), false)
	if len(got) != len(want) {
		t.Fatalf("entries = %+v", got)
	}
	for i, e := range got {
		if e.Name != want[i] {
			t.Errorf("line %d: name %q, want %q", i, e.Name, want[i])
		}
	}
	if got[5].Target != "t a" {
		t.Errorf("link target %q", got[5].Target)
	}
}

func TestSafeLocalPathRefusesEverythingButOneCleanName(t *testing.T) {
	dir := t.TempDir()
	bad := []string{"", ".", "..", "../x", "a/b", "/etc/passwd", "a\x00b", "a\x1bb", "\u0085", "a\xffb"}
	good := []string{"a", "file with spaces.txt", "ü日本.txt", "...", ".hidden", "-rf", " lead", "trail "}
	if runtime.GOOS == "windows" {
		bad = append(bad, `a\b`)
	} else {
		good = append(good, `back\slash.txt`) // a legal name character here
	}
	for _, bad := range bad {
		if p, err := SafeLocalPath(dir, bad); err == nil {
			t.Errorf("%q -> %s, want refused", bad, p)
		}
	}
	for _, good := range good {
		if _, err := SafeLocalPath(dir, good); err != nil {
			t.Errorf("%q refused: %v", good, err)
		}
	}
}
