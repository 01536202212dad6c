package ui

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
	"ferry/queue"
	"ferry/session"
)

// segmentedPage is the Queued tab of a queue with one plain job (ID 1) and
// one download in four segments (ID 2), the latter asked for by ID.
func segmentedPage() queue.Page {
	const mib = 1 << 20
	segs := []queue.SegmentStatus{
		{Start: 0, End: 75 * mib, Done: 75 * mib, State: queue.SegmentDone},
		{Start: 75 * mib, End: 150 * mib, Done: 40 * mib, State: queue.SegmentRunning, Speed: 2 * mib},
		{Start: 150 * mib, End: 225 * mib, Done: 10 * mib, State: queue.SegmentRetrying},
		{Start: 225 * mib, End: 300 * mib, Done: 30 * mib, State: queue.SegmentRunning, Speed: 3 * mib},
	}
	jobs := []queue.JobStatus{
		{Job: queue.Job{ID: 1, Remote: "/small.txt", Size: 10, State: queue.Running}},
		{Job: queue.Job{ID: 2, Remote: "/big.iso", Size: 300 * mib, Done: 155 * mib, State: queue.Running}, Speed: 5 * mib},
	}
	return queue.Page{
		Request:  queue.PageRequest{States: queue.States(queue.Queued, queue.Running, queue.Paused), Rows: pageRows, ID: 2},
		Totals:   queue.Totals{Files: 2, Running: 2},
		Count:    2,
		Jobs:     jobs,
		Job:      &jobs[1],
		Segments: map[int64][]queue.SegmentStatus{2: segs},
	}
}

func TestTheSelectedSegmentedDownloadShowsItsSegments(t *testing.T) {
	w := testWindow(t, 0)
	w.queue.stop() // only the pages given here
	p, v := w.queue, w.queue.segView
	table := p.tabs[0].table
	inUI(func() {
		p.apply(segmentedPage())
		table.Select(widget.TableCellID{Row: 1, Col: 0})
	})
	inUI(func() {
		if !v.root.Visible() || len(v.cells) != 4 {
			t.Fatalf("the segments of the selected download are not shown (%d cells)", len(v.cells))
		}
		if got := v.title.Text; got != "Segments: 4 (2 running, 1 retrying, 1 done)" {
			t.Errorf("title %q", got)
		}
		second := v.cells[1]
		if got := second.span.Text; !strings.Contains(got, "75.0–150.0 MiB") {
			t.Errorf("the second segment's range reads %q", got)
		}
		if got := second.text; got != "40.0 MiB, running, 2.0 MiB/s" {
			t.Errorf("the second segment's bar reads %q", got)
		}
		if got := second.bar.Value; got < 0.53 || got > 0.54 {
			t.Errorf("the second segment's bar is at %v, want 40/75", got)
		}
		if got := v.cells[2].text; !strings.Contains(got, "retrying") || strings.Contains(got, "/s") {
			t.Errorf("a retrying segment reads %q", got)
		}

		table.Select(widget.TableCellID{Row: 0, Col: 0})
		if v.root.Visible() {
			t.Error("a download without segments shows segments")
		}
		table.Select(widget.TableCellID{Row: 1, Col: 0})
		done := segmentedPage()
		done.Job.State, done.Segments = queue.Done, nil
		p.apply(done)
		if v.root.Visible() {
			t.Error("the segments stay on show after the download finished")
		}
	})
}

func TestASitesSegmentsAreSavedWithIt(t *testing.T) {
	m, _ := folderManager(t)
	q, err := queue.New(queue.Options{Connect: func(string) (*session.Pool, error) { return nil, errors.New("no server here") }})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	m.env.Queue = q
	home, _ := m.env.Store.Get("Home")
	sel := m.transfer.segments
	inUI(func() {
		m.load(home)
		if sel.SelectedIndex() != 0 {
			t.Errorf("a site saved without segments shows %q, want Automatic", sel.Selected)
		}
		sel.SetSelected("3 connections per file")
		if _, ok := m.save(); !ok {
			t.Fatal("the site was not saved")
		}
	})
	saved, _ := m.env.Store.Get("Home")
	if saved.Segments != 3 {
		t.Fatalf("saved segments %d, want 3", saved.Segments)
	}
	inUI(func() {
		m.load(session.Site{Name: "x"})
		m.load(saved)
		if got := sel.Selected; got != "3 connections per file" {
			t.Errorf("the saved choice shows as %q", got)
		}
		sel.SetSelectedIndex(1)
		m.save()
	})
	if saved, _ = m.env.Store.Get("Home"); saved.Segments != 1 {
		t.Fatalf("Off saved as %d, want 1", saved.Segments)
	}
	// A number written by hand beyond the choices survives a save.
	saved.Segments = 12
	inUI(func() {
		m.load(saved)
		if got := selectedSegments(sel); got != 12 {
			t.Errorf("a site with 12 segments reads back %d", got)
		}
	})
}

func TestTheSegmentThresholdIsSetFromTheWindowAndAppliedToTheQueue(t *testing.T) {
	w := testWindow(t, 0)
	if got := w.env.Queue.SegmentThreshold(); got != 64<<20 {
		t.Fatalf("default threshold %d, want 64 MiB", got)
	}
	inUI(func() {
		w.askSegmentThreshold()
		answer(t, w.win, "256", "Set")
	})
	if got := w.env.Queue.SegmentThreshold(); got != 256<<20 {
		t.Fatalf("queue threshold %d, want 256 MiB", got)
	}
	if w.env.Prefs.Int(segmentThresholdPref) != 256 {
		t.Fatal("the threshold is not remembered")
	}
	for _, bad := range []string{"0", "big", ""} {
		if _, err := parseMiB(bad); err == nil {
			t.Errorf("%q was taken as a size", bad)
		}
	}
}

// Nine segments fit a 1280-pixel window: the grid takes as many columns as
// the width allows, never more, and no cell is narrower than its words.
func TestNineSegmentsNeitherWidenTheWindowNorCutTheirWords(t *testing.T) {
	test.NewTempApp(t)
	const mib = 1 << 20
	var segs []queue.SegmentStatus
	for i := range int64(9) {
		segs = append(segs, queue.SegmentStatus{Start: i * 34 * mib, End: (i + 1) * 34 * mib, Done: 7 * mib,
			State: queue.SegmentRunning, Speed: 2 * mib})
	}
	// Other tests' windows may still redraw: widgets are touched in turn.
	inUI(func() {
		v := newSegmentsView()
		win := test.NewWindow(v.root)
		defer win.Close()
		v.show(&queue.JobStatus{Job: queue.Job{ID: 2}}, segs)
		win.Resize(fyne.NewSize(1280, 600))
		if w := v.root.MinSize().Width; w > 640 {
			t.Fatalf("the segments want %v pixels of width", w)
		}
		grid := v.grid.Size()
		cols := 0
		for _, c := range v.cells {
			pos, size := c.root.Position(), c.root.Size()
			if size.Width < c.root.MinSize().Width {
				t.Errorf("a cell is %v wide, its words need %v", size.Width, c.root.MinSize().Width)
			}
			if pos.X+size.Width > grid.Width+0.5 {
				t.Errorf("a cell ends at %v, past the grid's %v", pos.X+size.Width, grid.Width)
			}
			if pos.Y == 0 {
				cols++
			}
		}
		if cols < 3 {
			t.Errorf("%d columns in 1280 pixels, want three: eight segments in three rows", cols)
		}
		// Two rows show; the rest scroll, so the window never outgrows the screen.
		cellH, pad := v.cells[0].root.MinSize().Height, theme.Padding()
		if h := v.root.MinSize().Height; h > v.title.MinSize().Height+2*cellH+3*pad+1 {
			t.Errorf("the segments want %v pixels of height, more than a title and two rows", h)
		}
		if rows := (9 + cols - 1) / cols; v.grid.MinSize().Height < float32(rows)*v.cells[0].root.MinSize().Height {
			t.Errorf("the grid asks for %v pixels of height, too few for %d rows", v.grid.MinSize().Height, rows)
		}
	})
}

// A site edited in the site manager to three segments, while its
// connections are open, downloads its next big file over three connections
// (automatic would take all four), from the size set for the app.
func TestASiteEditedToThreeSegmentsDownloadsItsNextBigFileOverThree(t *testing.T) {
	w := testWindow(t, 0)
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	data := bytes.Repeat([]byte("segment!"), 512<<10) // 4 MiB
	if err := os.WriteFile(filepath.Join(srv.Root, "big.bin"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	site := session.Site{Name: "Segmented", Host: srv.Host, Port: srv.Port, Protocol: session.FTP, Logon: session.Normal,
		User: srv.User, SavedPassword: srv.Password, AllowPlainPassword: true, MaxConns: 4}
	if err := w.env.Store.Put(site); err != nil {
		t.Fatal(err)
	}
	site, _ = w.env.Store.Get("Segmented")
	key := session.KeyOf(site)
	if _, err := w.env.Sessions.Pool(key); err != nil { // open before the edit
		t.Fatal(err)
	}
	var m *siteManager
	inUI(func() { // the window's queue panel redraws meanwhile
		m = newSiteManager(w.env, test.NewWindow(nil), func(session.Site) {})
		w.setSegmentThreshold(1)
		m.load(site)
		m.transfer.segments.SetSelected("3 connections per file")
		if _, ok := m.save(); !ok {
			t.Fatal("the site was not saved")
		}
	})

	local := filepath.Join(t.TempDir(), "big.bin")
	if err := w.env.Queue.Download(key, "/big.bin", local, false); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := w.env.Queue.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(local); !bytes.Equal(got, data) {
		t.Fatal("the download differs from the source")
	}
	retrs := 0
	for _, c := range srv.Commands() {
		if strings.HasPrefix(c, "RETR ") {
			retrs++
		}
	}
	if retrs != 3 {
		t.Fatalf("%d RETR commands, want one per segment (3)", retrs)
	}
}

// The site manager's "one command at a time" box is saved with the site
// and shown again when the site is loaded.
func TestOneCommandAtATimeIsSavedWithTheSite(t *testing.T) {
	w := testWindow(t, 0)
	site := session.Site{Name: "Careful", Host: "127.0.0.1", Port: 21, Protocol: session.FTP, Logon: session.Anonymous}
	if err := w.env.Store.Put(site); err != nil {
		t.Fatal(err)
	}
	site, _ = w.env.Store.Get("Careful")
	inUI(func() {
		m := newSiteManager(w.env, test.NewWindow(nil), func(session.Site) {})
		m.load(site)
		if m.oneAtATime.Checked {
			t.Fatal("checked for a site that never asked")
		}
		m.oneAtATime.SetChecked(true)
		if _, ok := m.save(); !ok {
			t.Fatal("the site was not saved")
		}
		saved, _ := w.env.Store.Get("Careful")
		if !saved.OneCommandAtATime {
			t.Fatal("the choice was not saved")
		}
		m.load(site)
		m.load(saved)
		if !m.oneAtATime.Checked {
			t.Error("the saved choice is not shown again")
		}
	})
}
