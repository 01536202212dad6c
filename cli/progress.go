package cli

import (
	"fmt"
	"io"
	"time"

	"ferry/internal/units"
	"ferry/queue"
)

// progressLine redraws one terminal line about four times a second.
type progressLine struct {
	cancel func()
	done   chan struct{}
}

func startProgress(q *queue.Queue, w io.Writer) *progressLine {
	// The totals and the first running job (for its segments), without a
	// copy of every job.
	pager := q.NewPager(250*time.Millisecond, queue.PageRequest{States: queue.States(queue.Running), Rows: 1})
	p := &progressLine{cancel: pager.Stop, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		for s := range pager.C {
			fmt.Fprintf(w, "\r\x1b[K%s", progressText(s.Totals)+segmentsText(s))
		}
		fmt.Fprint(w, "\r\x1b[K")
	}()
	return p
}

func (p *progressLine) stop() {
	p.cancel()
	<-p.done
}

func progressText(t queue.Totals) string {
	text := fmt.Sprintf("%d/%d files  %s/%s  %s/s", t.Done+t.Skipped+t.Failed, t.Files,
		units.Bytes(t.BytesDone), units.Bytes(t.Bytes), units.Bytes(int64(t.Speed)))
	if t.ETA > 0 {
		text += "  ETA " + max(time.Second, t.ETA.Round(time.Second)).String() // never "0s" while running
	}
	if t.Expanding > 0 {
		text += "  (listing folders)"
	}
	return text
}

// segmentsText tells how a file coming in segments is being fetched: "  4
// segments, 3 running", for the first running job; "" for any other.
func segmentsText(pg queue.Page) string {
	if len(pg.Jobs) == 0 {
		return ""
	}
	segs := pg.Segments[pg.Jobs[0].ID]
	if len(segs) == 0 {
		return ""
	}
	running := 0
	for _, s := range segs {
		if s.State == queue.SegmentRunning {
			running++
		}
	}
	return fmt.Sprintf("  %d segments, %d running", len(segs), running)
}
