package queue

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

// A limit set while a transfer runs applies to it: a download held to
// 16 KiB/s (four minutes for its 4 MiB) finishes once the limit is lifted.
func TestARateLimitChangesWhileATransferRuns(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	data := bytes.Repeat([]byte("ferry"), 4<<20/5)
	writeFile(t, filepath.Join(srv.Root, "big"), data)
	q := newQueue(t, embeddedSite(srv, 1), Options{Workers: 1, RateLimit: 16 << 10})
	if q.RateLimit() != 16<<10 {
		t.Fatalf("limit %d", q.RateLimit())
	}
	local := filepath.Join(t.TempDir(), "big")
	if err := q.Download(testKey, "/big", local, false); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if s := q.Snapshot(); len(s.Jobs) == 1 && s.Jobs[0].State == Running && s.Jobs[0].Done > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the download did not start")
		}
	}
	q.SetRateLimit(0)
	if q.RateLimit() != 0 {
		t.Fatalf("limit after lifting it: %d", q.RateLimit())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := q.Wait(ctx); err != nil {
		t.Fatalf("the download was still held to the old limit: %v", err)
	}
	got, err := os.ReadFile(local)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("downloaded %d bytes, err %v", len(got), err)
	}
}

// A site's own limit holds that site's transfers and no other's, and lifting
// it frees a running transfer.
func TestASiteRateLimitHoldsOnlyThatSite(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	data := bytes.Repeat([]byte("ferry"), 4<<20/5)
	writeFile(t, filepath.Join(srv.Root, "big"), data)
	q := newQueue(t, embeddedSite(srv, 1), Options{Workers: 1})
	dir := t.TempDir()

	q.SetSiteRateLimit("another site", 16<<10)
	if err := q.Download(testKey, "/big", filepath.Join(dir, "free"), false); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := q.Wait(ctx); err != nil {
		t.Fatalf("another site's limit held this site's download: %v", err)
	}

	q.SetSiteRateLimit(testKey, 16<<10) // four minutes for 4 MiB
	local := filepath.Join(dir, "held")
	if err := q.Download(testKey, "/big", local, false); err != nil {
		t.Fatal(err)
	}
	held, cancelHeld := context.WithTimeout(context.Background(), time.Second)
	defer cancelHeld()
	if err := q.Wait(held); err == nil {
		t.Fatal("a 4 MiB download limited to 16 KiB/s finished within a second")
	}
	q.SetSiteRateLimit(testKey, 0)
	if err := q.Wait(ctx); err != nil {
		t.Fatalf("the download was still held after the site's limit was lifted: %v", err)
	}
	if got, err := os.ReadFile(local); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("downloaded %d bytes, err %v", len(got), err)
	}
}
