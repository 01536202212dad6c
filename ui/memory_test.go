package ui

import "testing"

func TestTheMemoryLimitFollowsTheLiveHeap(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, memoryFloor},
		{40 << 20, memoryFloor},
		{100 << 20, 150 << 20},
		{1 << 30, 1536 << 20},
	} {
		if got := memoryLimitFor(c.live); got != c.want {
			t.Errorf("live %d MiB: limit %d MiB, want %d MiB", c.live>>20, got>>20, c.want>>20)
		}
	}
}
