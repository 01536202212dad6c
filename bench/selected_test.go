package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"ferry/internal/ftptest"
	"ferry/queue"
	"ferry/session"
)

// 200 files of 8 KiB chosen in the window and uploaded into one server
// folder, over a 50 ms round trip at 8 parallel: each file queued on its
// own (its target asked about when it runs, as the window did) against all
// of them checked against one listing of the folder (queue.UploadFiles).
func BenchmarkSelectedFilesOverWAN(b *testing.B) {
	const files = 200
	srv := ftptest.VsftpdWith(b, ftptest.VsftpdOptions{PasvAddress: "127.0.0.2"})
	host := startWAN(b, srv, 50*time.Millisecond)
	src := filepath.Join(b.TempDir(), "src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		b.Fatal(err)
	}
	data := make([]byte, smallFileSize)
	var locals []string
	for i := range files {
		data[0] = byte(i)
		p := filepath.Join(src, fmt.Sprintf("s%03d.bin", i))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			b.Fatal(err)
		}
		locals = append(locals, p)
	}
	site := session.Site{Name: "wan", Protocol: session.FTP, Host: host, Port: srv.Port, Logon: session.Normal,
		User: srv.User, Password: srv.Password, AllowPlainPassword: true, MaxConns: parallel}
	ways := []struct {
		name  string
		queue func(q *queue.Queue, dir string) error
	}{
		{"each file on its own", func(q *queue.Queue, dir string) error {
			for _, l := range locals {
				if err := q.Upload("wan", l, dir+"/"+filepath.Base(l), false); err != nil {
					return err
				}
			}
			return nil
		}},
		{"one listing for all", func(q *queue.Queue, dir string) error { return q.UploadFiles("wan", locals, dir) }},
	}
	seconds := make([]float64, len(ways))
	b.ResetTimer()
	for i := range b.N {
		for w, way := range ways {
			pool := session.NewPool(site, session.Options{DialTimeout: 10 * time.Second, IdleTimeout: 20 * time.Second})
			q, err := queue.New(queue.Options{Workers: parallel, Policy: queue.PolicyOverwrite,
				Connect: func(string) (*session.Pool, error) { return pool, nil }})
			if err != nil {
				b.Fatal(err)
			}
			dir := fmt.Sprintf("/sel%d-%d", i, w)
			if err := os.Mkdir(filepath.Join(srv.Root, dir), 0o755); err != nil {
				b.Fatal(err)
			}
			srv.Chown(b)
			start := time.Now()
			if err := way.queue(q, dir); err != nil {
				b.Fatal(err)
			}
			if err := q.Wait(context.Background()); err != nil {
				b.Fatal(err)
			}
			seconds[w] += time.Since(start).Seconds()
			for _, j := range q.Snapshot().Jobs {
				if j.State != queue.Done {
					b.Fatalf("%s: %s is %v: %s", way.name, j.Remote, j.State, j.Err)
				}
			}
			q.Close()
			pool.Close()
		}
	}
	b.StopTimer()
	fmt.Printf("\n%d × 8 KiB selected files up, 50 ms round trip, %d parallel:\n", files, parallel)
	for w, way := range ways {
		fmt.Printf("  %-22s %.2f s\n", way.name, seconds[w]/float64(b.N))
	}
	b.ReportMetric(seconds[0]/seconds[1], "one-listing-speedup")
}
