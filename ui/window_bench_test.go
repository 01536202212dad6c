package ui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"ferry/internal/ftptest"
	"ferry/session"
)

// The window adds no per-file cost: 2,000 small files selected in the local
// pane and sent with the context menu's Upload, against "ferry put -r" of
// the same folder, on the same vsftpd, in one run.
func BenchmarkWindowUploadVersusCommandLine(b *testing.B) {
	const files, size = 2000, 8 << 10
	home := b.TempDir()
	for _, v := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"} {
		b.Setenv(v, filepath.Join(home, strings.ToLower(v)))
	}
	bin := filepath.Join(b.TempDir(), "ferry")
	build := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, "ferry")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	srv := ftptest.Vsftpd(b, false)
	src := filepath.Join(b.TempDir(), "src")
	os.MkdirAll(src, 0o755)
	data := make([]byte, size)
	for i := range files {
		data[0] = byte(i)
		os.WriteFile(filepath.Join(src, fmt.Sprintf("f%04d.bin", i)), data, 0o644)
	}

	start := time.Now()
	cli := exec.Command(bin, "put", "-r", "-q", "-j", "4", src,
		fmt.Sprintf("ftp://%s:%s@%s/cli", srv.User, srv.Password, srv.Addr()))
	cli.Env = append(os.Environ(), "LANG=C.UTF-8")
	if out, err := cli.CombinedOutput(); err != nil {
		b.Fatalf("ferry put: %v\n%s", err, out)
	}
	cliTime := time.Since(start)

	a := test.NewTempApp(b)
	env, err := openEnv(a)
	if err != nil {
		b.Fatal(err)
	}
	var w *mainWindow
	inUI(func() { w = newMainWindow(a, env) })
	site := session.Site{Name: "bench", Protocol: session.FTP, Host: srv.Host, Port: srv.Port, Logon: session.Normal,
		User: srv.User, Password: srv.Password, AllowPlainPassword: true, RemoteDir: "/"}
	key := env.Sessions.Add(site)
	pool, err := env.Sessions.Pool(key)
	if err != nil {
		b.Fatal(err)
	}
	if err := pool.Browse(context.Background(), func(c *session.Conn) error { return c.Mkdir("/window") }); err != nil {
		b.Fatal(err)
	}
	var remoteEntries []session.Entry
	inUI(func() {
		w.addTab(site, key, pool, "/window", remoteEntries)
		w.local.show(src, mustListB(b, src))
		w.local.selectAll()
	})

	b.ResetTimer()
	start = time.Now()
	inUI(func() { w.local.transferSelection() })
	if err := env.Queue.Wait(context.Background()); err != nil {
		b.Fatal(err)
	}
	windowTime := time.Since(start)
	b.StopTimer()
	if s := env.Queue.Snapshot().Totals; s.Done != files {
		b.Fatalf("window uploaded %d of %d files (%d failed)", s.Done, files, s.Failed)
	}
	inUI(w.close)
	fmt.Printf("\n2000 small files up: ferry put -r %.2f s, window %.2f s (window/cli %.2f)\n",
		cliTime.Seconds(), windowTime.Seconds(), windowTime.Seconds()/cliTime.Seconds())
	b.ReportMetric(windowTime.Seconds()/cliTime.Seconds(), "window/cli")
}

func mustListB(b *testing.B, dir string) []session.Entry {
	e, err := localSource{}.list(context.Background(), dir)
	if err != nil {
		b.Fatal(err)
	}
	return e
}

// 100,000 empty files in one folder, queued from the window with one
// Upload of the folder: the time until the first file is done and shown in
// the queue panel, the longest time the window's main goroutine was busy
// (a click waits that long at worst), and the peak memory of the process
// while the window queues and uploads.
func BenchmarkWindowQueuesHundredThousandFiles(b *testing.B) {
	const files = 100_000
	home := b.TempDir()
	for _, v := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"} {
		b.Setenv(v, filepath.Join(home, strings.ToLower(v)))
	}
	srv := ftptest.Vsftpd(b, false)
	parent := b.TempDir()
	many := filepath.Join(parent, "many")
	os.MkdirAll(many, 0o755)
	for i := range files {
		f, err := os.Create(filepath.Join(many, fmt.Sprintf("e%06d", i)))
		if err != nil {
			b.Fatal(err)
		}
		f.Close()
	}

	a := test.NewTempApp(b)
	env, err := openEnv(a)
	if err != nil {
		b.Fatal(err)
	}
	var w *mainWindow
	inUI(func() { w = newMainWindow(a, env) })
	site := session.Site{Name: "bench", Protocol: session.FTP, Host: srv.Host, Port: srv.Port, Logon: session.Normal,
		User: srv.User, Password: srv.Password, AllowPlainPassword: true, RemoteDir: "/"}
	key := env.Sessions.Add(site)
	pool, err := env.Sessions.Pool(key)
	if err != nil {
		b.Fatal(err)
	}
	inUI(func() {
		w.addTab(site, key, pool, "/", nil)
		w.local.show(parent, mustListB(b, parent))
		w.local.selectAll()
	})
	runtime.GC()
	resetPeakRSS(b)
	stalls := watchMainGoroutine()

	b.ResetTimer()
	start := time.Now()
	inUI(func() { w.local.transferSelection() })
	var firstShown time.Duration
	for firstShown == 0 {
		inUI(func() {
			if w.queue.tabs[2].count > 0 { // the Successful tab
				firstShown = time.Since(start)
			}
		})
		time.Sleep(5 * time.Millisecond) // polling what the panel shows
	}
	if err := env.Queue.Wait(context.Background()); err != nil {
		b.Fatal(err)
	}
	total := time.Since(start)
	b.StopTimer()
	longest := stalls()
	peak := peakRSS(b)
	if s := env.Queue.Snapshot().Totals; s.Done != files {
		b.Fatalf("the window uploaded %d of %d files (%d failed)", s.Done, files, s.Failed)
	}
	inUI(w.close)
	fmt.Printf("\n100,000 empty files queued from the window: first shown done after %.2f s, all in %.1f s, "+
		"longest main-goroutine stall %d ms, peak RSS %d MB\n",
		firstShown.Seconds(), total.Seconds(), longest.Milliseconds(), peak>>20)
	b.ReportMetric(firstShown.Seconds(), "s-to-first")
	b.ReportMetric(float64(longest.Milliseconds()), "ms-longest-stall")
	b.ReportMetric(float64(peak>>20), "MB-peak-RSS")
}

// watchMainGoroutine asks for the main goroutine every 10 ms and records
// the longest wait; the returned func stops and returns it.
func watchMainGoroutine() func() time.Duration {
	stop := make(chan struct{})
	result := make(chan time.Duration)
	go func() {
		var longest time.Duration
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				result <- longest
				return
			case <-tick.C:
			}
			asked := time.Now()
			inUI(func() {})
			longest = max(longest, time.Since(asked))
		}
	}()
	return func() time.Duration { close(stop); return <-result }
}

// resetPeakRSS starts the process's peak resident set afresh (Linux).
func resetPeakRSS(b *testing.B) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("cannot reset the peak RSS: %v", err)
	}
}

// peakRSS is the process's peak resident set (VmHWM) in bytes.
func peakRSS(b *testing.B) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb)
			return kb << 10
		}
	}
	return 0
}
