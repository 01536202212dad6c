package bench

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"text/tabwriter"
	"time"

	"ferry/internal/ftptest"
)

// run is one tool's run of one task, with what it cost: wall time, the
// FTP commands the server logged, processor time on both sides, and the
// client's peak memory.
type run struct {
	task, tool string
	seconds    float64
	units      float64 // files or bytes moved
	unit       string  // "files/s" or "MB/s"
	commands   int     // -1: the server logged none
	clientCPU  float64 // seconds, user and system, the tool and its children
	serverCPU  float64 // seconds, the server and its finished sessions
	peakRSS    int64   // bytes, the tool's largest resident set
	machine    machineTime
}

func (r run) rate() float64 {
	if r.unit == "MB/s" {
		return r.units / 1e6 / r.seconds
	}
	return r.units / r.seconds
}

// runner runs tools against one server and keeps their results.
type runner struct {
	b    *testing.B
	srv  *ftptest.Server
	runs []run
}

// measure runs argv as tool for task, which moves units of unit.
func (r *runner) measure(task, tool string, units float64, unit string, argv []string, env ...string) run {
	r.b.Helper()
	syscall.Sync() // nothing dirty left by the run before
	logStart := logSize(r.srv)
	cpuStart := r.srv.CPUTime()
	cmd := exec.Command(argv[0], argv[1:]...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Env = append(append(os.Environ(), "LANG=C.UTF-8"), env...)
	machineStart := readMachineTime(r.b)
	start := time.Now()
	if err := cmd.Run(); err != nil {
		r.b.Fatalf("%s %s: %v\n%s", tool, task, err, out.String())
	}
	res := run{task: task, tool: tool, seconds: time.Since(start).Seconds(), units: units, unit: unit, commands: -1}
	res.machine = readMachineTime(r.b).since(machineStart)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.clientCPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
		res.peakRSS = ru.Maxrss << 10
	}
	res.serverCPU = settledCPU(r.srv, cpuStart)
	if r.srv.CommandLog != "" {
		res.commands = countCommands(r.b, r.srv.CommandLog, logStart)
	}
	r.runs = append(r.runs, res)
	return res
}

// machineTime is what every processor of the machine did, in seconds:
// busy (any process, the kernel, interrupts) and idle.
type machineTime struct{ busy, idle float64 }

// readMachineTime reads the totals of /proc/stat's first line.
func readMachineTime(b *testing.B) machineTime {
	b.Helper()
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		b.Fatal(err)
	}
	line, _, _ := strings.Cut(string(data), "\n")
	// cpu user nice system idle iowait irq softirq steal ...: clock ticks.
	var m machineTime
	for i, field := range strings.Fields(line)[1:] {
		ticks, err := strconv.ParseFloat(field, 64)
		if err != nil || i > 6 { // steal and guest: not this machine's work
			break
		}
		if i == 3 || i == 4 {
			m.idle += ticks / 100 // USER_HZ
		} else {
			m.busy += ticks / 100
		}
	}
	return m
}

func (m machineTime) since(start machineTime) machineTime {
	return machineTime{busy: m.busy - start.busy, idle: m.idle - start.idle}
}

// settledCPU waits briefly for the server's sessions of the run to end
// (their time is counted once they are reaped) and returns the time used
// since start.
func settledCPU(srv *ftptest.Server, start time.Duration) float64 {
	last := srv.CPUTime()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond) // sessions end on their own; nothing to wait on
		now := srv.CPUTime()
		if now == last {
			break
		}
		last = now
	}
	return (last - start).Seconds()
}

func logSize(srv *ftptest.Server) int64 {
	if srv.CommandLog == "" {
		return 0
	}
	fi, err := os.Stat(srv.CommandLog)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// countCommands counts the commands vsftpd logged after offset.
func countCommands(b *testing.B, path string, offset int64) int {
	b.Helper()
	// The log is written as sessions go; give the last ones a moment.
	var n int
	for deadline := time.Now().Add(2 * time.Second); ; {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		now := bytes.Count(data[min(offset, int64(len(data))):], []byte("FTP command:"))
		if now == n && n > 0 || time.Now().After(deadline) {
			return now
		}
		n = now
		time.Sleep(100 * time.Millisecond) // polling a log file
	}
}

// reportRuns prints every run of every task, with the first tool's ratio to
// each (rates: higher is better).
func reportRuns(b *testing.B, title string, runs []run) {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "task\ttool\tseconds\trate\tratio\tcmds/file\tclient CPU s\tserver CPU s\tpeak RSS")
	first := map[string]run{}
	for _, r := range runs {
		if _, ok := first[r.task]; !ok {
			first[r.task] = r
		}
	}
	for _, r := range runs {
		f := first[r.task]
		cmds := "-"
		if r.commands >= 0 && r.unit == "files/s" {
			cmds = fmt.Sprintf("%.2f", float64(r.commands)/r.units)
		}
		fmt.Fprintf(tw, "%s\t%s\t%.2f\t%.1f %s\t%.2fx\t%s\t%.2f\t%.2f\t%d MB\n", r.task, r.tool, r.seconds, r.rate(),
			r.unit, f.rate()/r.rate(), cmds, r.clientCPU, r.serverCPU, r.peakRSS>>20)
		if r.tool != f.tool {
			name := strings.ReplaceAll(r.task+"/"+f.tool+"-vs-"+r.tool, " ", "-")
			b.ReportMetric(f.rate()/r.rate(), name)
		}
	}
	tw.Flush()
	fmt.Printf("\n%s (ratio: %s's rate over each tool's)\n%s", title, runs[0].tool, buf.String())
}

// reportMachine splits the machine's processor time during each run between
// the client, the server and the rest (the kernel's network work and
// writeback, server processes its master does not count). When the machine was busy throughout, the
// server's share bounds what any client can reach: a client that cost
// nothing would free only its own share, so "best ×" = busy / (busy −
// client) is the most any client could gain over this run.
func reportMachine(runs []run) {
	fmt.Println("\nThe machine's processor time during each run (busy: of all its processors' time):")
	fmt.Printf("  %-24s %-6s %5s %7s %7s %6s %7s\n", "task", "tool", "busy", "client", "server", "rest", "best ×")
	for _, r := range runs {
		m := r.machine
		if m.busy <= r.clientCPU {
			continue
		}
		fmt.Printf("  %-24s %-6s %4.0f%% %6.0f%% %6.0f%% %5.0f%% %6.2fx\n", r.task, r.tool,
			100*m.busy/(m.busy+m.idle), 100*r.clientCPU/m.busy, 100*r.serverCPU/m.busy,
			100*max(0, m.busy-r.clientCPU-r.serverCPU)/m.busy, m.busy/(m.busy-r.clientCPU))
	}
}

// fileSum is the SHA-256 of the file at path, in hex.
func fileSum(b *testing.B, path string) string {
	b.Helper()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		b.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// writeRandomFile writes size pseudo-random bytes (not sparse).
func writeRandomFile(b *testing.B, path string, size int64) {
	b.Helper()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rng := rand.New(rand.NewPCG(5, 6))
	block := make([]byte, 1<<20)
	for i := range block {
		block[i] = byte(rng.Uint32())
	}
	for i := int64(0); i < size; i += int64(len(block)) {
		block[0] = byte(i >> 20)
		if _, err := f.Write(block[:min(int64(len(block)), size-i)]); err != nil {
			b.Fatal(err)
		}
	}
}

// lftpArgs runs script in lftp against srv (plain FTP, or TLS when the
// server requires it, trusting its test certificate).
func lftpArgs(srv *ftptest.Server, host, script string) []string {
	settings := "set ftp:ssl-allow no; "
	if srv.TLS {
		settings = "set ftp:ssl-force yes; set ftp:ssl-protect-data yes; set ssl:verify-certificate no; "
	}
	return []string{"lftp", "-u", srv.User + "," + srv.Password, "-p", fmt.Sprint(srv.Port),
		"-e", settings + "set cmd:fail-exit yes; " + script + "; quit", host}
}

// rcloneRemote is an rclone connection string for srv (plain FTP).
func rcloneRemote(b *testing.B, srv *ftptest.Server) string {
	b.Helper()
	out, err := exec.Command("rclone", "obscure", srv.Password).Output()
	if err != nil {
		b.Fatalf("rclone obscure: %v", err)
	}
	return fmt.Sprintf(":ftp,host=%s,port=%d,user=%s,pass=%s:", srv.Host, srv.Port, srv.User,
		strings.TrimSpace(string(out)))
}

// requireTools fails the benchmark when a tool compared is missing.
func requireTools(b *testing.B, tools ...string) {
	b.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			b.Fatalf("%s is not installed (make bench installs it)", tool)
		}
	}
}

// emptyFiles writes n empty files into dir.
func emptyFiles(b *testing.B, dir string, n int) {
	b.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	for i := range n {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("e%06d", i)))
		if err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
