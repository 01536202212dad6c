package mirror

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"ferry/queue"
	"ferry/session"
)

// The embedded server can set no file's time (no MFMT, no MDTM with a
// time): what it lists is the upload's own time. The record alone keeps a
// second run from sending everything again.
func TestTheRecordKeepsASecondRunEmptyWhereTimesCannotBeSet(t *testing.T) {
	srv := embedded(t)
	r := newRig(t, srv)
	src := filepath.Join(t.TempDir(), "src")
	makeTree(t, src, 40)
	writeFile(t, filepath.Join(srv.root, "probe"), []byte("x"), time.Now())
	err := r.pool.Browse(t.Context(), func(c *session.Conn) error { return c.SetModTime("/probe", time.Now().Add(-time.Hour)) })
	if !errors.Is(err, session.ErrSetTimeUnsupported) {
		t.Fatalf("the embedded server set a time (%v): this test needs one that cannot", err)
	}

	opts := Options{Direction: queue.Upload, Local: src, Remote: "/site"}
	if res, _ := r.sync(t, opts); res.Copies != 40 {
		t.Fatalf("%d copies; want 40", res.Copies)
	}
	if res, plan := r.sync(t, opts); len(res.Jobs) != 0 {
		t.Fatalf("with the record, the second run moved %v", plan)
	}
	// Without it the server's times (the uploads') look newer than the files.
	opts.Records = NewRecords(filepath.Join(t.TempDir(), "empty.db"))
	if res, _ := r.sync(t, opts); res.Updates != 40 {
		t.Fatalf("without the record, %d updates; want all 40 (is the record still needed?)", res.Updates)
	}
}

func TestRecordsRoundTripAndMatchOnlyWhatWasUploaded(t *testing.T) {
	recs := NewRecords(filepath.Join(t.TempDir(), "r.db"))
	local := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	remote := time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC)
	if err := recs.put("pair", map[string]uploaded{"a/b": {size: 10, localTime: local, remoteTime: remote}}); err != nil {
		t.Fatal(err)
	}
	recs.closeQuietly()
	u, ok, err := recs.get("pair", "a/b")
	if err != nil || !ok || u.size != 10 || !u.localTime.Equal(local) || !u.remoteTime.Equal(remote) || u.pending {
		t.Fatalf("read back %+v %v %v", u, ok, err)
	}
	if _, ok, _ := recs.get("other pair", "a/b"); ok {
		t.Fatal("a record leaked into another pair")
	}
	l := Info{Size: 10, ModTime: local}
	onServer := Info{Size: 10, ModTime: remote}
	for _, c := range []struct {
		name    string
		l, r    Info
		want    Kind
		decided bool
	}{
		{"unchanged", l, onServer, Same, true},
		{"local file touched", Info{Size: 10, ModTime: local.Add(time.Hour)}, onServer, NewerHere, true},
		{"server file replaced by someone", l, Info{Size: 10, ModTime: remote.Add(time.Hour)}, 0, false},
		{"server file of another size", l, Info{Size: 11, ModTime: remote}, 0, false},
	} {
		k, decided := knownFromRecord(u, c.l, c.r)
		if decided != c.decided || (decided && k != c.want) {
			t.Errorf("%s: %v %v; want %v %v", c.name, k, decided, c.want, c.decided)
		}
	}
	if err := recs.drop("pair", []string{"a/b"}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := recs.get("pair", "a/b"); ok {
		t.Fatal("dropped record still there")
	}
	recs.closeQuietly()
}
