package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// busyWork is a pane's busy bar: it shows while listings or remote
// operations of the pane run, and its Cancel button ends their contexts
// (a slow server, a huge recursive delete). Main goroutine only.
type busyWork struct {
	bar     *widget.ProgressBarInfinite
	box     *fyne.Container // the bar with its Cancel button
	running map[int]context.CancelFunc
	next    int
	parent  context.Context // ends every operation too; nil: none
	spell   int             // counts the times running emptied, so a late timer knows its spell ended
	show    *time.Timer     // shows the bar unless the work ends first
}

// showAfter is how long work runs before the bar shows. Most listings end
// sooner; without it the bar flashed over the pane's status line each time
// the local folder was listed again while a download wrote into it.
const showAfter = 250 * time.Millisecond

func newBusyWork(bar *widget.ProgressBarInfinite) *busyWork {
	b := &busyWork{bar: bar, running: map[int]context.CancelFunc{}}
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), b.cancelAll)
	cancel.Importance = widget.LowImportance
	b.box = container.NewBorder(nil, nil, nil, cancel, bar)
	b.box.Hide()
	return b
}

// begin shows the bar for one operation and returns its context (ended by
// Cancel) and the function that marks it finished.
func (b *busyWork) begin() (context.Context, func()) {
	parent := b.parent
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithCancel(parent)
	id := b.next
	b.next++
	b.running[id] = cancel
	if len(b.running) == 1 {
		spell := b.spell
		b.show = time.AfterFunc(showAfter, func() {
			onMain(func() {
				if b.spell == spell {
					b.bar.Show()
					b.bar.Start()
					b.box.Show()
				}
			})
		})
	}
	return ctx, func() {
		cancel()
		delete(b.running, id)
		if len(b.running) == 0 {
			b.spell++
			b.show.Stop()
			b.bar.Stop()
			b.bar.Hide()
			b.box.Hide()
		}
	}
}

// busy reports whether work runs, shown or not yet.
func (b *busyWork) busy() bool { return len(b.running) > 0 }

// cancelAll ends every running operation of the pane.
func (b *busyWork) cancelAll() {
	for _, cancel := range b.running {
		cancel()
	}
}
