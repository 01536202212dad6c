package schedule

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// watchRuns starts Watch on dir and reports each run, with the bytes of
// name at that moment.
func watchRuns(t *testing.T, dir, name string, settle time.Duration) <-chan []byte {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	runs := make(chan []byte, 10)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		err := Watch(ctx, dir, settle, func(context.Context) {
			data, _ := os.ReadFile(filepath.Join(dir, name))
			runs <- data
		})
		if err != nil {
			t.Error(err)
		}
	}()
	t.Cleanup(func() { cancel(); wg.Wait() })
	return runs
}

// settled waits for the watcher to be ready: a first file written before
// the watch might be missed, so write until one run comes.
func settled(t *testing.T, dir string, runs <-chan []byte) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		os.WriteFile(filepath.Join(dir, "ready"), []byte("x"), 0o644)
		select {
		case <-runs:
			return
		case <-time.After(time.Second):
		}
	}
	t.Fatal("the watch never ran")
}

func TestABurstOfSavesIsOneRun(t *testing.T) {
	dir := t.TempDir()
	settle := 300 * time.Millisecond
	runs := watchRuns(t, dir, "page.html", settle)
	settled(t, dir, runs)
	for i, text := range []string{"one", "two", "three"} {
		os.WriteFile(filepath.Join(dir, "page.html"), []byte(text), 0o644)
		if i < 2 {
			time.Sleep(settle / 6) // a burst: quicker than the settle time
		}
	}
	select {
	case data := <-runs:
		if string(data) != "three" {
			t.Fatalf("the run saw %q; want the last save", data)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no run after the burst")
	}
	select {
	case data := <-runs:
		t.Fatalf("a second run for one burst (saw %q)", data)
	case <-time.After(3 * settle):
	}
}

func TestAFileBeingWrittenIsNotRunHalfWay(t *testing.T) {
	dir := t.TempDir()
	settle := 400 * time.Millisecond
	runs := watchRuns(t, dir, "sub/big.bin", settle)
	settled(t, dir, runs)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755) // a new folder is watched too
	f, err := os.Create(filepath.Join(dir, "sub", "big.bin"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 64<<10)
	for range 12 { // about a second of writing, each pause shorter than settle
		f.Write(chunk)
		select {
		case data := <-runs:
			t.Fatalf("ran while the file was being written (%d bytes)", len(data))
		case <-time.After(settle / 4):
		}
	}
	f.Close()
	select {
	case data := <-runs:
		if len(data) != 12*len(chunk) {
			t.Fatalf("the run saw %d bytes; want %d", len(data), 12*len(chunk))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no run after the file was written")
	}
}
