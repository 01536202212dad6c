package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ferry/internal/units"
	"ferry/queue"
)

// queueTab is one of the panel's tabs: which jobs it lists.
type queueTab struct {
	title string
	holds func(queue.State) bool
	jobs  []queue.JobStatus
	table *widget.Table
}

// queuePanel is the transfer queue at the bottom of the window. It follows
// the queue's snapshots at about 10 Hz; nothing is redrawn per byte.
type queuePanel struct {
	env      *Env
	win      fyne.Window
	tabs     []*queueTab
	appTabs  *container.AppTabs
	totals   *widget.Label
	selected int64 // job ID of the selected row, 0: none
	cancel   func()
	done     chan struct{} // closed when the snapshot goroutine ends
	root     fyne.CanvasObject

	background bool // the window is not in front: notify when the queue finishes
	wasActive  bool
	finished   int    // jobs finished as of the last snapshot
	onIdle     func() // the queue just finished: panes show the new files
}

var queueColumns = []string{"", "Local file", "Server file", "Size", "Progress", "Speed", "ETA", "Status"}

// newQueuePanel builds the panel; it follows env.Queue's snapshots at ~10 Hz.
func newQueuePanel(env *Env, win fyne.Window) *queuePanel {
	p := &queuePanel{env: env, win: win, totals: widget.NewLabel("")}
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
	p.appTabs.OnSelected = func(*container.TabItem) { p.selected = 0 }

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
	p.root = container.NewBorder(nil, container.NewBorder(nil, nil, bar, nil, p.totals), nil, nil, p.appTabs)

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
		func() (int, int) { return len(t.jobs), len(queueColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewStack(l, widget.NewProgressBar())
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			stack := o.(*fyne.Container)
			label, bar := stack.Objects[0].(*widget.Label), stack.Objects[1].(*widget.ProgressBar)
			if id.Row >= len(t.jobs) {
				return
			}
			j := t.jobs[id.Row]
			if id.Col == 4 {
				label.Hide()
				bar.Show()
				bar.SetValue(fraction(j))
				return
			}
			bar.Hide()
			label.Show()
			label.SetText(jobCell(j, id.Col))
		})
	table.ShowHeaderColumn = false
	table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(queueColumns[id.Col])
	}
	for i, w := range []float32{40, 260, 220, 80, 120, 90, 70, 260} {
		table.SetColumnWidth(i, w)
	}
	table.OnSelected = func(id widget.TableCellID) {
		if id.Row < len(t.jobs) {
			p.selected = t.jobs[id.Row].ID
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

// jobCell is the text of one queue cell.
func jobCell(j queue.JobStatus, col int) string {
	switch col {
	case 0:
		if j.Dir == queue.Upload {
			return "↑"
		}
		return "↓"
	case 1:
		return j.Local
	case 2:
		return displayName(j.Remote)
	case 3:
		if j.Size < 0 {
			return ""
		}
		return units.Bytes(j.Size)
	case 5:
		if j.State != queue.Running || j.Speed <= 0 {
			return ""
		}
		return units.Bytes(int64(j.Speed)) + "/s"
	case 6:
		if j.State != queue.Running {
			return ""
		}
		return formatETA(j.ETA)
	case 7:
		return jobStatus(j)
	}
	return ""
}

// jobStatus says in words where a job stands.
func jobStatus(j queue.JobStatus) string {
	switch j.State {
	case queue.Queued:
		if j.Attempts > 0 {
			return fmt.Sprintf("Waiting to retry (attempt %d)", j.Attempts+1)
		}
		return "Waiting"
	case queue.Running:
		return "Transferring"
	case queue.Paused:
		return "Paused"
	case queue.Done:
		if j.Note != "" {
			return "Done. " + j.Note
		}
		return "Done"
	case queue.Skipped:
		if j.Note != "" { // skipped on purpose while walking a folder
			return j.Note
		}
		return "Skipped: the target was already there"
	case queue.Canceled:
		return "Cancelled"
	}
	if j.Err != "" {
		return j.Err
	}
	return "Failed"
}

// apply shows one snapshot (main goroutine).
func (p *queuePanel) apply(s queue.Snapshot) {
	for _, t := range p.tabs {
		t.jobs = t.jobs[:0]
		for _, j := range s.Jobs {
			if t.holds(j.State) {
				t.jobs = append(t.jobs, j)
			}
		}
	}
	for i, t := range p.tabs {
		p.appTabs.Items[i].Text = fmt.Sprintf("%s (%d)", t.title, len(t.jobs))
		t.table.Refresh()
	}
	p.appTabs.Refresh()
	p.totals.SetText(totalsText(s.Totals))

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

func totalsText(t queue.Totals) string {
	if t.Files == 0 {
		return "No transfers"
	}
	text := fmt.Sprintf("%s: %d done, %d failed, %s of %s", plural(t.Files, "file"), t.Done+t.Skipped, t.Failed,
		units.Bytes(t.BytesDone), units.Bytes(t.Bytes))
	if t.Speed > 0 && t.Running > 0 {
		text += ", " + units.Bytes(int64(t.Speed)) + "/s"
	}
	if eta := formatETA(t.ETA); eta != "" && t.Running > 0 {
		text += ", " + eta + " left"
	}
	return text
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
		wrapped(fmt.Sprintf("%s were left unfinished last time. Resume them now?", plural(len(paused), "transfer"))),
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
