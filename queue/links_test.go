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

// linkTree makes a tree with links of every kind under root/t, and a
// folder beside it that a link reaches out to.
func linkTree(t *testing.T, root string) {
	t.Helper()
	writeFile(t, filepath.Join(root, "t", "file.txt"), []byte("file content"))
	writeFile(t, filepath.Join(root, "t", "real", "inner.txt"), []byte("inner"))
	writeFile(t, filepath.Join(root, "o", "out.txt"), []byte("outside"))
	for link, target := range map[string]string{
		"filelink": "file.txt", "dirlink": "real", "outside": "../o",
		"loop": ".", "up": "..", "dangling": "nowhere",
	} {
		if err := os.Symlink(target, filepath.Join(root, "t", link)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestServerLinksAreFollowedOnceAndSkipsAreReported(t *testing.T) {
	servers := []func(testing.TB) *ftptest.Server{
		func(t testing.TB) *ftptest.Server { return ftptest.Vsftpd(t, false) },
		func(t testing.TB) *ftptest.Server { return ftptest.PureFTPd(t, false) },
		ftptest.ProFTPD, ftptest.InetutilsFTPD, ftptest.Pyftpdlib,
	}
	for _, start := range servers {
		srv := start(t)
		t.Run(srv.Name, func(t *testing.T) {
			linkTree(t, srv.Root)
			srv.Chown(t)
			q := newQueue(t, realSite(srv, 2), Options{Retries: 1})
			dst := filepath.Join(t.TempDir(), "t")
			if err := q.Download(testKey, srv.Path("t"), dst, true); err != nil {
				t.Fatal(err)
			}
			snap := wait(t, q)
			// What a link leads to arrives at least once, under the link's
			// name or the folder's: servers that list links as folders (MLSD)
			// do not say which of the two is the link.
			for _, alternatives := range [][]string{
				{"file.txt"}, {"filelink"}, {"real/inner.txt", "dirlink/inner.txt"},
				{"outside/out.txt", "up/o/out.txt"},
			} {
				found := false
				for _, name := range alternatives {
					found = found || exists(filepath.Join(dst, name))
				}
				if !found {
					t.Errorf("none of %q arrived\n%s", alternatives, describeJobs(snap))
				}
			}
			if got := string(readFile(t, filepath.Join(dst, "filelink"))); got != "file content" {
				t.Errorf("filelink holds %q", got)
			}
			for p := range treeDigest(t, dst) {
				if strings.Count(p, "/") > 2 {
					t.Errorf("walked into a loop: %s", p)
				}
			}
			var notes []string
			for _, j := range snap.Jobs {
				if j.State == Failed {
					t.Errorf("failed: %s: %s", j.Remote, j.Err)
				}
				if j.Note != "" {
					notes = append(notes, j.Note)
				}
			}
			all := strings.Join(notes, "\n")
			noted := []string{srv.Path("t/loop"), srv.Path("t/dangling")}
			if srv.Name == "proftpd" || srv.Name == "pyftpdlib" {
				noted = noted[:1] // their MLSD leaves a link to nothing out
			}
			for _, link := range noted {
				if !strings.Contains(all, link+" ") && !strings.Contains(all, link+":") {
					t.Errorf("no note says why %s was not followed:\n%s", link, all)
				}
			}
			t.Logf("notes:\n%s", all)
		})
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func TestALinkThatCannotBeFollowedNowFailsAndOneToNothingIsANote(t *testing.T) {
	for code, want := range map[int]State{450: Failed, 550: Skipped} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			srv := ftptest.Embedded(t, ftpserver.Faults{
				ListingLines: []string{"type=OS.unix=slink:x;size=1; ln"},
				Replies:      map[string]int{"SIZE": code, "CWD": code},
			})
			if err := os.Mkdir(filepath.Join(srv.Root, "d"), 0o755); err != nil {
				t.Fatal(err)
			}
			q := newQueue(t, embeddedSite(srv, 1), Options{Retries: 1})
			if err := q.Download(testKey, "/d", filepath.Join(t.TempDir(), "d"), true); err != nil {
				t.Fatal(err)
			}
			snap := wait(t, q)
			if len(snap.Jobs) != 1 || snap.Jobs[0].State != want || !strings.Contains(snap.Jobs[0].Err+snap.Jobs[0].Note, "/d/ln") {
				t.Errorf("want one %v job about /d/ln\n%s", want, describeJobs(snap))
			}
		})
	}
}
