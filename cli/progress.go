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
	// A page of no rows: the totals without a copy of every job.
	pager := q.NewPager(250*time.Millisecond, queue.PageRequest{})
	p := &progressLine{cancel: pager.Stop, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		for s := range pager.C {
			fmt.Fprintf(w, "\r\x1b[K%s", progressText(s.Totals))
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
		text += "  ETA " + t.ETA.Round(time.Second).String()
	}
	if t.Expanding > 0 {
		text += "  (listing folders)"
	}
	return text
}
