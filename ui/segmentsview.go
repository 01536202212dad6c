package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ferry/internal/units"
	"ferry/queue"
)

// segmentsView shows, under the queue, the segments of the selected job
// when it downloads in segments: each segment's byte range, a bar of its
// bytes, its state and speed. The file as a whole stays in its row.
type segmentsView struct {
	root   *fyne.Container // hidden unless the selected job has segments
	title  *widget.Label
	grid   *fyne.Container
	layout *segmentGrid
	scroll *container.Scroll // shows two rows at most: the window never grows taller than the screen
	cells  []*segmentCell
}

// segmentCell is one segment: its range on the left, a bar of its bytes.
type segmentCell struct {
	root fyne.CanvasObject
	span *widget.Label
	bar  *widget.ProgressBar
	text string // the bar's words
}

func newSegmentsView() *segmentsView {
	v := &segmentsView{title: widget.NewLabel(""), layout: &segmentGrid{}}
	v.grid = container.New(v.layout)
	v.scroll = container.NewVScroll(v.grid)
	v.root = container.NewVBox(v.title, v.scroll)
	v.root.Hide()
	return v
}

// show shows segs, the segments of j (main goroutine); none hides the view.
func (v *segmentsView) show(j *queue.JobStatus, segs []queue.SegmentStatus) {
	if j == nil || len(segs) == 0 {
		v.root.Hide()
		return
	}
	if len(segs) != len(v.cells) {
		v.build(len(segs))
	}
	v.title.SetText(segmentsTitle(segs))
	for i, s := range segs {
		c := v.cells[i]
		c.span.SetText(segmentSpan(i, s))
		c.text = segmentText(s)
		c.bar.SetValue(float64(s.Done) / float64(max(1, s.End-s.Start)))
		c.bar.Refresh() // the words may change while the bar does not
	}
	v.fitRows()
	v.root.Show()
}

// fitRows makes the view as tall as its rows, two at most; more scroll.
func (v *segmentsView) fitRows() {
	rows := min(2, (len(v.cells)+max(1, v.layout.cols)-1)/max(1, v.layout.cols))
	h := v.cells[0].root.MinSize().Height
	want := fyne.NewSize(0, float32(rows)*h+float32(rows-1)*theme.Padding())
	if want != v.scroll.MinSize() {
		v.scroll.SetMinSize(want)
	}
}

// build makes n cells, laid out in as many columns as the width allows.
func (v *segmentsView) build(n int) {
	v.cells = make([]*segmentCell, n)
	objs := make([]fyne.CanvasObject, n)
	for i := range n {
		c := &segmentCell{span: widget.NewLabel(""), bar: widget.NewProgressBar()}
		c.span.TextStyle.Monospace = true // the ranges line up
		c.bar.TextFormatter = func() string { return c.text }
		c.root = container.NewBorder(nil, nil, c.span, nil, c.bar)
		v.cells[i], objs[i] = c, c.root
	}
	v.grid.Objects = objs
	v.grid.Refresh()
}

// segmentGrid lays cells out in rows of as many equal columns as fit the
// width, each at least as wide as the widest cell wants: eight segments
// never make the window wider, nor are their words cut.
type segmentGrid struct {
	cols int // as of the last Layout; the height follows from it
}

func (g *segmentGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	cell, pad := g.cellMin(objs), theme.Padding()
	g.cols = max(1, min(len(objs), int((size.Width+pad)/(cell.Width+pad))))
	w := (size.Width - pad*float32(g.cols-1)) / float32(g.cols)
	for i, o := range objs {
		row, col := i/g.cols, i%g.cols
		o.Move(fyne.NewPos(float32(col)*(w+pad), float32(row)*(cell.Height+pad)))
		o.Resize(fyne.NewSize(w, cell.Height))
	}
}

// MinSize is one cell wide, and as tall as the rows of the last width.
func (g *segmentGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	cell, pad := g.cellMin(objs), theme.Padding()
	rows := (len(objs) + max(1, g.cols) - 1) / max(1, g.cols)
	return fyne.NewSize(cell.Width, float32(rows)*cell.Height+float32(rows-1)*pad)
}

func (g *segmentGrid) cellMin(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m
}

// segmentsTitle counts the segments by state, e.g. "Segments: 4 (3 running, 1 done)".
func segmentsTitle(segs []queue.SegmentStatus) string {
	var count [queue.SegmentFailed + 1]int
	for _, s := range segs {
		if s.State >= 0 && int(s.State) < len(count) {
			count[s.State]++
		}
	}
	var parts []string
	for _, st := range []queue.SegmentState{queue.SegmentRunning, queue.SegmentRetrying, queue.SegmentWaiting,
		queue.SegmentDone, queue.SegmentFailed} {
		if count[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", count[st], st))
		}
	}
	return fmt.Sprintf("Segments: %d (%s)", len(segs), strings.Join(parts, ", "))
}

// segmentSpan is a segment's number and byte range, e.g. " 2   75.0–150.0 MiB",
// padded so that the ranges line up.
func segmentSpan(i int, s queue.SegmentStatus) string {
	return fmt.Sprintf("%2d %16s", i+1, byteRange(s.Start, s.End))
}

// byteRange is "from–to", with the unit written once when both share it.
func byteRange(from, to int64) string {
	a, b := units.Bytes(from), units.Bytes(to)
	if na, ua, ok := strings.Cut(a, " "); ok && strings.HasSuffix(b, " "+ua) {
		return na + "–" + b
	}
	return a + "–" + b
}

// segmentText is what a segment's bar says: bytes in place (the range
// beside it gives the segment's size), state, speed.
func segmentText(s queue.SegmentStatus) string {
	text := fmt.Sprintf("%s, %s", units.Bytes(s.Done), s.State)
	if s.State == queue.SegmentRunning && s.Speed > 0 {
		text += ", " + units.Bytes(int64(s.Speed)) + "/s"
	}
	return text
}
