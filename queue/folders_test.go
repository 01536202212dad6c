package queue

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

// folderServer is a test server that can say which commands it received.
type folderServer struct {
	siteAndRoot
	commands func(t *testing.T) []string // "VERB argument", in the order received
	chown    func(t testing.TB)          // gives files the test wrote to the server's user
}

var vsftpdCommand = regexp.MustCompile(`FTP command: Client "[^"]*", "(.*)"$`)

func folderServers() []struct {
	name  string
	start func(t *testing.T) folderServer
} {
	return []struct {
		name  string
		start func(t *testing.T) folderServer
	}{
		{"embedded", func(t *testing.T) folderServer {
			srv := ftptest.Embedded(t, ftpserver.Faults{})
			return folderServer{
				siteAndRoot: siteAndRoot{embeddedSite(srv, 4), srv.Root},
				commands:    func(*testing.T) []string { return srv.Commands() },
				chown:       func(testing.TB) {},
			}
		}},
		{"vsftpd", func(t *testing.T) folderServer {
			srv := ftptest.VsftpdWith(t, ftptest.VsftpdOptions{LogCommands: true})
			return folderServer{
				siteAndRoot: siteAndRoot{realSite(srv, 4), srv.Root},
				commands: func(t *testing.T) []string {
					var out []string
					for line := range strings.SplitSeq(string(readFile(t, srv.CommandLog)), "\n") {
						if m := vsftpdCommand.FindStringSubmatch(line); m != nil {
							out = append(out, m[1])
						}
					}
					return out
				},
				chown: srv.Chown,
			}
		}},
	}
}

// writeFolderTree writes 5 files into each of 13 folders, 3 deep, under
// dir, and returns the folders' paths relative to dir (slash-separated).
func writeFolderTree(t *testing.T, dir string) []string {
	t.Helper()
	var folders []string
	for a := range 3 {
		top := fmt.Sprintf("top%d", a)
		folders = append(folders, top)
		for b := range 2 {
			child := fmt.Sprintf("%s/child %d", top, b)
			folders = append(folders, child, child+"/leaf")
		}
	}
	folders = append(folders, "lone")
	for i, f := range folders {
		for k := range 5 {
			writeFile(t, filepath.Join(dir, filepath.FromSlash(f), fmt.Sprintf("f%d.bin", k)), randomBytes(uint64(10*i+k), 100+k))
		}
	}
	return folders
}

// count returns how many of commands start with verb and a space.
func count(commands []string, verb string) int {
	n := 0
	for _, c := range commands {
		if strings.HasPrefix(c, verb+" ") {
			n++
		}
	}
	return n
}

func TestTreeUploadMakesEachFolderOnceAfterItsParent(t *testing.T) {
	for _, s := range folderServers() {
		t.Run(s.name, func(t *testing.T) {
			srv := s.start(t)
			src := filepath.Join(t.TempDir(), "src")
			folders := writeFolderTree(t, src)
			q := newQueue(t, srv.site, Options{Workers: 4})
			if err := q.Upload(testKey, src, "/tree", true); err != nil {
				t.Fatal(err)
			}
			snap := wait(t, q)
			requireAll(t, snap, Done)
			if want := 5 * len(folders); snap.Totals.Done != want {
				t.Fatalf("%d files done, want %d", snap.Totals.Done, want)
			}
			requireSameTree(t, src, filepath.Join(srv.root, "tree"))

			commands := srv.commands(t)
			made := map[string]int{} // folder → position of its MKD
			for i, c := range commands {
				if dir, ok := strings.CutPrefix(c, "MKD "); ok {
					if _, twice := made[dir]; twice {
						t.Fatalf("MKD %s sent twice; commands:\n%s", dir, strings.Join(commands, "\n"))
					}
					made[dir] = i
				}
			}
			if len(made) != len(folders)+1 {
				t.Fatalf("%d folders made, want %d (the root and %d folders): %v", len(made), len(folders)+1, len(folders), made)
			}
			for _, f := range append(folders, "") {
				dir := strings.TrimSuffix("/tree/"+f, "/")
				at, ok := made[dir]
				if !ok {
					t.Fatalf("no MKD %s; made %v", dir, made)
				}
				if parent := filepath.ToSlash(filepath.Dir(dir)); parent != "/" && made[parent] >= at {
					t.Fatalf("MKD %s (command %d) came before its parent's (command %d)", dir, at, made[parent])
				}
			}
			// Nothing is asked per file: the plan knows every folder is new.
			if n := count(commands, "SIZE") + count(commands, "CWD") + count(commands, "MLST"); n > 2 {
				t.Fatalf("%d SIZE, CWD or MLST commands for a new tree, want at most 2 (the root's listing)", n)
			}
		})
	}
}

func TestTreeUploadAgainFindsEveryFolderWithoutMakingAny(t *testing.T) {
	for _, s := range folderServers() {
		t.Run(s.name, func(t *testing.T) {
			srv := s.start(t)
			src := filepath.Join(t.TempDir(), "src")
			folders := writeFolderTree(t, src)
			q := newQueue(t, srv.site, Options{Workers: 4})
			for run := range 2 {
				before := len(srv.commands(t))
				if err := q.Upload(testKey, src, "/tree", true); err != nil {
					t.Fatal(err)
				}
				snap := wait(t, q)
				want := Done
				if run == 1 {
					want = Skipped // identical files are left alone
				}
				requireAll(t, snap, want)
				if len(snap.Jobs) != 5*len(folders) {
					t.Fatalf("run %d: %d jobs, want %d", run, len(snap.Jobs), 5*len(folders))
				}
				q.ClearFinished()
				if run == 1 {
					if n := count(srv.commands(t)[before:], "MKD"); n != 0 {
						t.Fatalf("%d MKD commands for folders that are all there", n)
					}
				}
			}
		})
	}
}

func TestFolderThatCannotBeMadeFailsEveryFileBelowIt(t *testing.T) {
	for _, s := range folderServers() {
		t.Run(s.name, func(t *testing.T) {
			srv := s.start(t)
			src := filepath.Join(t.TempDir(), "src")
			folders := writeFolderTree(t, src) // 65 files that go up
			blocked := []string{"blocked/a.bin", "blocked/deeper/b.bin", "blocked/deeper/still/c.bin"}
			for i, f := range blocked {
				writeFile(t, filepath.Join(src, filepath.FromSlash(f)), randomBytes(uint64(500+i), 10))
			}
			if err := os.MkdirAll(filepath.Join(src, "top0", "empty"), 0o755); err != nil {
				t.Fatal(err)
			}
			// Files on the server where the tree has folders.
			writeFile(t, filepath.Join(srv.root, "tree", "blocked"), []byte("a file"))
			writeFile(t, filepath.Join(srv.root, "tree", "top0", "empty"), []byte("a file"))
			srv.chown(t)

			q := newQueue(t, srv.site, Options{Workers: 4})
			if err := q.Upload(testKey, src, "/tree", true); err != nil {
				t.Fatal(err)
			}
			snap := wait(t, q)
			failed := map[string]string{}
			for _, j := range snap.Jobs {
				switch {
				case j.State == Failed:
					failed[j.Remote] = j.Err
				case j.State != Done:
					t.Fatalf("%s is %v, want done or failed", j.Remote, j.State)
				}
			}
			if snap.Totals.Done != 5*len(folders) {
				t.Fatalf("%d files done, want %d\n%s", snap.Totals.Done, 5*len(folders), describeJobs(snap))
			}
			want := map[string]string{"/tree/top0/empty": "Could not create folder /tree/top0/empty: a file of that name is on the server."}
			for _, f := range blocked {
				want["/tree/"+f] = "Could not create folder /tree/blocked: a file of that name is on the server."
			}
			if len(failed) != len(want) {
				t.Fatalf("failed %v, want %v", failed, want)
			}
			for remote, msg := range want {
				if failed[remote] != msg {
					t.Fatalf("%s failed with %q, want %q", remote, failed[remote], msg)
				}
			}
			if got := readFile(t, filepath.Join(srv.root, "tree", "blocked")); string(got) != "a file" {
				t.Fatalf("the server's file became %q", got)
			}
		})
	}
}

// vsftpd refuses MKD in a folder its user may not write to: the folders
// below fail, with the server's words, and the rest of the tree goes up.
func TestFolderRefusedByTheServerFailsTheFilesBelowIt(t *testing.T) {
	srv := ftptest.VsftpdWith(t, ftptest.VsftpdOptions{LogCommands: true})
	src := filepath.Join(t.TempDir(), "src")
	writeFile(t, filepath.Join(src, "open", "ok.bin"), []byte("fine"))
	writeFile(t, filepath.Join(src, "locked", "sub", "a.bin"), []byte("refused"))
	writeFile(t, filepath.Join(src, "locked", "sub", "deeper", "b.bin"), []byte("refused"))
	locked := filepath.Join(srv.Root, "tree", "locked")
	if err := os.MkdirAll(locked, 0o755); err != nil {
		t.Fatal(err)
	}
	srv.Chown(t)
	if err := os.Chmod(locked, 0o555); err != nil {
		t.Fatal(err)
	}

	q := newQueue(t, realSite(srv, 4), Options{Workers: 2})
	if err := q.Upload(testKey, src, "/tree", true); err != nil {
		t.Fatal(err)
	}
	snap := wait(t, q)
	for _, j := range snap.Jobs {
		below := strings.HasPrefix(j.Remote, "/tree/locked/sub/")
		switch {
		case !below && j.State != Done:
			t.Fatalf("%s is %v (%s), want done", j.Remote, j.State, j.Err)
		case below && (j.State != Failed || !strings.HasPrefix(j.Err, "Could not create folder /tree/locked/sub: ") ||
			!strings.Contains(j.Err, "550 Create directory operation failed.")):
			t.Fatalf("%s is %v with %q, want failed: Could not create folder /tree/locked/sub: … 550 …", j.Remote, j.State, j.Err)
		}
	}
	if len(snap.Jobs) != 3 {
		t.Fatalf("%d jobs, want 3\n%s", len(snap.Jobs), describeJobs(snap))
	}
}

// A server whose listings leave the folders out: each folder is tried with
// MKD once, refused because it is there, and then listed once.
func TestFolderThatIsThereButUnlistedIsListedOnce(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	src := filepath.Join(t.TempDir(), "src")
	folders := writeFolderTree(t, src)
	for _, f := range folders {
		if err := os.MkdirAll(filepath.Join(srv.Root, "tree", filepath.FromSlash(f)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	srv.SetFaults(ftpserver.Faults{ListingLines: []string{}}) // every listing is empty
	q := newQueue(t, embeddedSite(srv, 4), Options{Workers: 4})
	if err := q.Upload(testKey, src, "/tree", true); err != nil {
		t.Fatal(err)
	}
	requireAll(t, wait(t, q), Done)
	requireSameTree(t, src, filepath.Join(srv.Root, "tree"))
	mkd, listed := map[string]int{}, map[string]int{}
	for _, c := range srv.Commands() {
		if dir, ok := strings.CutPrefix(c, "MKD "); ok {
			mkd[dir]++
		}
		if dir, ok := strings.CutPrefix(c, "MLSD "); ok {
			listed[dir]++
		}
	}
	for _, f := range folders {
		dir := "/tree/" + f
		if mkd[dir] != 1 || listed[dir] != 1 {
			t.Fatalf("%s: %d MKD and %d MLSD, want one of each", dir, mkd[dir], listed[dir])
		}
	}
}

// Files chosen one by one (the window's selection) into one folder: the
// folder is listed once for all of them, and no file is asked about on its
// own; identical files are left alone the second time.
func TestSelectedFilesAreCheckedAgainstOneListing(t *testing.T) {
	for _, s := range folderServers() {
		t.Run(s.name, func(t *testing.T) {
			srv := s.start(t)
			if err := os.MkdirAll(filepath.Join(srv.root, "in"), 0o755); err != nil {
				t.Fatal(err)
			}
			srv.chown(t)
			src := t.TempDir()
			var locals []string
			for i := range 6 {
				p := filepath.Join(src, fmt.Sprintf("f%d.bin", i))
				writeFile(t, p, randomBytes(uint64(i), 50+i))
				locals = append(locals, p)
			}
			q := newQueue(t, srv.site, Options{Workers: 3})
			for run := range 2 {
				before := len(srv.commands(t))
				if err := q.UploadFiles(testKey, locals, "/in"); err != nil {
					t.Fatal(err)
				}
				snap := wait(t, q)
				want := Done
				if run == 1 {
					want = Skipped
				}
				requireAll(t, snap, want)
				if len(snap.Jobs) != len(locals) {
					t.Fatalf("run %d: %d jobs, want %d", run, len(snap.Jobs), len(locals))
				}
				q.ClearFinished()
				sent := srv.commands(t)[before:]
				asked := 0 // a file's own MLST or SIZE; the folder's are once per batch
				for _, c := range sent {
					if strings.HasPrefix(c, "MLST /in/") || strings.HasPrefix(c, "SIZE /in/") {
						asked++
					}
				}
				listed := count(sent, "MLSD") + count(sent, "LIST")
				if asked != 0 || listed != 1 {
					t.Fatalf("run %d: %d files asked about one by one and %d listings, want 0 and 1: %q", run, asked, listed, sent)
				}
			}
			for _, p := range locals {
				if got := readFile(t, filepath.Join(srv.root, "in", filepath.Base(p))); string(got) != string(readFile(t, p)) {
					t.Fatalf("%s differs on the server", filepath.Base(p))
				}
			}
		})
	}
}

// A folder that is there but cannot be listed is not taken for empty: a
// file already in it is not replaced as if it were new.
func TestAnUnlistableFolderIsNotTakenForEmpty(t *testing.T) {
	srv := ftptest.Vsftpd(t, false)
	dir := filepath.Join(srv.Root, "locked")
	writeFile(t, filepath.Join(dir, "a.txt"), []byte("the server's own, longer copy"))
	srv.Chown(t)
	if err := os.Chmod(dir, 0o300); err != nil { // enter and write, not list
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	local := filepath.Join(t.TempDir(), "a.txt")
	writeFile(t, local, []byte("different"))
	q := newQueue(t, realSite(srv, 2), Options{Workers: 2})
	if err := q.UploadFiles(testKey, []string{local}, "/locked"); err != nil {
		t.Fatal(err)
	}
	snap := wait(t, q)
	if len(snap.Jobs) != 1 || snap.Jobs[0].State == Done {
		t.Fatalf("jobs %+v: the file was sent as if the folder were empty", snap.Jobs)
	}
	if got := string(readFile(t, filepath.Join(dir, "a.txt"))); got != "the server's own, longer copy" {
		t.Fatalf("the server's file now holds %q", got)
	}
}
