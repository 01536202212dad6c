package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"ferry/session"
)

// The site manager's folders exist through the sites in them (and, until a
// site is saved in it, through m.folders). Renaming, moving or deleting a
// folder changes every site beneath it.

// under reports whether folder is dir or lies inside it.
func under(folder, dir string) bool {
	return folder == dir || strings.HasPrefix(folder, dir+"/")
}

// moved is folder with its leading dir replaced by to.
func moved(folder, dir, to string) string {
	rest := strings.TrimPrefix(folder, dir)
	return strings.TrimPrefix(to+rest, "/")
}

// selectedFolder is the folder selected in the tree, if one is.
func (m *siteManager) selectedFolder() (string, bool) {
	return strings.CutPrefix(m.selectedID, "d:")
}

// sitesUnder is every saved site in dir or its subfolders.
func (m *siteManager) sitesUnder(dir string) []session.Site {
	var out []session.Site
	for _, s := range m.env.Store.Sites() {
		if under(s.Folder, dir) {
			out = append(out, s)
		}
	}
	return out
}

// moveFolder moves (or renames) dir to to, with everything in it.
func (m *siteManager) moveFolder(dir, to string) error {
	if under(to, dir) {
		return fmt.Errorf("a folder cannot go inside itself")
	}
	for _, s := range m.sitesUnder(dir) {
		s.Folder = moved(s.Folder, dir, to)
		if err := m.env.Store.Put(s); err != nil {
			return err
		}
	}
	for f := range m.folders {
		if under(f, dir) {
			delete(m.folders, f)
			m.folders[moved(f, dir, to)] = true
		}
	}
	m.folder.SetText(to)
	m.showFolder(to)
	return nil
}

// showFolder refreshes the tree and selects folder, opened.
func (m *siteManager) showFolder(folder string) {
	m.tree.Refresh()
	id := "d:" + folder
	for f := folder; f != ""; {
		m.tree.OpenBranch("d:" + f)
		i := strings.LastIndexByte(f, '/')
		if i < 0 {
			break
		}
		f = f[:i]
	}
	m.tree.Select(id)
	m.tree.ScrollTo(id)
}

// renameFolder asks for a folder's new name.
func (m *siteManager) renameFolder(dir string) {
	parent, name := "", dir
	if i := strings.LastIndexByte(dir, '/'); i >= 0 {
		parent, name = dir[:i], dir[i+1:]
	}
	askName(m.win, "Rename folder", "Rename", name, func(n string) {
		if strings.Contains(n, "/") {
			showError(m.win, "Could not rename the folder", fmt.Errorf("a folder name cannot hold \"/\""))
			return
		}
		to := n
		if parent != "" {
			to = parent + "/" + n
		}
		if err := m.moveFolder(dir, to); err != nil {
			showError(m.win, "Could not rename the folder", err)
		}
	})
}

// deleteFolder deletes a folder and the sites in it, after a confirmation
// that says how many sites go.
func (m *siteManager) deleteFolder(dir string) {
	sites := m.sitesUnder(dir)
	text := fmt.Sprintf("Delete the empty folder %q?", dir)
	if len(sites) > 0 {
		text = fmt.Sprintf("Delete the folder %q and the %s in it, with their stored passwords?", dir, plural(len(sites), "site"))
	}
	showDialog(m.win, dialog.NewConfirm("Delete folder", text, func(yes bool) {
		if !yes {
			return
		}
		if err := m.removeFolder(dir); err != nil {
			showError(m.win, "Could not delete the folder", err)
		}
		m.tree.UnselectAll()
		m.tree.Refresh()
		m.newSite()
	}, m.win), nil)
}

// removeFolder removes every site under dir and the folder itself.
func (m *siteManager) removeFolder(dir string) error {
	for _, s := range m.sitesUnder(dir) {
		if err := m.env.Store.Remove(s.Name); err != nil {
			return err
		}
		m.env.Keyring.Delete(session.PasswordKey(s))
	}
	for f := range m.folders {
		if under(f, dir) {
			delete(m.folders, f)
		}
	}
	return nil
}

// moveTo asks for the folder to move the selected site or folder into.
func (m *siteManager) moveTo() {
	dir, isFolder := m.selectedFolder()
	site, isSite := m.env.Store.Get(strings.TrimPrefix(m.selectedID, "s:"))
	isSite = isSite && strings.HasPrefix(m.selectedID, "s:")
	if !isFolder && !isSite {
		return
	}
	const top = "(top level)"
	options := []string{top}
	for _, f := range m.allFolders() {
		if !isFolder || !under(f, dir) {
			options = append(options, f)
		}
	}
	choice := widget.NewSelect(options, nil)
	choice.SetSelectedIndex(0)
	d := dialog.NewForm("Move to folder", "Move", "Cancel", []*widget.FormItem{widget.NewFormItem("Folder", choice)},
		func(ok bool) {
			if !ok {
				return
			}
			to := choice.Selected
			if to == top {
				to = ""
			}
			if isFolder {
				base := dir[strings.LastIndexByte(dir, '/')+1:]
				if to != "" {
					base = to + "/" + base
				}
				if err := m.moveFolder(dir, base); err != nil {
					showError(m.win, "Could not move the folder", err)
				}
				return
			}
			site.Folder = to
			if err := m.env.Store.Put(site); err != nil {
				showError(m.win, "Could not move the site", err)
				return
			}
			m.load(site)
			m.tree.Refresh()
			if to != "" {
				m.showFolder(to)
			}
			m.tree.Select("s:" + site.Name)
		}, m.win)
	d.Resize(fyne.NewSize(420, 0))
	showDialog(m.win, d, nil)
}

// allFolders is every folder, sorted, parents before children.
func (m *siteManager) allFolders() []string {
	var out []string
	var walk func(id widget.TreeNodeID)
	walk = func(id widget.TreeNodeID) {
		for _, c := range m.children(id) {
			if f, ok := strings.CutPrefix(c, "d:"); ok {
				out = append(out, f)
				walk(c)
			}
		}
	}
	walk("")
	return out
}

// treeLabel is a tree row's label: a click selects the row, a double click
// connects to a site or opens and closes a folder.
type treeLabel struct {
	widget.Label
	m  *siteManager
	id widget.TreeNodeID
}

func newTreeLabel(m *siteManager) *treeLabel {
	l := &treeLabel{m: m}
	l.ExtendBaseWidget(l)
	return l
}

// Tapped selects the row (and opens a folder).
func (l *treeLabel) Tapped(*fyne.PointEvent) {
	l.m.tree.Select(l.id)
	if strings.HasPrefix(l.id, "d:") {
		l.m.tree.OpenBranch(l.id)
	}
}

// DoubleTapped connects to a site, or opens or closes a folder.
func (l *treeLabel) DoubleTapped(*fyne.PointEvent) {
	if name, ok := strings.CutPrefix(l.id, "s:"); ok {
		l.m.tree.Select(l.id)
		if site, found := l.m.env.Store.Get(name); found && l.m.current == site.Name {
			l.m.connect()
		}
		return
	}
	l.m.tree.ToggleBranch(l.id)
}
