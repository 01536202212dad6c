package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

func TestSchedulesFromTheCommandLine(t *testing.T) {
	home := isolate(t)
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	src := filepath.Join(t.TempDir(), "src")
	writeFile(t, filepath.Join(src, "a.txt"), []byte("a"))
	writeFile(t, filepath.Join(src, "b/c.txt"), []byte("c"))
	url := ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/backup")
	dead := ftpURL("127.0.0.1", 1, "u", "secret", "/x")

	for _, args := range [][]string{
		{"schedule", "add", "docs", "15m", "--", "sync", "--delete", "--versions", "/old", src, url},
		{"schedule", "add", "broken", "daily@02:30", "--", "sync", src, dead},
		{"schedule", "add", "web", "watch", "sync", src, url},
	} {
		if code, _, errOut := run(t, args...); code != 0 {
			t.Fatalf("%v: %d %q", args, code, errOut)
		}
	}
	for _, args := range [][]string{
		{"schedule", "add", "x", "sometimes", "--", "sync", src, url},
		{"schedule", "add", "x", "watch", "--", "sync", url, src},
		{"schedule", "add", "x", "1h", "--", "get", src, url},
		{"schedule", "add", "x", "1h", "--", "sync", "--dry-run", src, url},
	} {
		if code, _, _ := run(t, args...); code != 2 {
			t.Errorf("%v was accepted", args)
		}
	}
	fi, err := os.Stat(filepath.Join(home, "xdg_config_home", "ferry", "schedules.json"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("schedules.json: %v %v", fi, err)
	}

	code, out, _ := run(t, "schedule", "list")
	if code != 0 || !strings.Contains(out, "docs    15m") || !strings.Contains(out, "due now") ||
		!strings.Contains(out, "on change") || strings.Contains(out, "secret") {
		t.Fatalf("list: %d\n%s", code, out)
	}

	// "run" with no name runs what is due: docs (never run); broken's first
	// slot is still to come, and a watch is never "due".
	code, out, errOut := run(t, "schedule", "run")
	if code != 0 || !strings.Contains(out, "docs: copied 2 new") {
		t.Fatalf("run: %d %q %q", code, out, errOut)
	}
	sameTree(t, src, filepath.Join(srv.Root, "backup"))
	if code, out, _ = run(t, "schedule", "run"); code != 0 || out != "" {
		t.Fatalf("a second run ran again: %d %q", code, out)
	}

	code, _, errOut = run(t, "schedule", "run", "broken")
	if code != 1 || !strings.Contains(errOut, "broken:") {
		t.Fatalf("run broken: %d %q", code, errOut)
	}
	_, out, _ = run(t, "schedule", "list")
	if !strings.Contains(out, "FAILED") || strings.Contains(out, "secret") {
		t.Fatalf("list after a failure:\n%s", out)
	}

	code, out, errOut = run(t, "schedule", "install", "docs")
	if code != 0 || !strings.Contains(out, "systemctl --user enable --now ferry-sync-docs.timer") {
		t.Fatalf("install: %d %q %q", code, out, errOut)
	}
	timer := readFile(t, filepath.Join(home, "xdg_config_home", "systemd", "user", "ferry-sync-docs.timer"))
	if !strings.Contains(string(timer), "Persistent=true") || !strings.Contains(string(timer), "OnCalendar=*-*-* *:00/15:00") {
		t.Fatalf("timer:\n%s", timer)
	}

	if code, _, _ = run(t, "schedule", "remove", "broken"); code != 0 {
		t.Fatal("remove")
	}
	if code, _, _ = run(t, "schedule", "run", "broken"); code != 1 {
		t.Fatal("ran a removed schedule")
	}
}
