package schedule

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/adrg/xdg"
)

// UnitDir is where systemd looks for a user's units:
// $XDG_CONFIG_HOME/systemd/user.
func UnitDir() (string, error) {
	if xdg.ConfigHome == "" {
		return "", errors.New("no config directory ($XDG_CONFIG_HOME) is known")
	}
	return filepath.Join(xdg.ConfigHome, "systemd", "user"), nil
}

// unitName is the base name of a schedule's units.
func unitName(name string) string { return "ferry-sync-" + name }

// Units are the systemd user units that run one schedule.
type Units struct {
	Service, Timer string // file contents; Timer is "" for a watch
	// Enable is the unit to enable ("ferry-sync-NAME.timer" or ".service").
	Enable string
}

// MakeUnits writes out the units for s run by the ferry binary at exe. A
// timed schedule gets a timer with Persistent=true: a run missed while the
// machine was off happens once at the next start. A watch gets a service
// that keeps running and restarts after a failure.
func MakeUnits(s Schedule, exe string) (Units, error) {
	when, err := s.When()
	if err != nil {
		return Units{}, err
	}
	if !filepath.IsAbs(exe) {
		return Units{}, fmt.Errorf("the ferry program's path %s is not absolute", exe)
	}
	base := unitName(s.Name)
	cmd := quoteExec(exe) + " schedule run "
	if when.Watch {
		return Units{
			Service: fmt.Sprintf(`[Unit]
Description=Ferry: keep %s up to date (schedule %s)

[Service]
ExecStart=%s--watch %s
Restart=on-failure
RestartSec=30

[Install]
WantedBy=default.target
`, strings.ReplaceAll(s.Task.Target, "%", "%%"), s.Name, cmd, s.Name),
			Enable: base + ".service",
		}, nil
	}
	calendar := when.onCalendar()
	run := cmd + s.Name
	if calendar == "" { // an interval systemd cannot spell: wake each minute, run when due
		calendar = "minutely"
		run = cmd + "--if-due " + s.Name
	}
	return Units{
		Service: fmt.Sprintf(`[Unit]
Description=Ferry: sync schedule %s

[Service]
Type=oneshot
ExecStart=%s
`, s.Name, run),
		Timer: fmt.Sprintf(`[Unit]
Description=Ferry: run the sync schedule %s (%s)

[Timer]
OnCalendar=%s
Persistent=true

[Install]
WantedBy=timers.target
`, s.Name, s.Every, calendar),
		Enable: base + ".timer",
	}, nil
}

// Install writes s's units into dir and returns the files written.
func Install(s Schedule, exe, dir string) (Units, []string, error) {
	u, err := MakeUnits(s, exe)
	if err != nil {
		return u, nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return u, nil, err
	}
	base := filepath.Join(dir, unitName(s.Name))
	files := []string{base + ".service"}
	if err := os.WriteFile(files[0], []byte(u.Service), 0o644); err != nil {
		return u, nil, err
	}
	if u.Timer != "" {
		files = append(files, base+".timer")
		if err := os.WriteFile(files[1], []byte(u.Timer), 0o644); err != nil {
			return u, files[:1], err
		}
	}
	return u, files, nil
}

// quoteExec quotes a path for ExecStart= (systemd's quoting, % doubled).
func quoteExec(p string) string {
	p = strings.ReplaceAll(p, `\`, `\\`)
	p = strings.ReplaceAll(p, `"`, `\"`)
	p = strings.ReplaceAll(p, "%", "%%")
	return `"` + p + `"`
}
