package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"ferry/session"
)

// folderManager is a site manager over sites in nested folders:
// Clients/Big holds "Big", Clients holds "Small", the top level "Home".
func folderManager(t *testing.T) (*siteManager, memKeyring) {
	t.Helper()
	_, store := siteStore(t)
	keys := memKeyring{}
	for _, s := range []session.Site{
		{Name: "Big", Folder: "Clients/Big", Host: "big.test", Logon: session.Normal, User: "b"},
		{Name: "Small", Folder: "Clients", Host: "small.test", Logon: session.Normal, User: "s"},
		{Name: "Home", Host: "home.test", Logon: session.Normal, User: "h"},
	} {
		s.Protocol = session.ExplicitTLS
		if err := store.Put(s); err != nil {
			t.Fatal(err)
		}
		s, _ = store.Get(s.Name) // with its ID
		keys[session.PasswordKey(s)] = "pw-" + s.Name
	}
	win := test.NewWindow(nil) // Connect closes it
	m := newSiteManager(&Env{Store: store, Keyring: keys}, win, func(session.Site) {})
	win.Resize(fyne.NewSize(880, 560))
	return m, keys
}

func folders(m *siteManager) map[string]string {
	out := map[string]string{}
	for _, s := range m.env.Store.Sites() {
		out[s.Name] = s.Folder
	}
	return out
}

// answer fills the top dialog's entry (if text is not empty) and taps the
// button labelled confirm.
func answer(t *testing.T, win fyne.Window, text, confirm string) {
	t.Helper()
	top := win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is open")
	}
	if text != "" {
		e := findEntry(top)
		if e == nil {
			t.Fatal("the dialog has no text field")
		}
		e.SetText(text)
	}
	b := findButton(top, confirm)
	if b == nil {
		t.Fatalf("the dialog has no %q button", confirm)
	}
	test.Tap(b)
}

func TestRenamingAFolderMovesItsSitesAndSubfolders(t *testing.T) {
	m, keys := folderManager(t)
	m.tree.Select("s:Home")
	m.tree.Select("d:Clients") // Rename acts on the folder selected now, not on Home
	m.rename()
	answer(t, m.win, "Customers", "Rename")
	got := folders(m)
	if got["Big"] != "Customers/Big" || got["Small"] != "Customers" || got["Home"] != "" {
		t.Fatalf("after the rename: %v", got)
	}
	if len(keys) != 3 {
		t.Fatalf("keyring changed: %v", keys)
	}
	if ids := m.children(""); strings.Join(ids, " ") != "d:Customers s:Home" {
		t.Fatalf("tree top level: %v", ids)
	}
}

func TestDeletingAFolderNamesTheCountAndTakesItsSites(t *testing.T) {
	m, keys := folderManager(t)
	m.tree.Select("s:Home")
	m.tree.Select("d:Clients")
	m.delete()
	top := m.win.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(labelsIn(top), "the 2 sites in it") {
		t.Fatalf("the confirmation does not name the count: %q", labelsIn(top))
	}
	answer(t, m.win, "", "Yes")
	got := folders(m)
	if len(got) != 1 || got["Home"] != "" {
		t.Fatalf("after deleting Clients: %v", got)
	}
	if len(keys) != 1 {
		t.Fatalf("passwords of the deleted sites stayed: %v", keys)
	}
}

func TestDeleteAndRenameActOnTheSiteSelectedNow(t *testing.T) {
	m, _ := folderManager(t)
	m.tree.Select("s:Big")
	m.tree.Select("s:Home")
	m.delete()
	answer(t, m.win, "", "Yes")
	got := folders(m)
	if _, still := got["Home"]; still || got["Big"] == "" {
		t.Fatalf("Delete with Home selected: %v", got)
	}
	m.tree.Select("s:Small")
	m.rename()
	answer(t, m.win, "Tiny", "Rename")
	if got := folders(m); got["Tiny"] != "Clients" {
		t.Fatalf("Rename with Small selected: %v", got)
	}
}

func TestMovingASiteAndAFolderIntoAFolder(t *testing.T) {
	m, _ := folderManager(t)
	m.tree.Select("s:Home")
	m.moveTo()
	top := m.win.Canvas().Overlays().Top()
	sel := findSelect(top)
	if sel == nil {
		t.Fatal("no folder choice")
	}
	sel.SetSelected("Clients/Big")
	answer(t, m.win, "", "Move")
	if got := folders(m); got["Home"] != "Clients/Big" {
		t.Fatalf("site moved to %q", got["Home"])
	}
	m.folders["Archive"] = true
	m.tree.Select("d:Clients/Big")
	m.moveTo()
	findSelect(m.win.Canvas().Overlays().Top()).SetSelected("Archive")
	answer(t, m.win, "", "Move")
	if got := folders(m); got["Big"] != "Archive/Big" || got["Home"] != "Archive/Big" || got["Small"] != "Clients" {
		t.Fatalf("after moving Clients/Big into Archive: %v", got)
	}
}

func TestClickingAFolderLabelOpensItAndDoubleClickingASiteConnects(t *testing.T) {
	m, _ := folderManager(t)
	var connected string
	m.onConnect = func(s session.Site) { connected = s.Name }
	m.tree.CloseAllBranches()
	l := newTreeLabel(m)
	m.updateNode("d:Clients", true, l)
	l.Tapped(nil)
	if !m.tree.IsBranchOpen("d:Clients") || m.selectedID != "d:Clients" {
		t.Fatal("a click on the folder label did not open and select it")
	}
	m.updateNode("s:Small", false, l)
	l.DoubleTapped(nil)
	if connected != "Small" {
		t.Fatalf("a double click on Small connected to %q", connected)
	}
}

func findSelect(o fyne.CanvasObject) *widget.Select {
	if s, ok := o.(*widget.Select); ok {
		return s
	}
	var objs []fyne.CanvasObject
	switch o := o.(type) {
	case *fyne.Container:
		objs = o.Objects
	case fyne.Widget:
		objs = test.WidgetRenderer(o).Objects()
	}
	for _, ch := range objs {
		if s := findSelect(ch); s != nil {
			return s
		}
	}
	return nil
}

func labelsIn(o fyne.CanvasObject) string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *widget.Label:
			out = append(out, o.Text)
		case *fyne.Container:
			for _, ch := range o.Objects {
				walk(ch)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(o).Objects() {
				walk(ch)
			}
		}
	}
	if o != nil {
		walk(o)
	}
	return strings.Join(out, " ")
}
