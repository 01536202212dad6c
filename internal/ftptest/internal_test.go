package ftptest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeTB records how a helper ended the test instead of ending it.
type fakeTB struct {
	testing.TB
	fatal, skip string
}

func (f *fakeTB) Helper()                           {}
func (f *fakeTB) Fatalf(format string, args ...any) { f.fatal = format }
func (f *fakeTB) Skipf(format string, args ...any)  { f.skip = format }

func TestAMissingServerFailsUnderCIAndSkipsOtherwise(t *testing.T) {
	t.Setenv("CI", "true")
	underCI := &fakeTB{TB: t}
	missing(underCI, "no server")
	if underCI.fatal == "" || underCI.skip != "" {
		t.Errorf("with CI=true: fatal %q, skip %q; want a failure", underCI.fatal, underCI.skip)
	}
	t.Setenv("CI", "")
	local := &fakeTB{TB: t}
	missing(local, "no server")
	if local.skip == "" || local.fatal != "" {
		t.Errorf("without CI: fatal %q, skip %q; want a skip", local.fatal, local.skip)
	}
}

func TestPureFTPdIsFoundOnPathThenEnvThenCache(t *testing.T) {
	bin := t.TempDir()
	fake := filepath.Join(bin, "pure-ftpd")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	if got, err := pureFTPdBinary(); err != nil || got != fake {
		t.Fatalf("on PATH: %q, %v; want %q", got, err, fake)
	}
	t.Setenv("PATH", t.TempDir())
	t.Setenv("FERRY_PUREFTPD", fake)
	if got, err := pureFTPdBinary(); err != nil || got != fake {
		t.Fatalf("from FERRY_PUREFTPD: %q, %v; want %q", got, err, fake)
	}
	t.Setenv("FERRY_PUREFTPD", "")
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	got, err := pureFTPdBinary()
	want := filepath.Join(root, ".cache", "pure-ftpd", "usr", "sbin", "pure-ftpd")
	if got != want && (err == nil || !strings.Contains(err.Error(), want)) {
		t.Fatalf("from the cache: %q, %v; want %q or an error naming it", got, err, want)
	}
}

func TestXferlogLinesAreParsed(t *testing.T) {
	line := "Wed Nov 25 01:45:56 2026 1 127.0.0.1 1199000 /sub_dir/file_??.txt b _ o r ferry0d ftp 0 * c"
	x, ok := parseXferLine(line)
	if !ok || x.bytes != 1199000 || x.direction != "o" || x.path != "/sub_dir/file_??.txt" {
		t.Fatalf("parsed %+v, %v", x, ok)
	}
	if got := xferlogName("/sub dir/file ü.txt"); got != "/sub_dir/file_??.txt" {
		t.Fatalf("xferlogName = %q", got)
	}
	if _, ok := parseXferLine("not a transfer"); ok {
		t.Fatal("a short line parsed")
	}
}
