package mirror

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
	"ferry/queue"
	"ferry/session"
)

// uploadTwiceThenTen syncs a 500-file tree up, again (nothing moves), then
// after 10 files changed (same size, new bytes, new time): exactly those.
func uploadTwiceThenTen(t *testing.T, srv server) {
	r := newRig(t, srv)
	src := filepath.Join(t.TempDir(), "src")
	rels := makeTree(t, src, 500)
	opts := Options{Direction: queue.Upload, Local: src, Remote: "/mirror"}
	res, _ := r.sync(t, opts)
	if res.Copies != 500 || res.Updates != 0 {
		t.Fatalf("first sync: %d copies, %d updates; want 500, 0", res.Copies, res.Updates)
	}
	requireSameTree(t, src, filepath.Join(srv.root, "mirror"))
	sent := srv.uploaded(t)

	res, plan := r.sync(t, opts)
	if len(res.Jobs) != 0 || len(plan) != 0 {
		t.Fatalf("second sync moved something: %v", plan)
	}
	if got := srv.uploaded(t); got != sent {
		t.Fatalf("the server received %d bytes on a sync with nothing changed", got-sent)
	}

	changed := rels[100:110]
	changeFiles(t, src, changed)
	res, plan = r.sync(t, opts)
	var want []string
	var size int64
	for _, rel := range changed {
		want = append(want, "update "+rel)
		fi, _ := os.Stat(filepath.Join(src, rel))
		size += fi.Size()
	}
	slices.Sort(plan)
	slices.Sort(want)
	if !slices.Equal(plan, want) || res.Bytes != size {
		t.Fatalf("after changing 10 files the plan was %v (%d bytes); want %v (%d bytes)", plan, res.Bytes, want, size)
	}
	if got := srv.uploaded(t); sent >= 0 && got != sent+size {
		t.Fatalf("the server received %d bytes for 10 changed files of %d bytes", got-sent, size)
	}
	requireSameTree(t, src, filepath.Join(srv.root, "mirror"))
}

// uploaded is what vsftpd's transfer log counts as received (uploads); -1
// on servers that keep no such log.
func (s server) uploaded(t *testing.T) int64 {
	if s.real == nil || s.real.XferLog == "" {
		return -1
	}
	return s.real.XferBytes(t, "i", "")
}

func (s server) downloaded(t *testing.T) int64 {
	if s.real == nil || s.real.XferLog == "" {
		return -1
	}
	return s.real.XferBytes(t, "o", "")
}

// downloadTwiceThenTen is the same the other way.
func downloadTwiceThenTen(t *testing.T, srv server) {
	r := newRig(t, srv)
	pub := filepath.Join(srv.root, "pub")
	rels := makeTree(t, pub, 500)
	if srv.real != nil {
		srv.real.Chown(t)
	}
	dst := filepath.Join(t.TempDir(), "dst")
	opts := Options{Direction: queue.Download, Local: dst, Remote: "/pub"}
	res, _ := r.sync(t, opts)
	if res.Copies != 500 {
		t.Fatalf("first sync: %d copies; want 500", res.Copies)
	}
	requireSameTree(t, pub, dst)
	sent := srv.downloaded(t)

	res, plan := r.sync(t, opts)
	if len(res.Jobs) != 0 {
		t.Fatalf("second sync moved something: %v", plan)
	}
	if got := srv.downloaded(t); got != sent {
		t.Fatalf("the server sent %d bytes on a sync with nothing changed", got-sent)
	}
	changeFiles(t, pub, rels[:10])
	if srv.real != nil {
		srv.real.Chown(t)
	}
	res, plan = r.sync(t, opts)
	if res.Updates != 10 || res.Copies != 0 || len(plan) != 10 {
		t.Fatalf("after changing 10 files: %d updates, %d copies, plan %v", res.Updates, res.Copies, plan)
	}
	requireSameTree(t, pub, dst)
}

// versionsAndDeletes removes and changes local files and syncs with
// --delete and --versions: the old bytes of each stay, pruned to --keep.
func versionsAndDeletes(t *testing.T, srv server, versions string) {
	r := newRig(t, srv)
	src := filepath.Join(t.TempDir(), "src")
	rels := makeTree(t, src, 20)
	target := filepath.Join(srv.root, "site")
	base := time.Date(2026, 3, 1, 10, 0, 0, 0, time.Local)
	opts := Options{Direction: queue.Upload, Local: src, Remote: "/site", Delete: true, Versions: versions, Keep: 2, Now: base}
	r.sync(t, opts)

	old := readTree(t, target, nil)
	changeFiles(t, src, rels[:3])
	for _, rel := range rels[3:6] {
		if err := os.Remove(filepath.Join(src, rel)); err != nil {
			t.Fatal(err)
		}
	}
	opts.Now = base.Add(time.Minute)
	res, _ := r.sync(t, opts)
	if res.Updates != 3 || res.Deletes != 3 || res.Versions != 6 {
		t.Fatalf("%d updates, %d deletes, %d versions; want 3, 3, 6", res.Updates, res.Deletes, res.Versions)
	}
	versionsRoot := filepath.Join(srv.root, "site", versions)
	if strings.HasPrefix(versions, "/") {
		versionsRoot = filepath.Join(srv.root, versions)
	}
	requireSameTree(t, src, target, versions)
	kept := readTree(t, filepath.Join(versionsRoot, opts.Now.Format(stampLayout)), nil)
	if len(kept) != 6 {
		t.Fatalf("the versions folder holds %d files; want 6", len(kept))
	}
	for _, rel := range rels[:6] {
		if string(kept[rel]) != string(old[rel]) {
			t.Fatalf("the kept version of %s is not the old file", rel)
		}
	}

	// Two more runs that replace something: only the last two run folders stay.
	for i := 2; i <= 3; i++ {
		changeFiles(t, src, rels[8+i:9+i])
		opts.Now = base.Add(time.Duration(i) * time.Minute)
		r.sync(t, opts)
	}
	runs, err := os.ReadDir(versionsRoot)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range runs {
		names = append(names, d.Name())
	}
	want := []string{base.Add(2 * time.Minute).Format(stampLayout), base.Add(3 * time.Minute).Format(stampLayout)}
	if !slices.Equal(names, want) {
		t.Fatalf("version folders %v; want %v", names, want)
	}
}

func TestSyncEmbedded(t *testing.T) {
	t.Run("upload, again, then ten changed", func(t *testing.T) { uploadTwiceThenTen(t, embedded(t)) })
	t.Run("download, again, then ten changed", func(t *testing.T) { downloadTwiceThenTen(t, embedded(t)) })
	t.Run("versions inside the target", func(t *testing.T) { versionsAndDeletes(t, embedded(t), ".versions") })
	t.Run("versions outside the target", func(t *testing.T) { versionsAndDeletes(t, embedded(t), "/kept") })
}

func TestSyncVsftpd(t *testing.T) {
	srv := realServer(ftptest.Vsftpd(t, false))
	t.Run("upload, again, then ten changed", func(t *testing.T) { uploadTwiceThenTen(t, srv) })
	t.Run("download, again, then ten changed", func(t *testing.T) { downloadTwiceThenTen(t, srv) })
	t.Run("versions", func(t *testing.T) { versionsAndDeletes(t, srv, "/kept") })
}

func TestSyncPureFTPd(t *testing.T) {
	srv := realServer(ftptest.PureFTPd(t, false))
	t.Run("upload, again, then ten changed", func(t *testing.T) { uploadTwiceThenTen(t, srv) })
	t.Run("download, again, then ten changed", func(t *testing.T) { downloadTwiceThenTen(t, srv) })
	t.Run("versions", func(t *testing.T) { versionsAndDeletes(t, srv, "/kept") })
}

func TestDeletingMoreThanHalfStopsUnlessForced(t *testing.T) {
	srv := embedded(t)
	r := newRig(t, srv)
	src := filepath.Join(t.TempDir(), "src")
	rels := makeTree(t, src, 10)
	opts := Options{Direction: queue.Upload, Local: src, Remote: "/site", Delete: true}
	r.sync(t, opts)
	for _, rel := range rels[:6] {
		os.Remove(filepath.Join(src, rel))
	}
	opts.Pool, opts.Queue, opts.SiteKey, opts.Records = r.pool, r.q, srv.site.Key(), r.records
	_, err := Sync(context.Background(), opts)
	if !errors.Is(err, ErrTooManyDeletes) {
		t.Fatalf("deleting 6 of 10: %v; want ErrTooManyDeletes", err)
	}
	if n := len(readTree(t, filepath.Join(srv.root, "site"), nil)); n != 10 {
		t.Fatalf("the stopped sync left %d of 10 files", n)
	}
	opts.Force = true
	res, _ := r.sync(t, opts)
	if res.Deletes != 6 {
		t.Fatalf("forced: %d deletes; want 6", res.Deletes)
	}
	requireSameTree(t, src, filepath.Join(srv.root, "site"))
}

func TestAnEmptySourceDeletesNothing(t *testing.T) {
	srv := embedded(t)
	r := newRig(t, srv)
	makeTree(t, filepath.Join(srv.root, "site"), 30)
	empty := t.TempDir()
	opts := Options{Direction: queue.Upload, Local: empty, Remote: "/site", Delete: true,
		Pool: r.pool, Queue: r.q, SiteKey: srv.site.Key()}
	_, err := Sync(context.Background(), opts)
	if !errors.Is(err, ErrTooManyDeletes) || !strings.Contains(err.Error(), "source folder is empty") {
		t.Fatalf("an empty source with --delete: %v", err)
	}
	if n := len(readTree(t, filepath.Join(srv.root, "site"), nil)); n != 30 {
		t.Fatalf("%d of 30 files left", n)
	}
}

func TestASourceThatCannotBeListedFails(t *testing.T) {
	srv := embedded(t)
	r := newRig(t, srv)
	makeTree(t, filepath.Join(srv.root, "site"), 5)
	dst := t.TempDir()
	makeTree(t, dst, 5)
	for _, o := range []Options{
		{Direction: queue.Upload, Local: filepath.Join(t.TempDir(), "missing"), Remote: "/site", Delete: true, Force: true},
		{Direction: queue.Download, Local: dst, Remote: "/missing", Delete: true, Force: true},
	} {
		o.Pool, o.Queue, o.SiteKey = r.pool, r.q, srv.site.Key()
		_, err := Sync(context.Background(), o)
		var le *ListError
		if !errors.As(err, &le) {
			t.Fatalf("sync from a missing folder: %v; want a ListError", err)
		}
	}
	if len(readTree(t, filepath.Join(srv.root, "site"), nil)) != 5 || len(readTree(t, dst, nil)) != 5 {
		t.Fatal("a failed sync deleted files")
	}
}

func TestDryRunPrintsThePlanAndChangesNothing(t *testing.T) {
	srv := embedded(t)
	r := newRig(t, srv)
	src := filepath.Join(t.TempDir(), "src")
	writeFile(t, filepath.Join(src, "a/new.txt"), []byte("new"), time.Now())
	writeFile(t, filepath.Join(src, "same.txt"), []byte("same"), time.Now().Add(-time.Hour))
	writeFile(t, filepath.Join(src, "changed.txt"), []byte("after"), time.Now())
	writeFile(t, filepath.Join(src, "skip.tmp"), []byte("x"), time.Now())
	site := filepath.Join(srv.root, "site")
	writeFile(t, filepath.Join(site, "same.txt"), []byte("same"), time.Now().Add(-time.Hour))
	writeFile(t, filepath.Join(site, "changed.txt"), []byte("before"), time.Now().Add(-time.Hour))
	writeFile(t, filepath.Join(site, "gone.txt"), []byte("gone"), time.Now())
	writeFile(t, filepath.Join(site, "x1.txt"), []byte("1"), time.Now())
	writeFile(t, filepath.Join(site, "x2.txt"), []byte("2"), time.Now())
	before := readTree(t, site, nil)
	_, plan := r.sync(t, Options{Direction: queue.Upload, Local: src, Remote: "/site", DryRun: true,
		Delete: true, Force: true, Versions: "/old", Exclude: []string{"*.tmp", "x?.txt"}})
	want := []string{"keep changed.txt as version", "update changed.txt", "upload a/new.txt",
		"keep gone.txt as version", "delete gone.txt"}
	if !slices.Equal(plan, want) {
		t.Fatalf("plan:\n%s\nwant:\n%s", strings.Join(plan, "\n"), strings.Join(want, "\n"))
	}
	after := readTree(t, site, nil)
	if len(after) != len(before) || string(after["changed.txt"]) != "before" {
		t.Fatal("the dry run changed the target")
	}
	if _, err := os.Stat(filepath.Join(srv.root, "old")); err == nil {
		t.Fatal("the dry run made a versions folder")
	}
}

// A server folder the FTP user may not read stops a download sync with an
// error naming it, and nothing local is deleted: it is never taken for an
// empty folder.
func TestAnUnreadableServerFolderStopsTheSync(t *testing.T) {
	srv := realServer(ftptest.Vsftpd(t, false))
	r := newRig(t, srv)
	pub := filepath.Join(srv.root, "pub")
	makeTree(t, pub, 30)
	srv.real.Chown(t)
	dst := filepath.Join(t.TempDir(), "dst")
	opts := Options{Direction: queue.Download, Local: dst, Remote: "/pub", Delete: true}
	r.sync(t, opts)
	locked := filepath.Join(pub, "d2")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })

	opts.Pool, opts.Queue, opts.SiteKey, opts.Records = r.pool, r.q, srv.site.Key(), r.records
	_, err := Sync(context.Background(), opts)
	var le *ListError
	if !errors.As(err, &le) || !strings.HasPrefix(le.Path, "/pub/d2") {
		t.Fatalf("sync over an unreadable folder: %v; want a ListError for /pub/d2", err)
	}
	if n := len(readTree(t, dst, nil)); n != 30 {
		t.Fatalf("%d of 30 local files left", n)
	}
}

func TestVersionFoldersArePrunedByCountAndAge(t *testing.T) {
	root := t.TempDir()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.Local)
	var names []string
	for _, days := range []int{40, 20, 9, 6, 1} {
		name := now.AddDate(0, 0, -days).Format(stampLayout)
		names = append(names, name)
		writeFile(t, filepath.Join(root, "v", name, "a.txt"), []byte(name), now)
	}
	writeFile(t, filepath.Join(root, "v", "not-a-run", "b.txt"), []byte("x"), now)
	v := newVersions(localTree{}, root, "v", now)
	if err := v.prune(context.Background(), 4, 7); err != nil {
		t.Fatal(err)
	}
	var left []string
	entries, _ := os.ReadDir(filepath.Join(root, "v"))
	for _, e := range entries {
		left = append(left, e.Name())
	}
	want := []string{names[3], names[4], "not-a-run"}
	if !slices.Equal(left, want) {
		t.Fatalf("left %v; want %v", left, want)
	}
	// However old, the newest run folder stays.
	v = newVersions(localTree{}, root, "v", now.AddDate(1, 0, 0))
	if err := v.prune(context.Background(), 4, 7); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(filepath.Join(root, "v")); len(entries) != 2 {
		t.Fatalf("%d entries left; want the newest run and not-a-run", len(entries))
	}
}

// A server folder that holds itself (a link to "." listed as a folder) ends
// the sync with an error at the depth limit, never a walk without end.
func TestAServerLoopStopsTheSyncAtTheDepthLimit(t *testing.T) {
	loop := ftptest.Embedded(t, ftpserver.Faults{LoopDir: "again"})
	srv := server{site: plainSite(loop.Host, loop.Port, loop.User, loop.Password), root: loop.Root}
	r := newRig(t, srv)
	makeTree(t, filepath.Join(srv.root, "site"), 2)
	o := Options{Direction: queue.Download, Local: t.TempDir(), Remote: "/site", DryRun: true}
	o.Pool, o.Queue, o.SiteKey = r.pool, r.q, srv.site.Key()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err := Sync(ctx, o)
	if err == nil || !strings.Contains(err.Error(), "folders deep") {
		t.Fatalf("sync of a folder that holds itself: %v, want the depth-limit error", err)
	}
}

// An upload sync makes the server folders it found missing together, parents
// first, their MKDs in one write (not one round trip each), empty folders
// too; on a second run nothing is made.
func TestNewServerFoldersAreMadeTogether(t *testing.T) {
	for _, srv := range []server{embedded(t), realServer(ftptest.Vsftpd(t, false))} {
		name := "embedded"
		if srv.real != nil {
			name = srv.real.Name
		}
		t.Run(name, func(t *testing.T) {
			src := t.TempDir()
			folders := []string{"a", "a/b", "a/b/c", "a/d", "e", "empty"}
			for _, f := range folders {
				if err := os.MkdirAll(filepath.Join(src, f), 0o755); err != nil {
					t.Fatal(err)
				}
				if f != "empty" {
					writeFile(t, filepath.Join(src, f, "x.txt"), []byte(f), time.Now())
				}
			}
			log := session.NewLog(1000)
			r := newRig(t, srv)
			r.pool = session.NewPool(srv.site, session.Options{DialTimeout: 10 * time.Second, IdleTimeout: 20 * time.Second, Log: log})
			t.Cleanup(func() { r.pool.Close() })
			r.sync(t, Options{Direction: queue.Upload, Local: src, Remote: "/dst"})
			requireSameTree(t, src, filepath.Join(srv.root, "dst"))
			if fi, err := os.Stat(filepath.Join(srv.root, "dst", "empty")); err != nil || !fi.IsDir() {
				t.Fatalf("the empty folder on the server: %v", err)
			}
			var mkds []string // "MKD" for a command, "reply" for its answer, in order
			for _, l := range log.Lines() {
				switch {
				case l.Kind == session.LogCommand && strings.HasPrefix(l.Text, "MKD /dst/"):
					mkds = append(mkds, "MKD")
				case l.Kind == session.LogReply && len(mkds) > 0 && len(mkds) < 2*len(folders):
					mkds = append(mkds, "reply")
				}
			}
			if want := len(folders); len(mkds) < want || slices.Contains(mkds[:want], "reply") {
				t.Fatalf("the new folders' MKDs and replies went %v, want %d MKDs before any reply", mkds, want)
			}
			before := len(log.Lines())
			r.sync(t, Options{Direction: queue.Upload, Local: src, Remote: "/dst"})
			for _, l := range log.Lines()[before:] {
				if l.Kind == session.LogCommand && strings.HasPrefix(l.Text, "MKD") {
					t.Fatalf("the second run sent %s", l.Text)
				}
			}
		})
	}
}
