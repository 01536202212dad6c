package ui

import (
	"context"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// The window's heap ceiling: Go lets the heap grow to twice what is live
// before collecting (GOGC=100), and a 100,000-file queue keeps about 95 MB
// live, so the window peaked near 200 MB of heap. A soft memory limit of
// half again what is live, re-read every few seconds, keeps it near 1.5×;
// following the live heap (never a fixed number) means a queue of a million
// files costs more memory, not a collector that runs without end.
const (
	memoryFloor    = 128 << 20 // below this the limit never goes: idle costs no extra collections
	memoryInterval = 2 * time.Second
)

// limitMemory adjusts the soft memory limit until ctx ends; a GOMEMLIMIT
// the user set is left alone.
func limitMemory(ctx context.Context) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	tick := time.NewTicker(memoryInterval)
	defer tick.Stop()
	for {
		metrics.Read(sample)
		debug.SetMemoryLimit(memoryLimitFor(sample[0].Value.Uint64()))
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// memoryLimitFor is the limit for a live heap of live bytes.
func memoryLimitFor(live uint64) int64 {
	return max(memoryFloor, int64(live+live/2))
}
