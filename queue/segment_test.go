package queue

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

// restOffsets lists the offsets of the REST commands the server got, in order.
func restOffsets(t *testing.T, cmds []string) []int64 {
	t.Helper()
	var offs []int64
	for _, c := range cmds {
		if arg, ok := strings.CutPrefix(c, "REST "); ok {
			n, err := strconv.ParseInt(arg, 10, 64)
			if err != nil {
				t.Fatalf("bad REST command %q", c)
			}
			offs = append(offs, n)
		}
	}
	slices.Sort(offs)
	return offs
}

func countPrefix(cmds []string, prefix string) int {
	n := 0
	for _, c := range cmds {
		if strings.HasPrefix(c, prefix) {
			n++
		}
	}
	return n
}

// requireNoLeftovers fails unless the download left neither .part nor map.
func requireNoLeftovers(t *testing.T, local string) {
	t.Helper()
	for _, p := range []string{local + partSuffix, local + partSuffix + segmentMapSuffix} {
		if _, err := os.Lstat(p); !os.IsNotExist(err) {
			t.Fatalf("%s is still there (%v)", filepath.Base(p), err)
		}
	}
}

func TestABigFileComesInSegmentsEachFromItsOwnOffset(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	data := randomBytes(21, 4<<20)
	writeFile(t, filepath.Join(srv.Root, "big.bin"), data)
	local := filepath.Join(t.TempDir(), "big.bin")
	q := newQueue(t, embeddedSite(srv, 4), Options{Segments: 4})

	if err := q.Download(testKey, "/big.bin", local, false); err != nil {
		t.Fatal(err)
	}
	requireAll(t, wait(t, q), Done)
	if !bytes.Equal(readFile(t, local), data) {
		t.Fatal("the download differs from the source")
	}
	requireNoLeftovers(t, local)
	cmds := srv.Commands()
	if got := countPrefix(cmds, "RETR "); got != 4 {
		t.Fatalf("%d RETR commands, want one per segment (4): %v", got, cmds)
	}
	if got, want := restOffsets(t, cmds), []int64{1 << 20, 2 << 20, 3 << 20}; !slices.Equal(got, want) {
		t.Fatalf("REST offsets %v, want %v", got, want)
	}
}

func TestAFileBelowTheThresholdComesOverOneConnection(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	data := randomBytes(22, 2<<20)
	writeFile(t, filepath.Join(srv.Root, "f.bin"), data)
	local := filepath.Join(t.TempDir(), "f.bin")
	q := newQueue(t, embeddedSite(srv, 4), Options{SegmentThreshold: 3 << 20})

	if err := q.Download(testKey, "/f.bin", local, false); err != nil {
		t.Fatal(err)
	}
	requireAll(t, wait(t, q), Done)
	if got := countPrefix(srv.Commands(), "RETR "); got != 1 {
		t.Fatalf("%d RETR commands for a file below the threshold, want 1", got)
	}
}

func TestASegmentWhoseConnectionIsCutIsRetriedAloneFromWhereItStopped(t *testing.T) {
	const cutAt = 300 << 10
	srv := ftptest.Embedded(t, ftpserver.Faults{DropAfter: cutAt, DropTimes: 1})
	data := randomBytes(23, 4<<20)
	writeFile(t, filepath.Join(srv.Root, "big.bin"), data)
	local := filepath.Join(t.TempDir(), "big.bin")
	q := newQueue(t, embeddedSite(srv, 4), Options{Segments: 4})

	if err := q.Download(testKey, "/big.bin", local, false); err != nil {
		t.Fatal(err)
	}
	snap := wait(t, q)
	requireAll(t, snap, Done)
	if !bytes.Equal(readFile(t, local), data) {
		t.Fatal("the download differs from the source")
	}
	if a := snap.Jobs[0].Attempts; a != 1 {
		t.Fatalf("the job took %d attempts; only the cut segment should have been retried", a)
	}
	cmds := srv.Commands()
	if got := countPrefix(cmds, "RETR "); got != 5 {
		t.Fatalf("%d RETR commands, want 4 segments plus 1 retry: %v", got, cmds)
	}
	// The retry starts past the cut, not at a segment's start.
	var resumed bool
	for _, off := range restOffsets(t, cmds) {
		if off%(1<<20) >= cutAt {
			resumed = true
		}
	}
	if !resumed {
		t.Fatalf("no REST resumed a segment from where it was cut: %v", restOffsets(t, cmds))
	}
}

func TestAServerRefusingRESTGetsTheBigFileOverOneConnection(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{NoREST: true})
	data := randomBytes(24, 4<<20)
	writeFile(t, filepath.Join(srv.Root, "big.bin"), data)
	local := filepath.Join(t.TempDir(), "big.bin")
	q := newQueue(t, embeddedSite(srv, 4), Options{Segments: 4})

	if err := q.Download(testKey, "/big.bin", local, false); err != nil {
		t.Fatal(err)
	}
	snap := wait(t, q)
	requireAll(t, snap, Done)
	if !bytes.Equal(readFile(t, local), data) {
		t.Fatal("the download differs from the source")
	}
	requireNoLeftovers(t, local)
	if snap.Jobs[0].Note == "" {
		t.Fatal("the job does not say that the file came over one connection")
	}
	// Segment 0 needs no REST and may have started; then one RETR from zero.
	if got := countPrefix(srv.Commands(), "RETR "); got > 2 {
		t.Fatalf("%d RETR commands, want the first segment at most and one whole-file fetch: %v\n%+v", got, srv.Commands(), snap.Jobs[0])
	}
}

func TestASavedSegmentMapResumesEverySegmentWhereItStopped(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	data := randomBytes(25, 4<<20)
	remote := filepath.Join(srv.Root, "big.bin")
	writeFile(t, remote, data)
	fi, err := os.Stat(remote)
	if err != nil {
		t.Fatal(err)
	}
	local := filepath.Join(t.TempDir(), "big.bin")
	// A killed run: four segments, each partly written, holes between them.
	segs := planSegments(0, int64(len(data)), 4)
	part := make([]byte, len(data))
	var want []int64
	for i, s := range segs {
		got := int64(100<<10) * int64(i+1)
		copy(part[s.Start:], data[s.Start:s.Start+got])
		s.done.Store(got)
		if s.Start > 0 || got > 0 {
			want = append(want, s.Start+got)
		}
	}
	writeFile(t, local+partSuffix, part[:segs[3].Start+segs[3].done.Load()])
	m := &segmentMap{Version: segmentMapVersion, Size: int64(len(data)), ModTime: fi.ModTime().UTC().Truncate(1e9)}
	for _, s := range segs {
		m.Segments = append(m.Segments, savedSegment{Start: s.Start, End: s.End, Done: s.done.Load()})
	}
	if err := writeSegmentMap(local+partSuffix+segmentMapSuffix, m); err != nil {
		t.Fatal(err)
	}
	q := newQueue(t, embeddedSite(srv, 4), Options{Segments: 4})

	if err := q.Download(testKey, "/big.bin", local, false); err != nil {
		t.Fatal(err)
	}
	requireAll(t, wait(t, q), Done)
	if !bytes.Equal(readFile(t, local), data) {
		t.Fatal("the resumed download differs from the source")
	}
	requireNoLeftovers(t, local)
	if got := restOffsets(t, srv.Commands()); !slices.Equal(got, want) {
		t.Fatalf("REST offsets %v, want every segment resumed where it stopped %v", got, want)
	}
}

func TestASegmentMapForAnotherVersionOfTheFileStartsOver(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	data := randomBytes(26, 4<<20)
	writeFile(t, filepath.Join(srv.Root, "big.bin"), data)
	local := filepath.Join(t.TempDir(), "big.bin")
	writeFile(t, local+partSuffix, randomBytes(27, 3<<20))
	stale := &segmentMap{Version: segmentMapVersion, Size: 5 << 20,
		Segments: []savedSegment{{Start: 0, End: 5 << 20, Done: 3 << 20}}}
	if err := writeSegmentMap(local+partSuffix+segmentMapSuffix, stale); err != nil {
		t.Fatal(err)
	}
	q := newQueue(t, embeddedSite(srv, 4), Options{Segments: 4})

	if err := q.Download(testKey, "/big.bin", local, false); err != nil {
		t.Fatal(err)
	}
	requireAll(t, wait(t, q), Done)
	if !bytes.Equal(readFile(t, local), data) {
		t.Fatal("the download kept bytes of another version of the file")
	}
	requireNoLeftovers(t, local)
}
