package queue

import (
	"os"
	"path/filepath"
	"testing"

	"ferry/internal/ftptest"
)

// A file past 4 GiB goes up and comes back identical (offsets and sizes
// beyond 32 bits). The source is sparse; the copies on the server and the
// way back are not, so this needs about 8 GiB of disk.
func TestFileOver4GiBRoundTripsOnVsftpd(t *testing.T) {
	if testing.Short() {
		t.Skip("moves 8 GiB; skipped with -short")
	}
	srv := ftptest.Vsftpd(t, false)
	src := filepath.Join(t.TempDir(), "huge.bin")
	f, err := os.Create(src)
	if err != nil {
		t.Fatal(err)
	}
	const size = 4<<30 + 12345
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	for _, at := range []int64{0, size / 2, size - 100} {
		if _, err := f.WriteAt(randomBytes(uint64(at), 100), at); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	want := fileHash(t, src)

	q := newQueue(t, realSite(srv, 2), Options{})
	if err := q.Upload(testKey, src, "/huge.bin", false); err != nil {
		t.Fatal(err)
	}
	requireAll(t, wait(t, q), Done)
	onServer := filepath.Join(srv.Root, "huge.bin")
	if got := fileHash(t, onServer); got != want {
		t.Fatalf("the server's copy hashes to %s, want %s", got, want)
	}
	if err := os.Remove(src); err != nil { // leave room for the way back
		t.Fatal(err)
	}

	dst := filepath.Join(t.TempDir(), "back.bin")
	if err := q.Download(testKey, "/huge.bin", dst, false); err != nil {
		t.Fatal(err)
	}
	snap := wait(t, q)
	requireAll(t, snap, Done)
	if got := fileHash(t, dst); got != want {
		t.Fatalf("the downloaded copy hashes to %s, want %s", got, want)
	}
	if j := snap.Jobs[len(snap.Jobs)-1]; j.Size != size || j.Done != size {
		t.Fatalf("the job reports %d of %d bytes, want %d", j.Done, j.Size, size)
	}
}
