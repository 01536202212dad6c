package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// An idle window costs next to nothing, also with a text field focused
// (the blinking caret used to redraw the window for a fifth of every
// second). It runs the real binary on the X display in $DISPLAY (an Xvfb
// for instance) and needs xdotool to click into the quickconnect host
// field; it reports the percent of one core the process used while idle.
func BenchmarkIdleWindowCPU(b *testing.B) {
	if os.Getenv("DISPLAY") == "" {
		b.Skip("needs an X display (DISPLAY), e.g. Xvfb :94 & DISPLAY=:94")
	}
	xdotool, err := exec.LookPath("xdotool")
	if err != nil {
		b.Skip("needs xdotool to focus a text field")
	}
	home := b.TempDir()
	bin := filepath.Join(home, "ferry")
	if out, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, "ferry").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "HOME="+home)
	for _, v := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"} {
		cmd.Env = append(cmd.Env, v+"="+filepath.Join(home, strings.ToLower(v)))
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	const settle, span = 5 * time.Second, 10 * time.Second
	time.Sleep(settle) // the window opens and the demo server's first listing arrives

	b.ResetTimer()
	unfocused := coreShare(b, cmd.Process.Pid, span)
	// The quickconnect host field sits under the toolbar, at the left.
	click := exec.Command(xdotool, "search", "--sync", "--pid", strconv.Itoa(cmd.Process.Pid), "--name", "Ferry",
		"mousemove", "--window", "%1", "150", "89", "click", "1")
	if out, err := click.CombinedOutput(); err != nil {
		b.Fatalf("xdotool: %v\n%s", err, out)
	}
	time.Sleep(time.Second)
	focused := coreShare(b, cmd.Process.Pid, span)
	b.StopTimer()
	fmt.Printf("\nidle window: %.2f%% of a core, with a text field focused %.2f%%\n", unfocused, focused)
	b.ReportMetric(unfocused, "%core-idle")
	b.ReportMetric(focused, "%core-focused")
}

// coreShare is the percent of one core pid used (user+system) over span.
func coreShare(b *testing.B, pid int, span time.Duration) float64 {
	b.Helper()
	before := cpuTicks(b, pid)
	time.Sleep(span)
	after := cpuTicks(b, pid)
	const ticksPerSecond = 100 // USER_HZ on Linux
	return float64(after-before) / ticksPerSecond / span.Seconds() * 100
}

// cpuTicks reads utime+stime from /proc/PID/stat.
func cpuTicks(b *testing.B, pid int) int64 {
	b.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	fields := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+2:]))
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return utime + stime
}
