package ui

import (
	"context"

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
}

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
	b.bar.Show()
	b.bar.Start()
	b.box.Show()
	return ctx, func() {
		cancel()
		delete(b.running, id)
		if len(b.running) == 0 {
			b.bar.Stop()
			b.bar.Hide()
			b.box.Hide()
		}
	}
}

// cancelAll ends every running operation of the pane.
func (b *busyWork) cancelAll() {
	for _, cancel := range b.running {
		cancel()
	}
}
