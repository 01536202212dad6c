package queue

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

func TestHostileListingWritesNothingOutsideTheTargetAndReportsTheNames(t *testing.T) {
	hostile := []string{"..", "../../escape", "/etc/passwd", "a\x01b", "sub/../../x"}
	for _, noMLSD := range []bool{false, true} {
		name := "MLSD"
		if noMLSD {
			name = "LIST"
		}
		t.Run(name, func(t *testing.T) {
			srv := ftptest.Embedded(t, ftpserver.Faults{NoMLSD: noMLSD, HostileNames: hostile})
			writeFile(t, filepath.Join(srv.Root, "dir", "real.txt"), []byte("real"))
			writeFile(t, filepath.Join(srv.Root, "dir", "inner", "deep.txt"), []byte("deep"))
			outer := t.TempDir()
			target := filepath.Join(outer, "target")
			q := newQueue(t, embeddedSite(srv, 2), Options{})

			if err := q.Download(testKey, "/dir", target, true); err != nil {
				t.Fatal(err)
			}
			snap := wait(t, q)

			// Nothing beside the target, and inside only the real files.
			entries, err := os.ReadDir(outer)
			if err != nil || len(entries) != 1 || entries[0].Name() != "target" {
				t.Fatalf("the folder around the target holds %v (%v), want only target", entries, err)
			}
			got := treeDigest(t, target)
			want := map[string]bool{"real.txt": true, "inner": true, "inner/deep.txt": true}
			for p := range got {
				if !want[p] {
					t.Errorf("unexpected %q written under the target", p)
				}
			}
			if string(readFile(t, filepath.Join(target, "real.txt"))) != "real" ||
				string(readFile(t, filepath.Join(target, "inner", "deep.txt"))) != "deep" {
				t.Fatal("the real files did not arrive")
			}

			// Every unsafe name the listing carried is reported as a failed job.
			var reports []string
			for _, j := range snap.Jobs {
				if j.State == Failed {
					reports = append(reports, j.Err)
				}
			}
			if len(reports) == 0 {
				t.Fatal("no unsafe name was reported")
			}
			all := strings.Join(reports, "\n")
			for _, bad := range []string{`"../../escape"`, `"a\x01b"`} {
				if !strings.Contains(all, bad) {
					t.Errorf("the reports do not name %s:\n%s", bad, all)
				}
			}
			if snap.Totals.Done != 2 {
				t.Errorf("done = %d, want the 2 real files", snap.Totals.Done)
			}
		})
	}
}

func TestMissingFileFailsAtOnceWithTheServersWords(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	// A retry would wait an hour and time the test out.
	q := newQueue(t, embeddedSite(srv, 2), Options{Retries: 5, RetryDelay: 1 << 62})
	if err := q.Download(testKey, "/no/such/file.txt", filepath.Join(t.TempDir(), "x"), false); err != nil {
		t.Fatal(err)
	}
	snap := wait(t, q)
	requireAll(t, snap, Failed)
	j := snap.Jobs[0]
	if j.Attempts != 1 {
		t.Fatalf("attempts = %d, want 1", j.Attempts)
	}
	if j.Err == "" || strings.Contains(j.Err, "\n") {
		t.Fatalf("error %q is not one sentence", j.Err)
	}
}

func TestAWrongPasswordFailsEveryJobOfTheSiteAfterOneTry(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	site := embeddedSite(srv, 4)
	site.Password = "wrong"
	q := newQueue(t, site, Options{Workers: 2, RetryDelay: 1 << 62})
	q.PauseAll() // queue them all before any login is tried
	for i := range 20 {
		if err := q.Download(testKey, fmt.Sprintf("/f%d", i), filepath.Join(t.TempDir(), "f"), false); err != nil {
			t.Fatal(err)
		}
	}
	q.ResumeAll()
	snap := wait(t, q)
	requireAll(t, snap, Failed)
	logins := 0
	for _, c := range srv.Commands() {
		if strings.HasPrefix(c, "PASS") {
			logins++
		}
	}
	if logins > 2 {
		t.Fatalf("%d logins were tried for 20 files, want at most one per worker", logins)
	}
	if msg := snap.Jobs[19].Err; msg == "" || msg != snap.Jobs[0].Err {
		t.Fatalf("the last job says %q, the first %q: want the same sentence", msg, snap.Jobs[0].Err)
	}
}
