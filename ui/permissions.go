package ui

import (
	"context"
	"fmt"
	"os"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"ferry/session"
)

// permissionsDialog is "File permissions…": owner/group/public ×
// read/write/execute, the numeric value kept in step with the boxes, and
// for folders a recursion scope.
type permissionsDialog struct {
	bits    [9]*widget.Check // owner rwx, group rwx, public rwx: 0400 … 0001
	numeric *escapableEntry
	recurse *widget.Check
	scope   *widget.RadioGroup
	syncing bool // a change made by the other side is not echoed back
	known   bool // the listing gave the current permissions
}

var scopeNames = []string{"Apply to all files and folders", "Apply to files only", "Apply to folders only"}
var scopes = []session.ChmodScope{session.ChmodAll, session.ChmodFilesOnly, session.ChmodFoldersOnly}

// newPermissionsDialog starts from mode when known (from the listing);
// otherwise nothing is ticked and the user must choose every bit.
func newPermissionsDialog(mode os.FileMode, known, folders bool) *permissionsDialog {
	d := &permissionsDialog{numeric: newEscapableEntry(), known: known}
	d.numeric.SetPlaceHolder("e.g. 644")
	for i := range d.bits {
		d.bits[i] = widget.NewCheck("", func(bool) { d.boxesChanged() })
	}
	d.numeric.OnChanged = d.numericChanged
	d.recurse = widget.NewCheck("Recurse into subfolders", func(on bool) {
		if on {
			d.scope.Enable()
		} else {
			d.scope.Disable()
		}
	})
	d.scope = widget.NewRadioGroup(scopeNames, nil)
	d.scope.SetSelected(scopeNames[0])
	d.scope.Disable()
	if !folders {
		d.recurse.Disable()
	}
	if known {
		d.set(mode)
	}
	return d
}

// set shows mode in the boxes and the numeric field.
func (d *permissionsDialog) set(mode os.FileMode) {
	d.syncing = true
	defer func() { d.syncing = false }()
	for i, b := range d.bits {
		b.SetChecked(mode&(0o400>>i) != 0)
	}
	d.numeric.SetText(fmt.Sprintf("%03o", uint32(mode.Perm())))
}

func (d *permissionsDialog) mode() os.FileMode {
	var m os.FileMode
	for i, b := range d.bits {
		if b.Checked {
			m |= 0o400 >> i
		}
	}
	return m
}

func (d *permissionsDialog) boxesChanged() {
	if !d.syncing {
		d.set(d.mode())
	}
}

func (d *permissionsDialog) numericChanged(text string) {
	if d.syncing {
		return
	}
	if mode, err := session.ParseMode(text); err == nil {
		d.syncing = true
		for i, b := range d.bits {
			b.SetChecked(mode&(0o400>>i) != 0)
		}
		d.syncing = false
	}
}

func (d *permissionsDialog) content(what string) fyne.CanvasObject {
	grid := container.NewGridWithColumns(4, widget.NewLabel(""), widget.NewLabel("Read"), widget.NewLabel("Write"), widget.NewLabel("Execute"))
	for i, who := range []string{"Owner", "Group", "Public"} {
		grid.Add(widget.NewLabel(who))
		for _, b := range d.bits[3*i : 3*i+3] {
			grid.Add(b)
		}
	}
	intro := "Permissions of " + what
	if !d.known {
		intro += ". The server's listing does not show the current permissions: choose every one."
	}
	return container.NewVBox(
		wrapped(intro),
		grid,
		widget.NewForm(widget.NewFormItem("Numeric value", d.numeric)),
		d.recurse,
		container.NewPadded(d.scope),
	)
}

// showPermissions opens the dialog for the remote selection and applies it
// with SITE CHMOD on the browsing connection.
func (p *pane) showPermissions() {
	r, ok := p.src.(remoteSource)
	if !ok {
		return
	}
	sel := p.clean(p.selected())
	if len(sel) == 0 {
		showDialog(p.win, dialog.NewInformation("File permissions", "Select the files or folders on the server first.", p.win), nil)
		return
	}
	mode, known := session.ParsePerm(sel[0].Perm)
	folders := false
	for _, e := range sel {
		folders = folders || e.Type == session.Dir
	}
	what := fmt.Sprintf("%q", sel[0].Name)
	if len(sel) > 1 {
		what = plural(len(sel), "item")
	}
	d := newPermissionsDialog(mode, known, folders)
	dir := p.dir
	dlg := dialog.NewCustomConfirm("File permissions", "OK", "Cancel", d.content(what), func(ok bool) {
		if !ok {
			return
		}
		mode, err := session.ParseMode(d.numeric.Text)
		if err != nil {
			p.onError("Could not change permissions", err)
			return
		}
		recurse, scope := d.recurse.Checked, scopes[max(0, slices.Index(scopeNames, d.scope.Selected))]
		p.applyPermissions(r.pool, dir, sel, mode, recurse, scope)
	}, p.win)
	dlg.Resize(fyne.NewSize(440, 0))
	showDialog(p.win, dlg, nil)
}

// applyPermissions sets mode on the entries of dir (recursing into folders
// for scope when asked) off the main goroutine, then refreshes the pane.
func (p *pane) applyPermissions(pool *session.Pool, dir string, sel []session.Entry, mode os.FileMode, recurse bool, scope session.ChmodScope) {
	p.run("Could not change permissions", func(ctx context.Context) error {
		return pool.Browse(ctx, func(c *session.Conn) error {
			for _, e := range sel {
				target := p.src.join(dir, e.Name)
				var err error
				if recurse && e.Type == session.Dir {
					_, err = c.ChmodTree(ctx, target, mode, scope)
				} else {
					err = c.Chmod(target, mode)
				}
				if err != nil {
					return err
				}
			}
			return nil
		})
	})
}
