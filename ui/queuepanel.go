package ui

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ferry/queue"
)

// queueTab is one of the panel's tabs: which jobs it lists.
type queueTab struct {
	title  string
	states queue.StateSet
	count  int // jobs in the tab, as of the last page
	table  *widget.Table
	selRow int // the table's selected row, -1: none
}

// queuePanel is the transfer queue at the bottom of the window. It follows
// pages of the queue at about 10 Hz (the totals and the rows on show);
// nothing is redrawn per byte.
type queuePanel struct {
	env      *Env
	win      fyne.Window
	tabs     []*queueTab
	appTabs  *container.AppTabs
	totals   *widget.Label
	details  *widget.Label // the selected job in full: a long error is never cut off
	selected int64         // job ID of the selected row, 0: none
	pager    *queue.Pager
	want     queue.PageRequest // what was last asked of the pager
	page     queue.Page        // the rows at hand, of the tab shown
	latest   *newestOnMain[queue.Page]
	root     fyne.CanvasObject

	// segView shows the selected job's segments, from segments: those of
	// the page shown (nil when no job on it has any).
	segView  *segmentsView
	segments map[int64][]queue.SegmentStatus

	background bool // the window is not in front: notify when the queue finishes
	wasActive  bool
	expanded   int    // folder walks finished as of the last page
	finished   int    // jobs finished as of the last page
	onIdle     func() // the queue just finished: panes show the new files
	// onExpanded: the folders added have been walked (their server folders
	// made) while transfers go on: the server pane shows the new folders.
	onExpanded func()
}

// newQueuePanel builds the panel; it follows env.Queue's pages at ~10 Hz.
func newQueuePanel(env *Env, win fyne.Window) *queuePanel {
	p := &queuePanel{env: env, win: win, totals: widget.NewLabel(""), details: wrapped(""), segView: newSegmentsView()}
	p.details.Hide()
	p.tabs = []*queueTab{
		{title: "Queued", states: queue.States(queue.Queued, queue.Running, queue.Paused)},
		{title: "Failed", states: queue.States(queue.Failed, queue.Canceled)},
		{title: "Successful", states: queue.States(queue.Done, queue.Skipped)},
	}
	var items []*container.TabItem
	for _, t := range p.tabs {
		t.selRow = -1
		t.table = p.newTable(t)
		items = append(items, container.NewTabItem(t.title, t.table))
	}
	p.appTabs = container.NewAppTabs(items...)
	p.appTabs.OnSelected = func(*container.TabItem) {
		p.selected = 0
		p.showDetails(nil)
		p.ask(p.shown(), 0)
	}

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
	p.root = container.NewBorder(nil, container.NewVBox(p.details, p.segView.root, container.NewBorder(nil, nil, bar, nil, p.totals)), nil, nil,
		container.NewStack(queueRoom(), p.appTabs))

	p.want = queue.PageRequest{States: p.tabs[0].states, Rows: pageRows}
	p.pager = q.NewPager(100*time.Millisecond, p.want)
	// An update takes at most a fifth of the main goroutine: 10 Hz while
	// it is quick, less often when the machine is busy.
	p.latest = &newestOnMain[queue.Page]{apply: p.apply, rest: func(d time.Duration) time.Duration { return 4 * d }}
	go func() {
		for pg := range p.pager.C {
			p.latest.offer(pg)
		}
	}()
	return p
}

// queueRoom keeps room for the tab bar, the header and two rows of the
// queue, so that the split above never squeezes it to a single row.
func queueRoom() fyne.CanvasObject {
	cell := container.NewStack(widget.NewLabel("Upload"), widget.NewProgressBar()).MinSize().Height
	room := canvas.NewRectangle(color.Transparent)
	room.SetMinSize(fyne.NewSize(0, 4*(cell+theme.Padding())))
	return room
}

func (p *queuePanel) newTable(t *queueTab) *widget.Table {
	table := widget.NewTableWithHeaders(
		func() (int, int) { return t.count, len(queueColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewStack(l, widget.NewProgressBar())
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			stack := o.(*fyne.Container)
			label, bar := stack.Objects[0].(*widget.Label), stack.Objects[1].(*widget.ProgressBar)
			j, ok := p.row(t, id.Row)
			if ok && id.Col == qcProgress {
				label.Hide()
				bar.Show()
				if v := fraction(j); bar.Value != v {
					bar.SetValue(v)
				}
				return
			}
			text := "" // a row asked for is drawn when its page comes
			if ok {
				server := ""
				if id.Col == qcServer {
					server = serverName(p.env.Store, j.SiteKey)
				}
				text = jobCell(j, id.Col, server)
			}
			bar.Hide()
			label.Show()
			if label.Text != text { // measuring a text again is most of a redraw
				label.SetText(text)
			}
		})
	table.ShowHeaderColumn = false
	table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(queueColumns[id.Col])
	}
	for i, w := range []float32{100, 150, 230, 200, 80, 110, 80, 60, 320} {
		table.SetColumnWidth(i, w)
	}
	table.OnSelected = func(id widget.TableCellID) {
		if j, ok := p.row(t, id.Row); ok {
			t.selRow = id.Row
			p.selected = j.ID
			p.showDetails(&j)
			p.ask(t, id.Row)
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

// apply shows one page (main goroutine).
func (p *queuePanel) apply(pg queue.Page) {
	p.page = pg
	titles := false
	for i, t := range p.tabs {
		t.count = pg.Totals.In(t.states)
		title := fmt.Sprintf("%s (%d)", t.title, t.count)
		titles = titles || p.appTabs.Items[i].Text != title
		p.appTabs.Items[i].Text = title
	}
	if titles {
		p.appTabs.Refresh() // the titles, and every tab's table
	} else {
		p.shown().table.Refresh()
	}
	p.totals.SetText(totalsText(pg.Totals))
	p.letGoOfAStaleRow(pg)
	p.segments = pg.Segments
	if p.selected != 0 && pg.Request.ID == p.selected {
		p.showDetails(pg.Job)
	}

	s := pg.Totals
	active := s.Queued+s.Running+s.Expanding > 0
	finished := s.Done + s.Failed + s.Skipped
	if !active && finished > p.finished && p.onIdle != nil {
		p.onIdle()
	}
	p.finished = finished
	if s.Expanded > p.expanded && active && p.onExpanded != nil {
		p.onExpanded()
	}
	p.expanded = s.Expanded
	if p.wasActive && !active {
		if p.background {
			fyne.CurrentApp().SendNotification(fyne.NewNotification("Ferry: transfers finished",
				fmt.Sprintf("%d done, %d failed", s.Done, s.Failed)))
		}
	}
	p.wasActive = active
}

// letGoOfAStaleRow unselects the table's row once the selected job left it
// (finished, moved or removed): the table keeps its selection by row, and
// a click on the job now in that row would otherwise do nothing.
func (p *queuePanel) letGoOfAStaleRow(pg queue.Page) {
	t := p.shown()
	i := t.selRow - pg.Request.From
	if t.selRow < 0 || pg.Request.States != t.states || i < 0 || i >= len(pg.Jobs) || pg.Jobs[i].ID == p.selected {
		return
	}
	t.selRow = -1
	t.table.UnselectAll()
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
	escaped := false
	d := dialog.NewCustomConfirm("Unfinished transfers",
		"Resume", "Discard",
		wrapped(leftText(len(paused))+" unfinished last time. Resume them now?"),
		func(resume bool) {
			if escaped {
				return
			}
			for _, id := range paused {
				if resume {
					p.env.Queue.Resume(id)
				} else {
					p.env.Queue.Remove(id)
				}
			}
		}, p.win)
	// Escape neither resumes nor discards: the transfers stay paused.
	showDialog(p.win, d, func() {
		escaped = true
		d.Hide()
	})
}

// object is the panel's root canvas object.
func (p *queuePanel) object() fyne.CanvasObject { return p.root }

// stop ends the panel's pages (main goroutine): nothing is applied after
// it. The goroutine that hands them on ends by itself; it is not waited
// for, as it may be posting a page to this very goroutine.
func (p *queuePanel) stop() {
	p.latest.stop()
	p.pager.Stop()
}
