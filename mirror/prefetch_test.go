package mirror

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"ferry/session"
)

// A folder listed ahead has its subfolders listed ahead too, without the
// walk asking for them (the walk learns of them only from that listing),
// except those the walk leaves out.
func TestListingAheadGoesOnBelowWhatItListed(t *testing.T) {
	srv := embedded(t)
	for _, dir := range []string{"t/a/deep", "t/b"} {
		if err := os.MkdirAll(filepath.Join(srv.root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	pool := session.NewPool(srv.site, session.Options{DialTimeout: 10 * time.Second, IdleTimeout: 20 * time.Second})
	t.Cleanup(func() { pool.Close() })
	p := newPrefetch(context.Background(), pool, func(dir string) bool { return dir != "/t/b" })
	defer p.close()
	p.start("/t")
	for _, dir := range []string{"/t", "/t/a", "/t/a/deep"} {
		entries, ok, err := p.take(dir)
		if !ok || err != nil {
			t.Fatalf("%s was not listed ahead (%v)", dir, err)
		}
		if dir == "/t" && len(entries) != 2 {
			t.Fatalf("/t lists %d entries, want 2", len(entries))
		}
	}
	if _, ok, _ := p.take("/t/b"); ok {
		t.Fatal("/t/b, left out, was listed ahead")
	}
}
