package ui

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
	"ferry/schedule"
	"ferry/session"
)

func writeAt(t *testing.T, p, text string, mtime time.Time) {
	t.Helper()
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(p, mtime, mtime)
}

// compareRig is a window with a local folder and a server tab that differ:
// same.txt alike, changed.txt newer here, new.txt only here, theirs.txt
// only there.
func compareRig(t *testing.T) (*mainWindow, *ftpserver.Server, string) {
	w := testWindow(t, 0)
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	local := t.TempDir()
	old := time.Now().Add(-3 * time.Hour).Truncate(time.Second)
	writeAt(t, filepath.Join(local, "same.txt"), "same", old)
	writeAt(t, filepath.Join(local, "changed.txt"), "changed here", old.Add(time.Hour))
	writeAt(t, filepath.Join(local, "new.txt"), "new", old)
	writeAt(t, filepath.Join(srv.Root, "same.txt"), "same", old)
	writeAt(t, filepath.Join(srv.Root, "changed.txt"), "before", old)
	writeAt(t, filepath.Join(srv.Root, "theirs.txt"), "theirs", old)
	site := session.Site{Name: "test", Host: srv.Host, Port: srv.Port, Protocol: session.FTP, Logon: session.Normal,
		User: srv.User, Password: srv.Password, AllowPlainPassword: true}
	key := w.env.Sessions.Add(site)
	pool, err := w.env.Sessions.Pool(key)
	if err != nil {
		t.Fatal(err)
	}
	var listing []session.Entry
	if err := pool.Browse(context.Background(), func(c *session.Conn) (err error) { listing, err = c.List("/"); return err }); err != nil {
		t.Fatal(err)
	}
	inUI(func() {
		w.local.show(local, mustList(t, local))
		w.addTab(site, key, pool, "/", listing)
	})
	return w, srv, local
}

func TestCompareMarksRowsInBothPanes(t *testing.T) {
	w, _, _ := compareRig(t)
	inUI(func() {
		w.viewCompare.Action()
		remote := w.current().pane
		for _, c := range []struct {
			p    *pane
			name string
			want mark
		}{
			{w.local, "new.txt", markOnly}, {w.local, "changed.txt", markNewer}, {w.local, "same.txt", noMark},
			{remote, "theirs.txt", markOnly}, {remote, "changed.txt", markOlder}, {remote, "same.txt", noMark},
		} {
			if got := c.p.markOf(c.name); got != c.want {
				t.Errorf("%s in the %s pane: mark %d; want %d", c.name, c.p.title, got, c.want)
			}
		}
		row := slices.IndexFunc(w.local.rows, func(e session.Entry) bool { return e.Name == "new.txt" })
		cell := cellOf(t, w.local, row)
		if cell.bg.Hidden || cell.bg.FillColor != markColors[markOnly] {
			t.Error("the row of a file only here is not coloured")
		}
		if !strings.HasPrefix(w.status.Text, "Comparing folders") {
			t.Errorf("status %q", w.status.Text)
		}
		w.viewCompare.Action()
		if w.local.marks != nil || remote.marks != nil {
			t.Error("the marks stayed after Compare was switched off")
		}
	})
}

// waitLogDrawn waits until the log panel has drawn every line, so that no
// flush of this window's log runs into the next test.
func waitLogDrawn(t *testing.T, w *mainWindow) {
	t.Helper()
	eventually(t, "the log panel", func() bool {
		w.log.mu.Lock()
		defer w.log.mu.Unlock()
		return w.log.timer == nil && len(w.log.pending) == 0 && len(w.log.lines) == len(w.env.Log.Lines())
	})
}

// eventually polls cond (in the UI's turn) until it holds or a deadline.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		var ok bool
		inUI(func() { ok = cond() })
		if ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s: not within 20 s", what)
}

func TestSyncDialogPreviewsThePlanThenRunsIt(t *testing.T) {
	w, srv, _ := compareRig(t)
	var s *syncDialog
	inUI(func() {
		s = &syncDialog{w: w, t: w.current(), local: w.local.dir, remote: "/"}
		s.build()
		s.d.Show()
		s.del.SetChecked(true)
		s.onPreview()
	})
	eventually(t, "the preview", func() bool { return len(s.plan) > 0 })
	inUI(func() {
		want := []string{"update changed.txt", "upload new.txt", "delete theirs.txt"}
		if !slices.Equal(s.plan, want) {
			t.Fatalf("plan %q; want %q", s.plan, want)
		}
		if s.run.Disabled() || !strings.Contains(s.summary.Text, "1 file to copy, 1 file to replace") {
			t.Fatalf("summary %q", s.summary.Text)
		}
		s.onRun()
	})
	eventually(t, "the synchronization", func() bool {
		_, err := os.Stat(filepath.Join(srv.Root, "theirs.txt"))
		data, _ := os.ReadFile(filepath.Join(srv.Root, "changed.txt"))
		return os.IsNotExist(err) && string(data) == "changed here" && w.env.Queue.Snapshot().Totals.Done == 2
	})
	// The run ends by refreshing both panes and writing its line in the log.
	eventually(t, "the log line and the refreshed panes", func() bool {
		logged := slices.ContainsFunc(w.env.Log.Lines(), func(l session.LogLine) bool { return strings.HasPrefix(l.Text, "Synchronized ") })
		return logged && !w.local.work.busy() && !w.current().pane.work.busy()
	})
	waitLogDrawn(t, w)
}

// A plan that would delete most of the server folder stops at the safety
// limit; the dialog then offers to go on, and with the box ticked the
// preview plans the deletions and Run carries them out.
func TestSyncDialogCanGoPastTheSafetyLimitWhenTold(t *testing.T) {
	w, srv, local := compareRig(t)
	for _, name := range []string{"same.txt", "changed.txt"} {
		os.Remove(filepath.Join(local, name)) // the server's 3 files would go
	}
	var s *syncDialog
	inUI(func() {
		s = &syncDialog{w: w, t: w.current(), local: local, remote: "/"}
		s.build()
		s.d.Show()
		s.del.SetChecked(true)
		s.keepDays.SetText("0")
		s.onPreview()
		if !strings.Contains(strings.ToLower(s.summary.Text), "days to keep versions") {
			t.Fatalf("0 days was taken: %q", s.summary.Text)
		}
		if s.force.Visible() {
			t.Fatal("the way past the safety limit shows before it was reached")
		}
		s.keepDays.SetText("")
		s.onPreview()
	})
	eventually(t, "the preview", func() bool { return strings.Contains(s.summary.Text, "would stop") })
	inUI(func() {
		if !strings.Contains(s.summary.Text, "more than half") || !s.force.Visible() || !s.run.Disabled() {
			t.Fatalf("at the safety limit: summary %q, box shown %v, Run enabled %v",
				s.summary.Text, s.force.Visible(), !s.run.Disabled())
		}
		s.force.SetChecked(true)
		s.onPreview()
	})
	eventually(t, "the preview past the limit", func() bool { return !s.run.Disabled() })
	inUI(func() {
		want := []string{"upload new.txt", "delete changed.txt", "delete same.txt", "delete theirs.txt"}
		if !slices.Equal(s.plan, want) {
			t.Fatalf("plan %q; want %q", s.plan, want)
		}
		s.onRun()
	})
	eventually(t, "the synchronization", func() bool {
		entries, _ := os.ReadDir(srv.Root)
		return len(entries) == 1 && entries[0].Name() == "new.txt"
	})
	// As above: the run ends by refreshing both panes; nothing of it may
	// reach the next test.
	eventually(t, "the log line and the refreshed panes", func() bool {
		logged := slices.ContainsFunc(w.env.Log.Lines(), func(l session.LogLine) bool { return strings.HasPrefix(l.Text, "Synchronized ") })
		return logged && !w.local.work.busy() && !w.current().pane.work.busy()
	})
	waitLogDrawn(t, w)
}

func TestSchedulesScreenShowsAFailedRunInOneSentence(t *testing.T) {
	w := testWindow(t, 0)
	st, err := schedule.DefaultStore()
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := l.Addr().String()
	l.Close()
	sc := schedule.Schedule{Name: "nightly", Every: "daily@02:30",
		Task: schedule.Task{Source: t.TempDir(), Target: "ftp://me:secret@" + dead + "/backup"}}
	if err := st.Put(sc); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Run(context.Background(), sc, w.runSchedule); err == nil {
		t.Fatal("a run against a dead server succeeded")
	}
	waitLogDrawn(t, w)
	inUI(func() {
		w.showSchedules()
		s := w.schedWin
		if len(s.list) != 1 {
			t.Fatalf("%d schedules shown", len(s.list))
		}
		if got := scheduleLast(s.results["nightly"]); !strings.Contains(got, "failed: ") || strings.Contains(got, "\n") {
			t.Fatalf("last run %q", got)
		}
		if got := scheduleWhat(s.list[0].Task); strings.Contains(got, "secret") {
			t.Fatalf("the password shows: %q", got)
		}
		s.win.Close()
	})
}
