package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// rowCell is one table cell. It takes the clicks itself, because the table
// knows neither modifiers, double-clicks, context menus nor dragging rows.
type rowCell struct {
	widget.BaseWidget
	p    *pane
	row  int
	text *canvas.Text
	icon *widget.Icon
	bg   *canvas.Rectangle

	pendingSolo bool // a plain press on a selected row: select it alone unless a drag follows
	dragging    bool
}

func newRowCell(p *pane) *rowCell {
	c := &rowCell{p: p, text: canvas.NewText("", theme.Color(theme.ColorNameForeground)), icon: widget.NewIcon(nil),
		bg: canvas.NewRectangle(theme.Color(theme.ColorNameSelection))}
	c.text.TextSize = theme.TextSize()
	c.ExtendBaseWidget(c)
	return c
}

func (c *rowCell) set(text string, selected bool, icon fyne.Resource) {
	c.text.Text = text
	c.text.Color = theme.Color(theme.ColorNameForeground)
	c.icon.SetResource(icon)
	if icon == nil {
		c.icon.Hide()
	} else {
		c.icon.Show()
	}
	if selected {
		c.bg.Show()
	} else {
		c.bg.Hide()
	}
	c.text.Refresh()
	c.bg.Refresh()
}

func (c *rowCell) CreateRenderer() fyne.WidgetRenderer {
	iconSize := fyne.NewSquareSize(theme.IconInlineSize())
	row := container.NewBorder(nil, nil, container.NewCenter(container.NewGridWrap(iconSize, c.icon)), nil,
		container.NewPadded(c.text))
	return widget.NewSimpleRenderer(container.NewStack(c.bg, row))
}

func (c *rowCell) MinSize() fyne.Size {
	return fyne.NewSize(20, theme.TextSize()+2*theme.Padding()+6)
}

// MouseDown selects: Ctrl toggles, Shift extends, a plain click selects
// one row, except on a selected row, where a drag may follow.
func (c *rowCell) MouseDown(e *desktop.MouseEvent) {
	if e.Button != desktop.MouseButtonPrimary || c.row >= len(c.p.rows) {
		return
	}
	ctrl := e.Modifier&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0
	shift := e.Modifier&fyne.KeyModifierShift != 0
	if !ctrl && !shift && c.p.sel.has(c.row) {
		c.pendingSolo = true
		return
	}
	c.p.click(c.row, ctrl, shift)
}

func (c *rowCell) MouseUp(*desktop.MouseEvent) {
	if c.pendingSolo && !c.dragging {
		c.p.click(c.row, false, false)
	}
	c.pendingSolo = false
}

func (c *rowCell) DoubleTapped(*fyne.PointEvent) { c.p.activate(c.row) }

func (c *rowCell) TappedSecondary(e *fyne.PointEvent) {
	if c.row < len(c.p.rows) && !c.p.sel.has(c.row) {
		c.p.click(c.row, false, false)
	}
	c.p.showMenu(e.AbsolutePosition)
}

func (c *rowCell) Dragged(e *fyne.DragEvent) {
	if c.row >= len(c.p.rows) {
		return
	}
	if !c.dragging {
		c.dragging = true
		if !c.p.sel.has(c.row) {
			c.p.click(c.row, false, false)
		}
		c.p.dragger.start(c.p)
	}
	c.p.dragger.move(e.AbsolutePosition)
}

func (c *rowCell) DragEnd() {
	if c.dragging {
		c.dragging = false
		c.pendingSolo = false
		c.p.dragger.end()
	}
}
