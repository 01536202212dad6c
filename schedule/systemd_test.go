package schedule

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestTimedSchedulesGetAPersistentTimer(t *testing.T) {
	dir := t.TempDir()
	u, files, err := Install(backup("nightly", "mon-fri@18:00"), "/opt/my ferry/ferry", dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || u.Enable != "ferry-sync-nightly.timer" {
		t.Fatalf("files %v, enable %q", files, u.Enable)
	}
	timer, _ := os.ReadFile(filepath.Join(dir, "ferry-sync-nightly.timer"))
	service, _ := os.ReadFile(filepath.Join(dir, "ferry-sync-nightly.service"))
	for _, want := range []string{"OnCalendar=Mon,Tue,Wed,Thu,Fri *-*-* 18:00:00\n", "Persistent=true\n", "WantedBy=timers.target\n"} {
		if !strings.Contains(string(timer), want) {
			t.Errorf("the timer lacks %q:\n%s", want, timer)
		}
	}
	if !strings.Contains(string(service), "ExecStart=\"/opt/my ferry/ferry\" schedule run nightly\n") ||
		!strings.Contains(string(service), "Type=oneshot") {
		t.Errorf("service:\n%s", service)
	}
	if analyze, err := exec.LookPath("systemd-analyze"); err == nil {
		out, err := exec.Command(analyze, "calendar", "Mon,Tue,Wed,Thu,Fri *-*-* 18:00:00").CombinedOutput()
		if err != nil {
			t.Fatalf("systemd-analyze refuses the calendar: %v %s", err, out)
		}
	}

	// An interval systemd cannot spell wakes each minute and runs when due.
	u, _, err = Install(backup("odd", "7m"), "/usr/bin/ferry", dir)
	if err != nil || !strings.Contains(u.Timer, "OnCalendar=minutely\n") || !strings.Contains(u.Service, "schedule run --if-due odd\n") {
		t.Fatalf("7m: %v\n%s%s", err, u.Timer, u.Service)
	}
}

func TestAWatchGetsAServiceThatKeepsRunning(t *testing.T) {
	u, files, err := Install(backup("web", "watch"), "/usr/bin/ferry", t.TempDir())
	if err != nil || len(files) != 1 || u.Timer != "" || u.Enable != "ferry-sync-web.service" {
		t.Fatalf("%v %v %+v", err, files, u)
	}
	for _, want := range []string{"ExecStart=\"/usr/bin/ferry\" schedule run --watch web\n", "Restart=on-failure\n", "WantedBy=default.target\n"} {
		if !strings.Contains(u.Service, want) {
			t.Errorf("the service lacks %q:\n%s", want, u.Service)
		}
	}
	if _, err := MakeUnits(backup("x", "1h"), "relative/ferry"); err == nil {
		t.Fatal("a relative program path was accepted")
	}
}
