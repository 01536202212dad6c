package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ferry/session"
)

// pane is one side of the window: a folder of the local disk or of a server
// as a sortable table with multi-selection, a path field and a status line.
type pane struct {
	win   fyne.Window
	src   source
	title string

	dir     string
	all     []session.Entry // the folder as listed
	rows    []session.Entry // shown: filtered and sorted
	sortCol column
	desc    bool
	hidden  bool
	compact bool // shorter rows
	sel     *selection
	marks   map[string]mark // comparison with the other pane; nil when off
	gen     int             // listing generation: late results of an old listing are dropped
	history []string

	path    *widget.SelectEntry
	table   *fileTable
	status  *widget.Label
	busy    *widget.ProgressBarInfinite
	work    *busyWork         // the busy bar with Cancel
	target  *canvas.Rectangle // highlighted while rows are dragged over the pane
	content fyne.CanvasObject

	// actions wired by the window
	onTransfer func(from *pane, entries []session.Entry) // upload or download to the other side
	onError    func(action string, err error)
	onDirty    func()       // the folder changed (for remembering it)
	watch      *folderWatch // the local pane follows its folder on disk
	onFocus    func(*pane)
	onTab      func(*pane)                  // Tab in the list: the other pane
	onUpload   func(to *pane, local string) // "Upload here" chose a local file or folder
	onListed   func()                       // a new listing is shown
	dragger    *rowDrag
}

func newPane(win fyne.Window, title string, src source) *pane {
	p := &pane{win: win, src: src, title: title, sel: newSelection()}
	p.path = widget.NewSelectEntry(nil)
	p.path.OnSubmitted = func(s string) { p.open(s) }
	p.path.OnChanged = func(s string) {
		// Picking from the history list submits at once.
		if slices.Contains(p.history, s) && s != p.dir {
			p.open(s)
		}
	}
	p.status = widget.NewLabel("")
	p.status.Truncation = fyne.TextTruncateEllipsis
	p.busy = widget.NewProgressBarInfinite()
	p.busy.Hide()
	p.busy.Stop()

	p.table = newFileTable(p)
	p.table.CreateHeader = func() fyne.CanvasObject { return newHeaderCell(p) }
	p.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		col := column(id.Col)
		o.(*headerCell).setText(p.headerText(col), func() { p.sortBy(col) })
	}
	p.fitColumns(700)

	up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), p.up)
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), p.refresh)
	home := widget.NewButtonWithIcon("", theme.HomeIcon(), p.goHome)
	label := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	top := container.NewBorder(nil, nil, container.NewHBox(label, up, home, refresh), nil, p.path)
	p.work = newBusyWork(p.busy)
	bottom := container.NewStack(p.status, p.work.box)

	p.target = canvas.NewRectangle(color.Transparent)
	p.target.StrokeWidth = 2
	p.content = container.NewStack(container.NewBorder(top, bottom, nil, nil, container.NewThemeOverride(p.table, newDenseTheme())), p.target)
	return p
}

func (p *pane) columns() int {
	if p.src.remote() {
		return 6
	}
	return 4
}

func (p *pane) size() (int, int) { return len(p.rows), p.columns() }

func (p *pane) headerText(col column) string {
	t := columnTitles[col]
	if col == p.sortCol {
		if p.desc {
			return t + " ▼"
		}
		return t + " ▲"
	}
	return t
}

func (p *pane) newCell() fyne.CanvasObject { return newRowCell(p) }

func (p *pane) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*rowCell)
	c.row = id.Row
	if id.Row >= len(p.rows) {
		c.set("", false, nil)
		return
	}
	e := p.rows[id.Row]
	var icon fyne.Resource
	if column(id.Col) == colName {
		icon = theme.FileIcon()
		if e.Type == session.Dir {
			icon = theme.FolderIcon()
		}
	}
	m := p.markOf(e.Name)
	if column(id.Col) == colType && m != noMark {
		icon = markIcon(m)
	}
	c.set(cellText(e, column(id.Col)), p.sel.has(id.Row), icon)
	if m != noMark {
		c.tint(markColors[m])
	}
}

// sortBy sorts by col; a second click reverses the order.
func (p *pane) sortBy(col column) {
	if p.sortCol == col {
		p.desc = !p.desc
	} else {
		p.sortCol, p.desc = col, false
	}
	p.apply()
}

// apply filters and sorts the listing into the rows shown.
func (p *pane) apply() {
	p.rows = visible(p.all, p.hidden)
	sortEntries(p.rows, p.sortCol, p.desc)
	p.sel.reset()
	p.fitColumns(p.table.width)
	p.table.Refresh()
	p.updateStatus()
}

// setHidden shows or hides dot files.
func (p *pane) setHidden(on bool) {
	p.hidden = on
	p.apply()
}

// setCompact switches between normal and compact rows.
func (p *pane) setCompact(on bool) {
	p.compact = on
	p.table.Refresh()
}

func (p *pane) rowHeight() float32 {
	if p.compact {
		return rowHeightCompact
	}
	return rowHeightNormal
}

func (p *pane) updateStatus() {
	p.status.SetText(summary(p.rows, p.sel))
}

// open lists dir off the main goroutine; the pane shows a busy bar meanwhile.
func (p *pane) open(dir string) {
	if dir == "" {
		return
	}
	p.gen++
	gen := p.gen
	ctx, done := p.work.begin()
	toMain := onMain // read now: the listing may end after the window closed
	go func() {
		entries, err := p.src.list(ctx, dir)
		toMain(func() {
			done()
			if gen != p.gen {
				return
			}
			if errors.Is(err, context.Canceled) {
				p.path.SetText(p.dir)
				return
			}
			if err != nil {
				p.path.SetText(p.dir)
				p.onError(fmt.Sprintf("Could not open %s", dir), err)
				return
			}
			p.show(dir, entries)
		})
	}()
}

// show displays a listing (main goroutine).
func (p *pane) show(dir string, entries []session.Entry) {
	p.gen++               // a listing still on its way is older than this one
	again := dir == p.dir // a refresh keeps the selection and the scroll position
	var keep map[string]bool
	if again {
		keep = map[string]bool{}
		for _, e := range p.selected() {
			keep[e.Name] = true
		}
	}
	p.dir = dir
	p.all = entries
	p.remember(dir)
	p.path.SetText(dir)
	if !again {
		p.table.ScrollToTop()
	}
	p.apply()
	if len(keep) > 0 {
		p.reselect(keep)
	}
	p.watch.follow(dir)
	if p.onDirty != nil {
		p.onDirty()
	}
	if p.onListed != nil {
		p.onListed()
	}
}

// reselect selects the rows named in names.
func (p *pane) reselect(names map[string]bool) {
	for i, e := range p.rows {
		if names[e.Name] {
			p.sel.rows[i] = true
		}
	}
	p.table.Refresh()
	p.updateStatus()
}

func (p *pane) remember(dir string) {
	p.history = slices.DeleteFunc(p.history, func(s string) bool { return s == dir })
	p.history = append([]string{dir}, p.history...)
	if len(p.history) > 20 {
		p.history = p.history[:20]
	}
	p.path.SetOptions(p.history)
}

func (p *pane) refresh() { p.open(p.dir) }

func (p *pane) up() {
	if parent := p.src.parent(p.dir); parent != p.dir {
		p.open(parent)
	}
}

func (p *pane) goHome() {
	go func() {
		dir, err := p.src.home(context.Background())
		onMain(func() {
			if err != nil {
				p.onError("Could not find the home folder", err)
				return
			}
			p.open(dir)
		})
	}()
}

// selected is the selected entries, in row order.
func (p *pane) selected() []session.Entry {
	var out []session.Entry
	for _, r := range p.sel.sorted() {
		if r < len(p.rows) {
			out = append(out, p.rows[r])
		}
	}
	return out
}

// click applies a mouse click on row to the selection.
func (p *pane) click(row int, ctrl, shift bool) {
	p.sel.click(row, ctrl, shift)
	p.table.Refresh()
	p.updateStatus()
	if p.onFocus != nil {
		p.onFocus(p)
	}
}

func (p *pane) clearSelection() {
	if p.sel.count() == 0 {
		return
	}
	p.sel.reset()
	p.table.Refresh()
	p.updateStatus()
}

func (p *pane) selectAll() {
	p.sel.all(len(p.rows))
	p.table.Refresh()
	p.updateStatus()
}

// activate opens a folder or sends a file to the other side (double-click, Enter).
func (p *pane) activate(row int) {
	if row < 0 || row >= len(p.rows) {
		return
	}
	e := p.rows[row]
	if e.Type == session.Dir {
		if !session.IsCleanName(e.Name) {
			p.onError("Could not open the folder", unsafeName(e.Name))
			return
		}
		p.open(p.src.join(p.dir, e.Name))
		return
	}
	p.onTransfer(p, []session.Entry{e})
}

func unsafeName(name string) error {
	return &session.UnsafeNameError{Name: name}
}

// clean drops entries whose names cannot be acted on safely, reporting them.
func (p *pane) clean(entries []session.Entry) []session.Entry {
	var bad []string
	out := slices.DeleteFunc(slices.Clone(entries), func(e session.Entry) bool {
		if session.IsCleanName(e.Name) {
			return false
		}
		bad = append(bad, e.Name)
		return true
	})
	if len(bad) > 0 {
		p.onError("Some items were skipped", unsafeName(bad[0]))
	}
	return out
}

// run does op off the main goroutine and refreshes the pane afterwards.
func (p *pane) run(action string, op func(ctx context.Context) error) {
	ctx, done := p.work.begin()
	toMain := onMain
	go func() {
		err := op(ctx)
		toMain(func() {
			done()
			if err != nil && !errors.Is(err, context.Canceled) {
				p.onError(action, err)
			}
			p.refresh()
		})
	}()
}
