package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Row pitches at 1× scale: about FileZilla's, so a pane shows 20+ rows.
// A cell is the pitch less the one-pixel gap the table leaves between rows.
const (
	rowHeightNormal  = 24
	rowHeightCompact = 20
	rowIconSize      = 16
	cellGap          = 1
	// cellPad is the space at a cell's edges and after its icon. A constant,
	// not theme.Padding(): inside the table's theme override that is 1.
	cellPad float32 = 4
)

// rowCell is one table cell. It takes the clicks itself, because the table
// knows neither modifiers, double-clicks, context menus nor dragging rows.
type rowCell struct {
	widget.BaseWidget
	p    *pane
	row  int
	full string // the cell's text; shown shortened with "…" when it does not fit
	text *canvas.Text
	icon *canvas.Image
	bg   *canvas.Rectangle

	pendingSolo bool // a plain press on a selected row: select it alone unless a drag follows
	dragging    bool
}

func newRowCell(p *pane) *rowCell {
	c := &rowCell{p: p, text: canvas.NewText("", theme.Color(theme.ColorNameForeground)), icon: canvas.NewImageFromResource(nil),
		bg: canvas.NewRectangle(theme.Color(theme.ColorNameSelection))}
	c.icon.FillMode = canvas.ImageFillContain
	c.text.TextSize = theme.TextSize()
	c.ExtendBaseWidget(c)
	return c
}

func (c *rowCell) set(text string, selected bool, icon fyne.Resource) {
	c.full = text
	c.text.Color = theme.Color(theme.ColorNameForeground)
	if icon != c.icon.Resource {
		c.icon.Resource = icon
		c.icon.Refresh()
	}
	c.icon.Hidden = icon == nil
	c.bg.Hidden = !selected
	c.bg.FillColor = theme.Color(theme.ColorNameSelection)
	c.Refresh()
}

// tint colours the background of a row that is not selected (the folder
// comparison's marks).
func (c *rowCell) tint(col color.Color) {
	if !c.bg.Hidden {
		return
	}
	c.bg.FillColor = col
	c.bg.Hidden = false
	c.Refresh()
}

func (c *rowCell) CreateRenderer() fyne.WidgetRenderer { return &rowCellRenderer{c: c} }

func (c *rowCell) MinSize() fyne.Size {
	return fyne.NewSize(20, c.p.rowHeight()-cellGap)
}

// rowCellRenderer lays out background, icon and text by hand: the row is
// short, so the standard padded containers would not fit it.
type rowCellRenderer struct{ c *rowCell }

func (r *rowCellRenderer) Layout(size fyne.Size) {
	c := r.c
	// The background reaches over the table's separators, so that the
	// selection reads as one band across the row.
	c.bg.Move(fyne.NewPos(-cellGap, 0))
	c.bg.Resize(fyne.NewSize(size.Width+2*cellGap, size.Height))
	x := cellPad
	if !c.icon.Hidden {
		c.icon.Move(fyne.NewPos(x, (size.Height-rowIconSize)/2))
		c.icon.Resize(fyne.NewSquareSize(rowIconSize))
		x += rowIconSize + cellPad
	}
	avail := size.Width - x - cellPad
	c.text.Text = fitText(c.full, avail, c.text.TextSize, c.text.TextStyle)
	th := c.text.MinSize().Height
	c.text.Move(fyne.NewPos(x, (size.Height-th)/2))
	c.text.Resize(fyne.NewSize(avail, th))
}

// fitText shortens s with a trailing "…" until it fits width.
func fitText(s string, width, size float32, style fyne.TextStyle) string {
	if s == "" || fyne.MeasureText(s, size, style).Width <= width {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r) // the longest prefix that fits, by bisection
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(string(r[:mid])+"…", size, style).Width <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return string(r[:lo]) + "…"
}

func (r *rowCellRenderer) MinSize() fyne.Size { return r.c.MinSize() }

func (r *rowCellRenderer) Refresh() {
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *rowCellRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.c.bg, r.c.icon, r.c.text}
}

func (r *rowCellRenderer) Destroy() {}

// MouseDown selects: Ctrl toggles, Shift extends, a plain click selects
// one row, except on a selected row, where a drag may follow. Any click
// gives the list the keyboard.
func (c *rowCell) MouseDown(e *desktop.MouseEvent) {
	c.p.table.focus()
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
	c.p.table.focus()
	if c.row >= len(c.p.rows) {
		c.p.clearSelection()
		c.p.showFolderMenu(e.AbsolutePosition)
		return
	}
	if !c.p.sel.has(c.row) {
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

// headerCell is a column title; a click sorts by the column. It is as
// short as a row (a button would make every row as tall as itself).
type headerCell struct {
	widget.BaseWidget
	p     *pane
	text  *canvas.Text
	onTap func()
}

func newHeaderCell(p *pane) *headerCell {
	h := &headerCell{p: p, text: canvas.NewText("", theme.Color(theme.ColorNameForeground))}
	h.text.TextStyle.Bold = true
	h.text.TextSize = theme.TextSize()
	h.ExtendBaseWidget(h)
	return h
}

func (h *headerCell) setText(s string, onTap func()) {
	h.onTap = onTap
	if h.text.Text != s {
		h.text.Text = s
		h.text.Refresh()
	}
}

// Tapped sorts by this column.
func (h *headerCell) Tapped(*fyne.PointEvent) {
	if h.onTap != nil {
		h.onTap()
	}
}

// Cursor shows the header is clickable.
func (h *headerCell) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (h *headerCell) MinSize() fyne.Size {
	return fyne.NewSize(20, h.p.rowHeight()-cellGap)
}

func (h *headerCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(&fyne.Container{Layout: headerLayout{}, Objects: []fyne.CanvasObject{h.text}})
}

// headerLayout centres the title vertically at the cell's padding.
type headerLayout struct{}

func (headerLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	t := objs[0]
	h := t.MinSize().Height
	t.Move(fyne.NewPos(cellPad, (size.Height-h)/2))
	t.Resize(fyne.NewSize(size.Width-2*cellPad, h))
}

func (headerLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }
