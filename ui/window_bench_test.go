package ui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
