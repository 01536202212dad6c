package queue

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
	"ferry/session"
)

// testKey is the site key every test queue uses.
const testKey = "test"

// ftpSite describes a plain-FTP test server account.
func ftpSite(host string, port int, user, password string, maxConns int) session.Site {
	return session.Site{
		Name: "test", Protocol: session.FTP, Host: host, Port: port, Logon: session.Normal,
		User: user, Password: password, AllowPlainPassword: true, MaxConns: maxConns,
	}
}

func embeddedSite(srv *ftpserver.Server, maxConns int) session.Site {
	return ftpSite(srv.Host, srv.Port, srv.User, srv.Password, maxConns)
}

func realSite(srv *ftptest.Server, maxConns int) session.Site {
	return ftpSite(srv.Host, srv.Port, srv.User, srv.Password, maxConns)
}

// newQueue starts a queue over one site, closed at cleanup.
func newQueue(t testing.TB, site session.Site, opts Options) *Queue {
	t.Helper()
	sopts := session.Options{DialTimeout: 10 * time.Second, IdleTimeout: 20 * time.Second}
	if site.Protocol != session.FTP {
		// The test servers' certificates are self-signed.
		sopts.Ask = session.Answers{Trust: session.TrustOnce}
	}
	pool := session.NewPool(site, sopts)
	t.Cleanup(func() { pool.Close() })
	opts.Connect = func(key string) (*session.Pool, error) {
		if key != testKey {
			return nil, fmt.Errorf("unknown site %q", key)
		}
		return pool, nil
	}
	if opts.RetryDelay == 0 {
		opts.RetryDelay = 10 * time.Millisecond
	}
	q, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := q.Close(); err != nil {
			t.Errorf("close queue: %v", err)
		}
	})
	return q
}

// wait waits for the queue to settle, failing the test after a minute.
func wait(t testing.TB, q *Queue) Snapshot {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := q.Wait(ctx); err != nil {
		t.Fatalf("wait for the queue: %v\n%s", err, describeJobs(q.Snapshot()))
	}
	return q.Snapshot()
}

// waitFor returns the first snapshot that satisfies ok, failing the test
// after a minute.
func waitFor(t testing.TB, q *Queue, what string, ok func(Snapshot) bool) Snapshot {
	t.Helper()
	snaps, cancel := q.Subscribe(time.Millisecond)
	defer cancel()
	deadline := time.After(time.Minute)
	for {
		select {
		case s, open := <-snaps:
			if !open {
				t.Fatalf("queue closed while waiting for %s", what)
			}
			if ok(s) {
				return s
			}
		case <-deadline:
			t.Fatalf("timed out waiting for %s\n%s", what, describeJobs(q.Snapshot()))
		}
	}
}

// requireAll fails the test unless every job ended in state want.
func requireAll(t testing.TB, s Snapshot, want State) {
	t.Helper()
	for _, j := range s.Jobs {
		if j.State != want {
			t.Fatalf("job %d (%s -> %s) is %v, want %v: %s", j.ID, j.Remote, j.Local, j.State, want, j.Err)
		}
	}
}

func describeJobs(s Snapshot) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "totals %+v\n", s.Totals)
	for i, j := range s.Jobs {
		if i == 20 {
			fmt.Fprintf(&b, "... %d more\n", len(s.Jobs)-i)
			break
		}
		fmt.Fprintf(&b, "%d %v %v local=%s remote=%s %d/%d attempts=%d err=%q\n",
			j.ID, j.Dir, j.State, j.Local, j.Remote, j.Done, j.Size, j.Attempts, j.Err)
	}
	return b.String()
}

// writeFile creates path (and its folders) with data.
func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// randomBytes is n bytes of a reproducible pseudo-random stream.
func randomBytes(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// makeTree writes n files under dir: nested folders, empty files, names
// with spaces and non-ASCII letters, sizes from 0 to about 100 KiB.
func makeTree(t testing.TB, dir string, n int) {
	t.Helper()
	folders := []string{"", "sub", "sub/deeper", "with space", "ünïcødé", "with space/Ελληνικά", "a/b/c/d"}
	names := []string{"file", "file with spaces", "naïve café", "日本語", "x.tar.gz"}
	for i := range n {
		size := (i * 7919) % (100 << 10)
		if i%25 == 0 {
			size = 0
		}
		name := fmt.Sprintf("%s %03d.bin", names[i%len(names)], i)
		writeFile(t, filepath.Join(dir, folders[i%len(folders)], name), randomBytes(uint64(i), size))
	}
	if err := os.MkdirAll(filepath.Join(dir, "empty folder"), 0o755); err != nil {
		t.Fatal(err)
	}
}

// treeDigest maps each file's relative path to its SHA-256 (folders to "dir").
func treeDigest(t testing.TB, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if rel == "." {
			return nil
		}
		if d.IsDir() {
			out[filepath.ToSlash(rel)] = "dir"
			return nil
		}
		out[filepath.ToSlash(rel)] = fileHash(t, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func fileHash(t testing.TB, p string) string {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// requireSameTree fails unless both trees hold the same paths and bytes.
func requireSameTree(t testing.TB, want, got string) {
	t.Helper()
	a, b := treeDigest(t, want), treeDigest(t, got)
	var diffs []string
	for k, v := range a {
		if b[k] != v {
			diffs = append(diffs, fmt.Sprintf("%s: want %.12s, got %.12s", k, v, b[k]))
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			diffs = append(diffs, k+": unexpected")
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		if len(diffs) > 10 {
			diffs = diffs[:10]
		}
		t.Fatalf("%s and %s differ (%d in %s, %d in %s):\n%v", want, got, len(a), want, len(b), got, diffs)
	}
}

// readFile returns path's content, failing the test when it cannot.
func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// siteAndRoot is a test server's site and the local folder it serves.
type siteAndRoot struct {
	site session.Site
	root string
}

var ftpserverFaultsNone = ftpserver.Faults{}
