package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"ferry/internal/units"
	"ferry/queue"
)

// segmentsView shows, under the queue, the segments of the selected job
// when it downloads in segments: each segment's byte range, a bar of its
// bytes, its state and speed. The file as a whole stays in its row.
type segmentsView struct {
	root  *fyne.Container // hidden unless the selected job has segments
	title *widget.Label
	grid  *fyne.Container
	cells []*segmentCell
}

// segmentCell is one segment: its range on the left, a bar of its bytes.
type segmentCell struct {
	root fyne.CanvasObject
	span *widget.Label
	bar  *widget.ProgressBar
	text string // the bar's words
}

func newSegmentsView() *segmentsView {
	v := &segmentsView{title: widget.NewLabel(""), grid: container.NewGridWithColumns(2)}
	v.root = container.NewVBox(v.title, v.grid)
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
	v.root.Show()
}

// build makes n cells, two to a row (four when there are more than eight),
// so that eight segments take four rows.
func (v *segmentsView) build(n int) {
	cols := 2
	if n > 8 {
		cols = 4
	}
	v.cells = make([]*segmentCell, n)
	objs := make([]fyne.CanvasObject, n)
	for i := range n {
		c := &segmentCell{span: widget.NewLabel(""), bar: widget.NewProgressBar()}
		c.span.TextStyle.Monospace = true // the ranges line up
		c.bar.TextFormatter = func() string { return c.text }
		c.root = container.NewBorder(nil, nil, c.span, nil, c.bar)
		v.cells[i], objs[i] = c, c.root
	}
	v.grid.Layout = layout.NewGridLayoutWithColumns(cols)
	v.grid.Objects = objs
	v.grid.Refresh()
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

// segmentSpan is a segment's number and byte range, e.g. "2  75.0 MiB–150.0 MiB".
func segmentSpan(i int, s queue.SegmentStatus) string {
	return fmt.Sprintf("%2d %10s–%-10s", i+1, units.Bytes(s.Start), units.Bytes(s.End))
}

// segmentText is what a segment's bar says: bytes in place, state, speed.
func segmentText(s queue.SegmentStatus) string {
	text := fmt.Sprintf("%s of %s, %s", units.Bytes(s.Done), units.Bytes(s.End-s.Start), s.State)
	if s.State == queue.SegmentRunning && s.Speed > 0 {
		text += ", " + units.Bytes(int64(s.Speed)) + "/s"
	}
	return text
}
