package mirror

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
	"ferry/queue"
	"ferry/session"
)

// server is a test server: where it is, and the folder it serves.
type server struct {
	site session.Site
	root string
	real *ftptest.Server // nil for the embedded server
}

func embedded(t *testing.T) server {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	return server{site: plainSite(srv.Host, srv.Port, srv.User, srv.Password), root: srv.Root}
}

func realServer(s *ftptest.Server) server {
	return server{site: plainSite(s.Host, s.Port, s.User, s.Password), root: s.Root, real: s}
}

func plainSite(host string, port int, user, password string) session.Site {
	return session.Site{Name: "test", Protocol: session.FTP, Host: host, Port: port, Logon: session.Normal,
		User: user, Password: password, AllowPlainPassword: true, MaxConns: 3}
}

// rig is a pool, a queue and a record file for syncing with one server.
type rig struct {
	srv     server
	pool    *session.Pool
	q       *queue.Queue
	records *Records
}

func newRig(t *testing.T, srv server) *rig {
	t.Helper()
	pool := session.NewPool(srv.site, session.Options{DialTimeout: 10 * time.Second, IdleTimeout: 20 * time.Second})
	t.Cleanup(func() { pool.Close() })
	q, err := queue.New(queue.Options{
		Workers: 3, RetryDelay: 10 * time.Millisecond, Policy: queue.PolicyOverwrite,
		Connect: func(string) (*session.Pool, error) { return pool, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	return &rig{srv: srv, pool: pool, q: q, records: NewRecords(filepath.Join(t.TempDir(), "records.db"))}
}

// sync runs one sync; opts gets the rig's pool, queue and record.
func (r *rig) sync(t *testing.T, opts Options) (Result, []string) {
	t.Helper()
	opts.Pool, opts.Queue, opts.SiteKey = r.pool, r.q, r.srv.site.Key()
	if opts.Records == nil {
		opts.Records = r.records
	}
	var plan []string
	opts.OnAction = func(a Action) { plan = append(plan, a.String()) }
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := Sync(ctx, opts)
	if err != nil {
		t.Fatalf("sync: %v (problems: %v)", err, res.Problems)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("sync problems: %v", res.Problems)
	}
	return res, plan
}

// writeFile writes data with the given modification time.
func writeFile(t testing.TB, p string, data []byte, mtime time.Time) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}

// makeTree writes n files of random bytes under dir, in nested folders,
// two hours old, and returns their relative paths.
func makeTree(t testing.TB, dir string, n int) []string {
	t.Helper()
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	old := time.Now().Add(-2 * time.Hour).Truncate(time.Second)
	var rels []string
	for i := range n {
		rel := fmt.Sprintf("d%d/s%d/f%03d.bin", i%5, i%3, i)
		data := make([]byte, 100+rng.IntN(3000))
		for j := range data {
			data[j] = byte(rng.Uint32())
		}
		writeFile(t, filepath.Join(dir, rel), data, old)
		rels = append(rels, rel)
	}
	return rels
}

// changeFiles rewrites files with new bytes of the same size and a newer
// time (in the past: a listing shows a future time by its day only).
func changeFiles(t testing.TB, dir string, rels []string) {
	t.Helper()
	newer := time.Now().Add(-10 * time.Minute).Truncate(time.Second)
	for _, rel := range rels {
		p := filepath.Join(dir, rel)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for i := range data {
			data[i] ^= 0x5a
		}
		writeFile(t, p, data, newer)
	}
}

// requireSameTree fails unless want and got hold the same files with the
// same bytes (got may hold the folders listed in ignore as well).
func requireSameTree(t testing.TB, want, got string, ignore ...string) {
	t.Helper()
	a, b := readTree(t, want, ignore), readTree(t, got, ignore)
	if len(a) != len(b) {
		t.Fatalf("%s has %d files, %s has %d", want, len(a), got, len(b))
	}
	for rel, data := range a {
		if !bytes.Equal(data, b[rel]) {
			t.Fatalf("%s differs", rel)
		}
	}
}

func readTree(t testing.TB, root string, ignore []string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		for _, ig := range ignore {
			if rel == ig {
				return fs.SkipDir
			}
		}
		if d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
