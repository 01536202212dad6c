package queue

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
	"ferry/session"
)

func TestControlsReorderCancelRemoveAndRetry(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	for _, name := range []string{"a", "b", "c", "d"} {
		writeFile(t, filepath.Join(srv.Root, name), []byte(name))
	}
	dir := t.TempDir()
	q := newQueue(t, embeddedSite(srv, 2), Options{Workers: 1})
	q.PauseAll()
	for _, name := range []string{"a", "b", "c", "d", "late"} {
		if err := q.Download(testKey, "/"+name, filepath.Join(dir, name), false); err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]int64{}
	for _, j := range q.Snapshot().Jobs {
		ids[filepath.Base(j.Local)] = j.ID
	}
	q.MoveTop(ids["c"])
	q.MoveBottom(ids["a"])
	q.Cancel(ids["b"])
	q.Remove(ids["d"])
	var order []string
	for _, j := range q.Snapshot().Jobs {
		order = append(order, filepath.Base(j.Local))
	}
	if got := strings.Join(order, " "); got != "c b late a" {
		t.Fatalf("order = %q, want %q", got, "c b late a")
	}

	q.ResumeAll()
	snap := wait(t, q)
	states := map[string]State{}
	for _, j := range snap.Jobs {
		states[filepath.Base(j.Local)] = j.State
	}
	if states["c"] != Done || states["a"] != Done || states["b"] != Canceled || states["late"] != Failed {
		t.Fatalf("states = %v", states)
	}
	for name, want := range map[string]bool{"a": true, "b": false, "c": true, "d": false} {
		if _, err := os.Stat(filepath.Join(dir, name)); (err == nil) != want {
			t.Errorf("%s on disk: %v, want %v", name, err == nil, want)
		}
	}

	// The missing file turns up; Retry fetches it with fresh attempts.
	writeFile(t, filepath.Join(srv.Root, "late"), []byte("late"))
	q.Retry(ids["late"])
	snap = wait(t, q)
	for _, j := range snap.Jobs {
		if j.ID == ids["late"] && (j.State != Done || j.Attempts != 1) {
			t.Fatalf("retried job is %v after %d attempts: %s", j.State, j.Attempts, j.Err)
		}
	}
	q.ClearFinished()
	if left := q.Snapshot().Jobs; len(left) != 0 {
		t.Fatalf("%d jobs left after ClearFinished, want 0", len(left))
	}
}

func TestASymlinkedPartFileIsRefusedAndLeftAlone(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	writeFile(t, filepath.Join(srv.Root, "f.txt"), []byte("from the server"))
	dir := t.TempDir()
	precious := filepath.Join(dir, "precious")
	writeFile(t, precious, []byte("keep me"))
	local := filepath.Join(dir, "target", "f.txt")
	if err := os.MkdirAll(filepath.Dir(local), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(precious, local+partSuffix); err != nil {
		t.Fatal(err)
	}
	q := newQueue(t, embeddedSite(srv, 2), Options{RetryDelay: 1 << 62})

	if err := q.Download(testKey, "/f.txt", local, false); err != nil {
		t.Fatal(err)
	}
	snap := wait(t, q)
	requireAll(t, snap, Failed)
	if j := snap.Jobs[0]; j.Attempts != 1 || !strings.Contains(j.Err, "f.txt.part") {
		t.Fatalf("job failed after %d attempts with %q, want at once naming the .part", j.Attempts, j.Err)
	}
	if got := readFile(t, precious); !bytes.Equal(got, []byte("keep me")) {
		t.Fatalf("the symlink's target was changed to %q", got)
	}
	if _, err := os.Lstat(local); !os.IsNotExist(err) {
		t.Fatalf("a file appeared under the real name: %v", err)
	}
}

// Browsing right after a batch does not wait for the workers to let go of
// their idle connections on their own (idleRelease): they hand one back
// as soon as a Browse call waits.
func TestBrowsingAfterABatchGetsAConnectionAtOnce(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	src := t.TempDir()
	for _, name := range []string{"a", "b", "c", "d"} {
		writeFile(t, filepath.Join(src, name), []byte(name))
	}
	q := newQueue(t, embeddedSite(srv, 2), Options{Workers: 2})
	if err := q.Upload(testKey, src, "/up", true); err != nil {
		t.Fatal(err)
	}
	requireAll(t, wait(t, q), Done)
	pool, err := q.pool(testKey)
	if err != nil {
		t.Fatal(err)
	}
	// Both connections are held by the idle workers now; a deadline well
	// inside idleRelease tells a handed-back connection from a timed-out one.
	ctx, cancel := context.WithTimeout(context.Background(), idleRelease/2)
	defer cancel()
	if err := pool.Browse(ctx, func(c *session.Conn) error { return c.Noop() }); err != nil {
		t.Fatalf("browse after the batch: %v", err)
	}
}
