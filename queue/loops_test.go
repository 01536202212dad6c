package queue

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

func TestAFolderThatHoldsItselfStopsAtTheDepthLimit(t *testing.T) {
	for _, noMLSD := range []bool{false, true} {
		t.Run(fmt.Sprintf("noMLSD=%v", noMLSD), func(t *testing.T) {
			srv := ftptest.Embedded(t, ftpserver.Faults{LoopDir: "again", NoMLSD: noMLSD})
			writeFile(t, filepath.Join(srv.Root, "d", "f.txt"), []byte("f"))
			q := newQueue(t, embeddedSite(srv, 2), Options{MaxDepth: 3})
			dst := filepath.Join(t.TempDir(), "d")
			if err := q.Download(testKey, "/d", dst, true); err != nil {
				t.Fatal(err)
			}
			snap := wait(t, q)
			if snap.Totals.Done != 4 { // d/f.txt and again/f.txt three levels down
				t.Errorf("done = %d, want 4\n%s", snap.Totals.Done, describeJobs(snap))
			}
			var failed []string
			for _, j := range snap.Jobs {
				if j.State == Failed {
					failed = append(failed, j.Err)
				}
			}
			if len(failed) != 1 || !strings.Contains(failed[0], "more than 3 folders deep") {
				t.Errorf("failures = %q, want one about the depth limit", failed)
			}
			deepest := filepath.Join(dst, "again", "again", "again", "f.txt")
			if string(readFile(t, deepest)) != "f" {
				t.Error("the deepest allowed level did not arrive")
			}
		})
	}
}
