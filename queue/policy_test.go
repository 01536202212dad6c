package queue

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

func TestPoliciesOnDownloads(t *testing.T) {
	source := randomBytes(7, 1000)
	old := []byte("old content")
	serverTime := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	type disk struct {
		target, part []byte
		targetTime   time.Time
	}
	cases := []struct {
		name      string
		policy    Policy
		ask       func(Question) Answer
		have      disk
		wantState State
		want      []byte // f.txt afterwards
		wantSent  int    // bytes the server sent; -1: not checked
		wantErr   string
		renamedTo string // a file that must hold the source
	}{
		{name: "default fetches a missing file", have: disk{},
			wantState: Done, want: source, wantSent: 1000},
		{name: "default skips an identical file", have: disk{target: source, targetTime: serverTime},
			wantState: Skipped, want: source, wantSent: 0},
		{name: "default resumes a .part", have: disk{part: source[:400]},
			wantState: Done, want: source, wantSent: 600},
		{name: "default refuses a different file", have: disk{target: old, targetTime: serverTime.Add(-time.Hour)},
			wantState: Failed, want: old, wantSent: 0, wantErr: "already exists and differs"},
		{name: "overwrite replaces it", policy: PolicyOverwrite, have: disk{target: old, targetTime: serverTime},
			wantState: Done, want: source, wantSent: 1000},
		{name: "newer replaces an older file", policy: PolicyNewer, have: disk{target: old, targetTime: serverTime.Add(-time.Hour)},
			wantState: Done, want: source, wantSent: 1000},
		{name: "newer keeps a newer file", policy: PolicyNewer, have: disk{target: old, targetTime: serverTime.Add(time.Hour)},
			wantState: Skipped, want: old, wantSent: 0},
		{name: "resume continues a shorter file", policy: PolicyResume, have: disk{target: source[:400], targetTime: serverTime},
			wantState: Done, want: source, wantSent: 600},
		{name: "rename keeps both", policy: PolicyRename, have: disk{target: old, targetTime: serverTime},
			wantState: Done, want: old, wantSent: 1000, renamedTo: "f (1).txt"},
		{name: "skip leaves it", policy: PolicySkip, have: disk{target: old, targetTime: serverTime},
			wantState: Skipped, want: old, wantSent: 0},
		{name: "ask takes the answer", policy: PolicyAsk, have: disk{target: old, targetTime: serverTime},
			ask:       func(Question) Answer { return Answer{Policy: PolicyOverwrite} },
			wantState: Done, want: source, wantSent: 1000},
		{name: "ask without a callback skips", policy: PolicyAsk, have: disk{target: old, targetTime: serverTime},
			wantState: Skipped, want: old, wantSent: 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := ftptest.Embedded(t, ftpserver.Faults{})
			remote := filepath.Join(srv.Root, "f.txt")
			writeFile(t, remote, source)
			if err := os.Chtimes(remote, serverTime, serverTime); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			local := filepath.Join(dir, "f.txt")
			if c.have.target != nil {
				writeFile(t, local, c.have.target)
				if err := os.Chtimes(local, c.have.targetTime, c.have.targetTime); err != nil {
					t.Fatal(err)
				}
			}
			if c.have.part != nil {
				writeFile(t, local+partSuffix, c.have.part)
			}
			var asked []Question
			var mu sync.Mutex
			var ask func(context.Context, Question) Answer
			if c.ask != nil {
				ask = func(_ context.Context, qn Question) Answer {
					mu.Lock()
					asked = append(asked, qn)
					mu.Unlock()
					return c.ask(qn)
				}
			}
			q := newQueue(t, embeddedSite(srv, 2), Options{Policy: c.policy, Ask: ask})

			if err := q.Download(testKey, "/f.txt", local, false); err != nil {
				t.Fatal(err)
			}
			snap := wait(t, q)
			j := snap.Jobs[0]
			if j.State != c.wantState {
				t.Fatalf("state = %v (%s), want %v", j.State, j.Err, c.wantState)
			}
			if !strings.Contains(j.Err, c.wantErr) {
				t.Fatalf("error %q does not say %q", j.Err, c.wantErr)
			}
			if got := readFile(t, local); !bytes.Equal(got, c.want) {
				t.Fatalf("f.txt holds %d bytes %.20q, want %.20q", len(got), got, c.want)
			}
			if c.renamedTo != "" && !bytes.Equal(readFile(t, filepath.Join(dir, c.renamedTo)), source) {
				t.Fatalf("%s does not hold the source", c.renamedTo)
			}
			if sent := srv.BytesSent(); c.wantSent >= 0 && sent != int64(c.wantSent) {
				t.Fatalf("the server sent %d bytes, want %d", sent, c.wantSent)
			}
			if c.ask != nil && (len(asked) != 1 || asked[0].SourceSize != 1000 || asked[0].TargetSize != int64(len(c.have.target))) {
				t.Fatalf("questions = %+v, want one about 1000 vs %d bytes", asked, len(c.have.target))
			}
		})
	}
}

func TestPoliciesOnUploads(t *testing.T) {
	source := randomBytes(8, 1000)
	cases := []struct {
		name         string
		policy       Policy
		remote       []byte
		remoteAge    time.Duration // the server file's age; 0: written now, after the local file's last change
		wantState    State
		want         []byte
		wantReceived int64
	}{
		{"default resumes a shorter remote file", PolicyDefault, source[:300], 0, Done, source, 700},
		// Written before the local file last changed: the start of another version.
		{"default refuses a shorter remote file older than the local one", PolicyDefault, source[:300], 2 * time.Hour, Failed, source[:300], 0},
		{"default refuses a longer different file", PolicyDefault, append(bytes.Clone(source), 'x'), 0, Failed, append(bytes.Clone(source), 'x'), 0},
		{"default skips an identical file", PolicyDefault, source, 0, Skipped, source, 0},
		{"overwrite replaces a longer file", PolicyOverwrite, append(bytes.Clone(source), 'x'), 0, Done, source, 1000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := ftptest.Embedded(t, ftpserver.Faults{})
			local := filepath.Join(t.TempDir(), "f.txt")
			writeFile(t, local, source)
			then := time.Now().Add(-time.Hour)
			if err := os.Chtimes(local, then, then); err != nil {
				t.Fatal(err)
			}
			remote := filepath.Join(srv.Root, "up", "f.txt")
			writeFile(t, remote, c.remote)
			if c.remoteAge > 0 {
				written := time.Now().Add(-c.remoteAge)
				if err := os.Chtimes(remote, written, written); err != nil {
					t.Fatal(err)
				}
			}
			q := newQueue(t, embeddedSite(srv, 2), Options{Policy: c.policy})

			// A folder upload, so that the listing's facts decide.
			if err := q.Upload(testKey, filepath.Dir(local), "/up", true); err != nil {
				t.Fatal(err)
			}
			snap := wait(t, q)
			requireAll(t, snap, c.wantState)
			if got := readFile(t, remote); !bytes.Equal(got, c.want) {
				t.Fatalf("the server holds %d bytes, want %d", len(got), len(c.want))
			}
			if got := srv.BytesReceived(); got != c.wantReceived {
				t.Fatalf("the server received %d bytes, want %d", got, c.wantReceived)
			}
		})
	}
}

func TestRenamedIsFreeNameBeforeTheExtension(t *testing.T) {
	for in, want := range map[string]string{
		"a.txt": "a (2).txt", "archive.tar.gz": "archive.tar (2).gz", ".profile": ".profile (2)", "noext": "noext (2)",
	} {
		if got := renamed(in, 2); got != want {
			t.Errorf("renamed(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestQuestionsComeOneAtATimeAndApplyToAllAnswersTheRest(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	dir := t.TempDir()
	for i := range 6 {
		name := fmt.Sprintf("f%d", i)
		writeFile(t, filepath.Join(srv.Root, name), []byte("new content"))
		writeFile(t, filepath.Join(dir, name), []byte("old"))
	}
	var inFlight, asked, overlaps atomic.Int32
	ask := func(context.Context, Question) Answer {
		if inFlight.Add(1) > 1 {
			overlaps.Add(1)
		}
		defer inFlight.Add(-1)
		asked.Add(1)
		return Answer{Policy: PolicyOverwrite, ApplyToAll: true}
	}
	q := newQueue(t, embeddedSite(srv, 4), Options{Workers: 3, Policy: PolicyAsk, Ask: ask})
	q.PauseAll()
	for i := range 6 {
		name := fmt.Sprintf("f%d", i)
		if err := q.Download(testKey, "/"+name, filepath.Join(dir, name), false); err != nil {
			t.Fatal(err)
		}
	}
	q.ResumeAll()
	requireAll(t, wait(t, q), Done)
	if overlaps.Load() != 0 || asked.Load() != 1 {
		t.Fatalf("asked %d times with %d overlaps, want once", asked.Load(), overlaps.Load())
	}
	for i := range 6 {
		if got := readFile(t, filepath.Join(dir, fmt.Sprintf("f%d", i))); string(got) != "new content" {
			t.Fatalf("f%d holds %q", i, got)
		}
	}
}

// A question whose job is paused goes away (its context ends) instead of
// holding the turn until somebody answers it; asked again on resume, its
// answer applies.
func TestAQuestionIsAbandonedWhenItsJobIsPaused(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	writeFile(t, filepath.Join(srv.Root, "f"), []byte("new content"))
	local := filepath.Join(t.TempDir(), "f")
	writeFile(t, local, []byte("old"))
	abandoned := make(chan struct{})
	var calls atomic.Int32
	ask := func(ctx context.Context, _ Question) Answer {
		if calls.Add(1) == 1 {
			<-ctx.Done() // nobody answers: the pause ends the question
			close(abandoned)
			return Answer{Policy: PolicySkip}
		}
		return Answer{Policy: PolicyOverwrite}
	}
	q := newQueue(t, embeddedSite(srv, 2), Options{Policy: PolicyAsk, Ask: ask})
	if err := q.Download(testKey, "/f", local, false); err != nil {
		t.Fatal(err)
	}
	waitFor(t, q, "the question", func(Snapshot) bool { return calls.Load() == 1 })
	q.Pause(1)
	select {
	case <-abandoned:
	case <-time.After(10 * time.Second):
		t.Fatal("the question stayed open after its job was paused")
	}
	waitFor(t, q, "the job paused", func(s Snapshot) bool { return s.Jobs[0].State == Paused })
	q.Resume(1)
	requireAll(t, wait(t, q), Done)
	if got := readFile(t, local); string(got) != "new content" {
		t.Fatalf("the answer given on resume did not apply: %q", got)
	}
}
