package queue

import (
	"math"
	"path/filepath"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

func TestSpeedMeterSettlesOnTheSteadyRate(t *testing.T) {
	var m speedMeter
	start := time.Unix(1000, 0)
	m.sample(start, 0)
	var got float64
	for i := 1; i <= 300; i++ { // 30 s at 1 MB/s, sampled at 10 Hz
		got = m.sample(start.Add(time.Duration(i)*100*time.Millisecond), int64(i)*100_000)
	}
	if math.Abs(got-1e6) > 1e4 {
		t.Fatalf("speed = %.0f, want about 1000000", got)
	}
	// Ten seconds stalled bring the estimate down, without a jump to zero.
	got = m.sample(start.Add(40*time.Second), 300*100_000)
	if got <= 0 || got >= 0.5e6 {
		t.Fatalf("speed after a 10 s stall = %.0f, want well below 1 MB/s but above 0", got)
	}
	if d := eta(2e6, 1e6); d != 2*time.Second {
		t.Fatalf("eta = %v, want 2s", d)
	}
}

func TestAnUnreadSubscriptionNeverHoldsTheQueueBack(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	for i := range 50 {
		writeFile(t, filepath.Join(srv.Root, "d", string(rune('a'+i%26))+string(rune('a'+i/26))), randomBytes(uint64(i), 4096))
	}
	q := newQueue(t, embeddedSite(srv, 2), Options{})
	snaps, cancel := q.Subscribe(time.Millisecond) // never read until the end
	defer cancel()
	if err := q.Download(testKey, "/d", filepath.Join(t.TempDir(), "d"), true); err != nil {
		t.Fatal(err)
	}
	final := wait(t, q)
	requireAll(t, final, Done)

	// What waits in the channel is at most one interval old: reading it and
	// the next one shows the finished queue.
	deadline := time.After(time.Minute)
	for {
		select {
		case s := <-snaps:
			if s.Seq >= final.Seq && s.Totals.Done == 50 {
				return
			}
		case <-deadline:
			t.Fatal("the subscription never delivered the finished queue")
		}
	}
}
