package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"
)

// Scrolled far down a long tab, the panel asks the queue for the rows the
// table draws and shows them when their page comes: it never holds the
// whole queue, only pages of 200 rows.
func TestAQueueTabScrolledFarShowsTheRowsThere(t *testing.T) {
	w := testWindow(t, 0)
	dir := t.TempDir()
	const jobs = pageRows + pageRows/2
	for i := range jobs {
		f := filepath.Join(dir, fmt.Sprintf("f%04d", i))
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := w.env.Queue.Upload("no such site", f, "/", false); err != nil {
			t.Fatal(err)
		}
	}
	p, failed := w.queue, w.queue.tabs[1]
	deadline := time.Now().Add(time.Minute)
	var count int
	for ; count != jobs && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		inUI(func() { count = failed.count })
	}
	if count != jobs {
		t.Fatalf("the Failed tab counts %d jobs, want %d", count, jobs)
	}

	inUI(func() {
		p.appTabs.SelectIndex(1)
		failed.table.ScrollTo(widget.TableCellID{Row: jobs - 1})
	})
	last := filepath.Join(dir, fmt.Sprintf("f%04d", jobs-1))
	var shown string
	for ; shown != last && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		inUI(func() {
			pg := p.page // what the panel holds, read without asking for more
			if i := jobs - 1 - pg.Request.From; pg.Request.States == failed.states && i >= 0 && i < len(pg.Jobs) {
				shown = pg.Jobs[i].Local
			}
		})
	}
	if shown != last {
		t.Fatalf("the last row shows %q, want %s", shown, last)
	}
	inUI(func() {
		if n := len(p.page.Jobs); n > pageRows {
			t.Errorf("the panel holds %d rows, more than a page", n)
		}
	})
}

// The table keeps its selection by row: once the selected job left its row,
// a click on the job now there selects that job.
func TestAClickOnTheRowASelectedJobLeftSelectsTheJobNowThere(t *testing.T) {
	w := testWindow(t, 0)
	dir := t.TempDir()
	for i := range 3 {
		f := filepath.Join(dir, fmt.Sprintf("f%d", i))
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := w.env.Queue.Upload("no such site", f, "/", false); err != nil {
			t.Fatal(err)
		}
	}
	p, failed := w.queue, w.queue.tabs[1]
	pollUI(t, "three failed jobs", func() bool { return failed.count == 3 })
	inUI(func() { p.appTabs.SelectIndex(1) })
	var first, second int64
	pollUI(t, "the Failed tab's rows", func() bool {
		if pg := p.page; pg.Request.States == failed.states && len(pg.Jobs) == 3 {
			first, second = pg.Jobs[0].ID, pg.Jobs[1].ID
			return true
		}
		return false
	})
	inUI(func() { failed.table.Select(widget.TableCellID{Row: 0, Col: 1}) })
	inUI(func() {
		if p.selected != first {
			t.Fatalf("selected %d, want the first job %d", p.selected, first)
		}
	})
	w.env.Queue.Remove(first)
	pollUI(t, "the second job in the first row", func() bool {
		pg := p.page
		return failed.count == 2 && len(pg.Jobs) > 0 && pg.Jobs[0].ID == second
	})
	inUI(func() { failed.table.Select(widget.TableCellID{Row: 0, Col: 1}) })
	inUI(func() {
		if p.selected != second {
			t.Errorf("a click on the first row selected %d, want the job now there (%d)", p.selected, second)
		}
	})
}
