package fynecache_test

import (
	"os"
	"testing"
	"time"
	_ "unsafe" // go:linkname

	_ "fyne.io/fyne/v2/widget" // links Fyne's cache, which reads FYNE_CACHE

	"ferry/internal/fynecache"
)

// fyneKeeps is the duration Fyne's cache settled on while it initialised.
//
//go:linkname fyneKeeps fyne.io/fyne/v2/internal/cache.ValidDuration
var fyneKeeps time.Duration

func TestFyneReadsTheShorterCacheTime(t *testing.T) {
	if v := os.Getenv("FYNE_CACHE"); v != "" && v != fynecache.Keep {
		t.Skipf("FYNE_CACHE=%s was set before the test started", v)
	}
	want, _ := time.ParseDuration(fynecache.Keep)
	if fyneKeeps != want {
		t.Fatalf("Fyne keeps what it drew for %v, want %v: this package did not initialise first", fyneKeeps, want)
	}
}
