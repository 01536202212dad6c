package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// contains is the drop hit-test: is pos inside the rectangle at origin?
func contains(origin fyne.Position, size fyne.Size, pos fyne.Position) bool {
	return pos.X >= origin.X && pos.Y >= origin.Y && pos.X < origin.X+size.Width && pos.Y < origin.Y+size.Height
}

// paneAt is the pane under pos, among panes; nil when none.
func paneAt(panes []*pane, pos fyne.Position) *pane {
	d := fyne.CurrentApp().Driver()
	for _, p := range panes {
		if p == nil || !p.content.Visible() {
			continue
		}
		if contains(d.AbsolutePositionForObject(p.content), p.content.Size(), pos) {
			return p
		}
	}
	return nil
}

// rowDrag drags rows from one pane to the other: a label follows the
// pointer and the pane under it is outlined.
type rowDrag struct {
	win    fyne.Window
	panes  func() []*pane // the local pane and the current remote pane
	onDrop func(from, to *pane)

	from  *pane
	over  *pane
	label *widget.Label
	popup *widget.PopUp
	last  fyne.Position
}

func (d *rowDrag) start(from *pane) {
	d.from = from
	n := from.sel.count()
	text := plural(n, "item")
	if sel := from.selected(); n == 1 && len(sel) == 1 {
		text = displayName(sel[0].Name)
	}
	d.label = widget.NewLabelWithStyle("⇄ "+text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.popup = widget.NewPopUp(d.label, d.win.Canvas())
}

func (d *rowDrag) move(pos fyne.Position) {
	if d.popup == nil {
		return
	}
	d.last = pos
	d.popup.ShowAtPosition(pos.Add(fyne.NewPos(12, 12)))
	over := paneAt(d.panes(), pos)
	if over == d.from {
		over = nil
	}
	if over != d.over {
		d.highlight(d.over, false)
		d.highlight(over, true)
		d.over = over
	}
}

func (d *rowDrag) end() {
	if d.popup != nil {
		d.popup.Hide()
	}
	d.highlight(d.over, false)
	if d.over != nil && d.from != nil {
		d.onDrop(d.from, d.over)
	}
	d.from, d.over, d.popup = nil, nil, nil
}

func (d *rowDrag) highlight(p *pane, on bool) {
	if p == nil {
		return
	}
	p.target.StrokeColor = theme.Color(theme.ColorNamePrimary)
	p.target.StrokeWidth = 0
	if on {
		p.target.StrokeWidth = 3
	}
	p.target.Refresh()
}
