package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"ferry/session"
)

// showMenu is the context menu of the selection.
func (p *pane) showMenu(at fyne.Position) {
	verb := "Upload"
	if p.src.remote() {
		verb = "Download"
	}
	has := p.sel.count() > 0
	item := func(label string, fn func(), enabled bool) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, fn)
		it.Disabled = !enabled
		return it
	}
	menu := fyne.NewMenu("",
		item(verb, p.transferSelection, has),
		item("Add to queue", p.transferSelection, has),
		fyne.NewMenuItemSeparator(),
		item("Rename", p.renameSelected, p.sel.count() == 1),
		item("Delete", p.deleteSelected, has),
		item("New folder", p.newFolder, true),
		fyne.NewMenuItemSeparator(),
		item("Refresh", p.refresh, true),
		item("Copy path", p.copyPath, true),
	)
	if p.src.remote() {
		menu.Items = append(menu.Items, fyne.NewMenuItemSeparator(),
			item("File permissions…", p.showPermissions, has),
			item("Enter custom command…", p.showCustomCommand, true))
	}
	widget.ShowPopUpMenuAtPosition(menu, p.win.Canvas(), at)
}

func (p *pane) transferSelection() {
	if entries := p.clean(p.selected()); len(entries) > 0 {
		p.onTransfer(p, entries)
	}
}

// typedKey handles the pane's keys while its list has the keyboard (or
// nothing has and the pane is the active one); shift extends the selection.
func (p *pane) typedKey(k *fyne.KeyEvent, shift bool) {
	page := p.table.pageRows()
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if rows := p.sel.sorted(); len(rows) == 1 {
			p.activate(rows[0])
		} else if len(rows) > 1 {
			p.transferSelection()
		}
	case fyne.KeyBackspace:
		p.up()
	case fyne.KeyF5:
		p.refresh()
	case fyne.KeyDelete:
		p.deleteSelected()
	case fyne.KeyF2:
		p.renameSelected()
	case fyne.KeyUp:
		p.moveCursor(-1, false, shift)
	case fyne.KeyDown:
		p.moveCursor(1, false, shift)
	case fyne.KeyPageUp:
		p.moveCursor(-page, false, shift)
	case fyne.KeyPageDown:
		p.moveCursor(page, false, shift)
	case fyne.KeyHome:
		p.moveCursor(-len(p.rows), true, shift)
	case fyne.KeyEnd:
		p.moveCursor(len(p.rows), true, shift)
	}
}

// moveCursor moves the cursor by delta rows (clamped to the listing) and
// selects the row it lands on, or the range from the anchor with shift.
// Without a cursor, the first move lands on the first row, or on the last
// one for End.
func (p *pane) moveCursor(delta int, jump, shift bool) {
	if len(p.rows) == 0 {
		return
	}
	row := p.sel.cursor
	switch {
	case row < 0 && !(jump && delta > 0):
		row = 0
	default:
		row = min(len(p.rows)-1, max(0, row+delta))
	}
	p.click(row, false, shift)
	p.table.ScrollTo(widget.TableCellID{Row: row, Col: 0})
}

// showFolderMenu is the menu of the empty area: it acts on the folder.
func (p *pane) showFolderMenu(at fyne.Position) {
	items := []*fyne.MenuItem{
		fyne.NewMenuItem("New folder", p.newFolder),
		fyne.NewMenuItem("Refresh", p.refresh),
	}
	if p.src.remote() && p.onUpload != nil {
		items = append(items, fyne.NewMenuItem("Upload here…", p.uploadHere))
	}
	items = append(items, fyne.NewMenuItem("Copy path", p.copyPath))
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), p.win.Canvas(), at)
}

// uploadHere asks for a local file and uploads it into the shown folder.
func (p *pane) uploadHere() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			p.onError("Could not choose the file", err)
			return
		}
		if r == nil {
			return
		}
		r.Close()
		p.onUpload(p, r.URI().Path())
	}, p.win)
	d.Resize(fyne.NewSize(760, 520))
	showDialog(p.win, d, nil)
}

func (p *pane) copyPath() {
	text := p.dir
	if sel := p.selected(); len(sel) == 1 {
		text = p.src.join(p.dir, sel[0].Name)
	}
	fyne.CurrentApp().Clipboard().SetContent(text)
}

func (p *pane) newFolder() {
	askName(p.win, "New folder in "+p.dir, "Create", "", func(name string) {
		if !session.IsCleanName(name) {
			p.onError("Could not create the folder", unsafeName(name))
			return
		}
		target := p.src.join(p.dir, name)
		p.run("Could not create the folder", func(ctx context.Context) error { return p.src.mkdir(ctx, target) })
	})
}

func (p *pane) renameSelected() {
	sel := p.clean(p.selected())
	if len(sel) != 1 {
		return
	}
	old := sel[0].Name
	askName(p.win, "Rename "+displayName(old), "Rename", old, func(name string) {
		if !session.IsCleanName(name) {
			p.onError("Could not rename", unsafeName(name))
			return
		}
		from, to := p.src.join(p.dir, old), p.src.join(p.dir, name)
		p.run("Could not rename", func(ctx context.Context) error { return p.src.rename(ctx, from, to) })
	})
}

func (p *pane) deleteSelected() {
	sel := p.clean(p.selected())
	if len(sel) == 0 {
		return
	}
	what := fmt.Sprintf("%q", sel[0].Name)
	if len(sel) > 1 {
		what = plural(len(sel), "item")
	}
	where := "from this computer"
	if p.src.remote() {
		where = "from the server"
	}
	showDialog(p.win, dialog.NewConfirm("Delete", fmt.Sprintf("Delete %s %s? Folders are deleted with everything in them.", what, where),
		func(ok bool) {
			if !ok {
				return
			}
			dir := p.dir
			p.run("Could not delete", func(ctx context.Context) error {
				for _, e := range sel {
					if err := p.src.remove(ctx, p.src.join(dir, e.Name)); err != nil {
						return err
					}
				}
				return nil
			})
		}, p.win), nil)
}
