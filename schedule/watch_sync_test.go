package schedule

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
	"ferry/mirror"
	"ferry/queue"
	"ferry/session"
)

// A watch with a real sync behind it: a page saved three times in a burst
// is uploaded once, with its last bytes, and a file being written is sent
// only once it is complete.
func TestAWatchUploadsABurstOnceAndAFileOnlyWhenWritten(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	site := session.Site{Name: "t", Protocol: session.FTP, Host: srv.Host, Port: srv.Port, Logon: session.Normal,
		User: srv.User, Password: srv.Password, AllowPlainPassword: true, MaxConns: 2}
	pool := session.NewPool(site, session.Options{DialTimeout: 5 * time.Second, IdleTimeout: 10 * time.Second})
	t.Cleanup(func() { pool.Close() })
	q, err := queue.New(queue.Options{Workers: 2, Connect: func(string) (*session.Pool, error) { return pool, nil }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	dir := t.TempDir()
	records := mirror.NewRecords(filepath.Join(t.TempDir(), "records.db"))

	var mu sync.Mutex
	uploads := map[string]int{} // path → files copied or updated
	runs := make(chan struct{}, 20)
	runSync := func(ctx context.Context) {
		var plan []mirror.Action
		_, err := mirror.Sync(ctx, mirror.Options{Direction: queue.Upload, Local: dir, Remote: "/www", SiteKey: "t",
			Pool: pool, Queue: q, Records: records, OnAction: func(a mirror.Action) { plan = append(plan, a) }})
		if err != nil && ctx.Err() == nil {
			t.Errorf("sync: %v", err)
		}
		mu.Lock()
		for _, a := range plan {
			uploads[a.Path]++
		}
		mu.Unlock()
		runs <- struct{}{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	settle := 500 * time.Millisecond
	go func() {
		defer close(done)
		if err := Watch(ctx, dir, settle, runSync); err != nil {
			t.Error(err)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	// The watch is ready when a first change makes a run.
	deadline := time.Now().Add(10 * time.Second)
	for ready := false; !ready; {
		if time.Now().After(deadline) {
			t.Fatal("the watch never ran")
		}
		os.WriteFile(filepath.Join(dir, "ready.txt"), []byte(time.Now().String()), 0o644)
		select {
		case <-runs:
			ready = true
		case <-time.After(time.Second):
		}
	}
	// A second ready run may follow the first: let the folder go quiet.
	for quiet := false; !quiet; {
		select {
		case <-runs:
		case <-time.After(3 * settle):
			quiet = true
		}
	}
	waitRun := func() {
		t.Helper()
		select {
		case <-runs:
		case <-time.After(20 * time.Second):
			t.Fatal("no run")
		}
	}

	page := filepath.Join(dir, "index.html")
	for _, text := range []string{"<p>one</p>", "<p>two</p>", "<p>three</p>"} {
		os.WriteFile(page, []byte(text), 0o644)
		time.Sleep(settle / 10) // a burst of saves
	}
	waitRun()

	f, err := os.Create(filepath.Join(dir, "big.bin"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 32<<10)
	for i := range 8 { // written over about a second, pauses shorter than settle
		chunk[0] = byte(i)
		f.Write(chunk)
		time.Sleep(settle / 4)
	}
	f.Close()
	waitRun()

	mu.Lock()
	defer mu.Unlock()
	if uploads["index.html"] != 1 || uploads["big.bin"] != 1 {
		t.Fatalf("uploads %v; want index.html and big.bin once each", uploads)
	}
	if data, _ := os.ReadFile(filepath.Join(srv.Root, "www", "index.html")); string(data) != "<p>three</p>" {
		t.Fatalf("the server has %q", data)
	}
	if fi, err := os.Stat(filepath.Join(srv.Root, "www", "big.bin")); err != nil || fi.Size() != 8*32<<10 {
		t.Fatalf("big.bin on the server: %v %v", fi, err)
	}
}
