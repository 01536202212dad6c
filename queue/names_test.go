package queue

import (
	"os"
	"path/filepath"
	"testing"

	"ferry/internal/ftptest"
)

func TestNamesWithSpacesDownloadAndAFailedStartLeavesNoPart(t *testing.T) {
	srv := ftptest.Vsftpd(t, false)
	names := []string{" two  spaces .txt", "trailing ", "-dash", `back\slash.txt`}
	for _, name := range names {
		writeFile(t, filepath.Join(srv.Root, "t", name), []byte("content of "+name))
	}
	locked := filepath.Join(srv.Root, "t", "locked.txt")
	writeFile(t, locked, []byte("secret"))
	srv.Chown(t)
	if err := os.Chmod(locked, 0); err != nil { // listed, but RETR fails
		t.Fatal(err)
	}
	q := newQueue(t, realSite(srv, 2), Options{Retries: 1})
	dst := filepath.Join(t.TempDir(), "t")
	if err := q.Download(testKey, "/t", dst, true); err != nil {
		t.Fatal(err)
	}
	snap := wait(t, q)
	for _, name := range names {
		got, err := os.ReadFile(filepath.Join(dst, name))
		if err != nil || string(got) != "content of "+name {
			t.Errorf("%q: %q, %v\n%s", name, got, err, describeJobs(snap))
		}
	}
	if snap.Totals.Failed != 1 {
		t.Errorf("failed = %d, want 1 (locked.txt)\n%s", snap.Totals.Failed, describeJobs(snap))
	}
	left, _ := filepath.Glob(filepath.Join(dst, "*.part"))
	if len(left) != 0 {
		t.Errorf("a transfer that never started left %q", left)
	}
}
