package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ferry/queue"
)

// queueTab is one of the panel's tabs: which jobs it lists.
type queueTab struct {
	title string
	holds func(queue.State) bool
	// all is the snapshot shown (shared by the tabs, never copied: with
	// 100,000 jobs it is megabytes); rows index the tab's jobs in it.
	all   []queue.JobStatus
	rows  []int32
	table *widget.Table
}

// job is the tab's row-th job.
func (t *queueTab) job(row int) queue.JobStatus { return t.all[t.rows[row]] }

// queuePanel is the transfer queue at the bottom of the window. It follows
// the queue's snapshots at about 10 Hz; nothing is redrawn per byte.
type queuePanel struct {
	env      *Env
	win      fyne.Window
	tabs     []*queueTab
	appTabs  *container.AppTabs
	totals   *widget.Label
	details  *widget.Label // the selected job in full: a long error is never cut off
	selected int64         // job ID of the selected row, 0: none
	cancel   func()
	done     chan struct{} // closed when the snapshot goroutine ends
	root     fyne.CanvasObject

	// segView shows the selected job's segments, from segments: those of
	// the snapshot shown (nil when no job has any).
	segView  *segmentsView
	segments map[int64][]queue.SegmentStatus

	background bool // the window is not in front: notify when the queue finishes
	wasActive  bool
	finished   int    // jobs finished as of the last snapshot
	onIdle     func() // the queue just finished: panes show the new files
}

// newQueuePanel builds the panel; it follows env.Queue's snapshots at ~10 Hz.
func newQueuePanel(env *Env, win fyne.Window) *queuePanel {
	p := &queuePanel{env: env, win: win, totals: widget.NewLabel(""), details: wrapped(""), segView: newSegmentsView()}
	p.details.Hide()
	p.tabs = []*queueTab{
		{title: "Queued", holds: func(s queue.State) bool { return s == queue.Queued || s == queue.Running || s == queue.Paused }},
		{title: "Failed", holds: func(s queue.State) bool { return s == queue.Failed || s == queue.Canceled }},
		{title: "Successful", holds: func(s queue.State) bool { return s == queue.Done || s == queue.Skipped }},
	}
	var items []*container.TabItem
	for _, t := range p.tabs {
		t.table = p.newTable(t)
		items = append(items, container.NewTabItem(t.title, t.table))
	}
	p.appTabs = container.NewAppTabs(items...)
	p.appTabs.OnSelected = func(*container.TabItem) { p.selected = 0; p.showDetails(nil) }

	q := env.Queue
	act := func(f func(int64)) func() {
		return func() {
			if p.selected != 0 {
				f(p.selected)
			}
		}
	}
	bar := container.NewHBox(
		widget.NewButtonWithIcon("Pause all", theme.MediaPauseIcon(), q.PauseAll),
		widget.NewButtonWithIcon("Resume all", theme.MediaPlayIcon(), q.ResumeAll),
		widget.NewButtonWithIcon("Clear finished", theme.ContentClearIcon(), q.ClearFinished),
		widget.NewSeparator(),
		widget.NewButton("Pause", act(q.Pause)),
		widget.NewButton("Resume", act(q.Resume)),
		widget.NewButton("Retry", act(q.Retry)),
		widget.NewButton("Remove", act(q.Remove)),
		widget.NewButtonWithIcon("", theme.MoveUpIcon(), act(q.MoveTop)),
		widget.NewButtonWithIcon("", theme.MoveDownIcon(), act(q.MoveBottom)),
	)
	p.root = container.NewBorder(nil, container.NewVBox(p.details, p.segView.root, container.NewBorder(nil, nil, bar, nil, p.totals)), nil, nil, p.appTabs)

	snaps, cancel := q.Subscribe(100 * time.Millisecond)
	p.cancel = cancel
	p.done = make(chan struct{})
	latest := &newestOnMain[queue.Snapshot]{apply: p.apply}
	go func() {
		defer close(p.done)
		for s := range snaps {
			latest.offer(s)
		}
	}()
	return p
}

func (p *queuePanel) newTable(t *queueTab) *widget.Table {
	table := widget.NewTableWithHeaders(
		func() (int, int) { return len(t.rows), len(queueColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewStack(l, widget.NewProgressBar())
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			stack := o.(*fyne.Container)
			label, bar := stack.Objects[0].(*widget.Label), stack.Objects[1].(*widget.ProgressBar)
			if id.Row >= len(t.rows) {
				return
			}
			j := t.job(id.Row)
			if id.Col == qcProgress {
				label.Hide()
				bar.Show()
				bar.SetValue(fraction(j))
				return
			}
			bar.Hide()
			label.Show()
			label.SetText(jobCell(j, id.Col, serverName(p.env.Store, j.SiteKey)))
		})
	table.ShowHeaderColumn = false
	table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(queueColumns[id.Col])
	}
	for i, w := range []float32{100, 150, 230, 200, 80, 110, 80, 60, 320} {
		table.SetColumnWidth(i, w)
	}
	table.OnSelected = func(id widget.TableCellID) {
		if id.Row < len(t.rows) {
			p.selected = t.job(id.Row).ID
			p.showDetails(&t.all[t.rows[id.Row]])
		}
	}
	return table
}

func fraction(j queue.JobStatus) float64 {
	if j.State == queue.Done || j.State == queue.Skipped {
		return 1
	}
	if j.Size <= 0 {
		return 0
	}
	return min(1, float64(j.Done)/float64(j.Size))
}

// apply shows one snapshot (main goroutine).
func (p *queuePanel) apply(s queue.Snapshot) {
	for _, t := range p.tabs {
		t.all, t.rows = s.Jobs, t.rows[:0]
		for i, j := range s.Jobs {
			if t.holds(j.State) {
				t.rows = append(t.rows, int32(i))
			}
		}
	}
	for i, t := range p.tabs {
		p.appTabs.Items[i].Text = fmt.Sprintf("%s (%d)", t.title, len(t.rows))
		t.table.Refresh()
	}
	p.appTabs.Refresh()
	p.totals.SetText(totalsText(s.Totals))
	p.segments = s.Segments
	if p.selected != 0 {
		p.showDetails(p.job(s, p.selected))
	}

	active := s.Totals.Queued+s.Totals.Running+s.Totals.Expanding > 0
	finished := s.Totals.Done + s.Totals.Failed + s.Totals.Skipped
	if !active && finished > p.finished && p.onIdle != nil {
		p.onIdle()
	}
	p.finished = finished
	if p.wasActive && !active {
		if p.background {
			fyne.CurrentApp().SendNotification(fyne.NewNotification("Ferry: transfers finished",
				fmt.Sprintf("%d done, %d failed", s.Totals.Done, s.Totals.Failed)))
		}
	}
	p.wasActive = active
}

// job is the job with id in s, nil if it is gone.
func (p *queuePanel) job(s queue.Snapshot, id int64) *queue.JobStatus {
	for i := range s.Jobs {
		if s.Jobs[i].ID == id {
			return &s.Jobs[i]
		}
	}
	return nil
}

// showDetails shows a job's whole status under the table (nil hides it).
func (p *queuePanel) showDetails(j *queue.JobStatus) {
	if j == nil {
		p.details.Hide()
		p.segView.show(nil, nil)
		return
	}
	p.segView.show(j, p.segments[j.ID])
	what := displayName(j.Remote)
	if j.Dir == queue.Upload {
		what = j.Local
	}
	p.details.SetText(fmt.Sprintf("%s %s: %s", jobCell(*j, qcDirection, ""), what, jobStatus(*j)))
	p.details.Show()
}

// offerRestored asks whether to resume jobs left from the last run, which
// the queue restored paused.
func (p *queuePanel) offerRestored() {
	var paused []int64
	for _, j := range p.env.Queue.Snapshot().Jobs {
		if j.State == queue.Paused {
			paused = append(paused, j.ID)
		}
	}
	if len(paused) == 0 {
		return
	}
	dialog.ShowCustomConfirm("Unfinished transfers",
		"Resume", "Discard",
		wrapped(leftText(len(paused))+" unfinished last time. Resume them now?"),
		func(resume bool) {
			for _, id := range paused {
				if resume {
					p.env.Queue.Resume(id)
				} else {
					p.env.Queue.Remove(id)
				}
			}
		}, p.win)
}

// object is the panel's root canvas object.
func (p *queuePanel) object() fyne.CanvasObject { return p.root }

// stop ends the panel's snapshot subscription.
func (p *queuePanel) stop() {
	p.cancel()
	<-p.done
}
