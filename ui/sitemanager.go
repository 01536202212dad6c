package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"ferry/session"
)

var protocolNames = []string{"FTP, with TLS if available", "FTP over explicit TLS", "FTP over implicit TLS", "Plain FTP (insecure)"}
var protocols = []session.Protocol{session.FTPTLSIfAvailable, session.ExplicitTLS, session.ImplicitTLS, session.FTP}
var logonNames = []string{"Normal", "Ask for password", "Anonymous"}
var logons = []session.Logon{session.Normal, session.AskPassword, session.Anonymous}

// siteManager edits the saved sites, in folders.
type siteManager struct {
	env       *Env
	win       fyne.Window
	onConnect func(session.Site)

	tree       *widget.Tree
	folders    map[string]bool   // folders made here that hold no site yet
	current    string            // name of the site in the form; "" for a new one
	selectedID widget.TreeNodeID // what the tree has selected now: Rename, Delete and Move act on it

	name, folder, host, port, user, password, localDir, remoteDir, maxConns *escapableEntry
	speedLimit                                                              *escapableEntry
	protocol, logon                                                         *widget.Select
	noEPSV, oneAtATime                                                      *widget.Check
	transfer                                                                *transferSettings

	loaded string // the form as last loaded or saved (formState), to see unsaved changes
}

// showSiteManager opens the site manager; onConnect is called (on the main
// goroutine) with the site the user chose to connect to.
func showSiteManager(parent fyne.Window, env *Env, onConnect func(session.Site)) {
	m := newSiteManager(env, fyne.CurrentApp().NewWindow("Site manager"), onConnect)
	m.win.Resize(fyne.NewSize(880, 560))
	m.win.Show()
}

func newSiteManager(env *Env, win fyne.Window, onConnect func(session.Site)) *siteManager {
	m := &siteManager{env: env, win: win, onConnect: onConnect, folders: map[string]bool{}}
	entry := func(placeholder string) *escapableEntry {
		e := newEscapableEntry()
		e.SetPlaceHolder(placeholder)
		return e
	}
	m.name, m.folder, m.host = entry("My server"), entry("e.g. Work/Clients"), entry("ftp.example.org")
	m.port, m.user = entry("default"), entry("")
	m.password = newEscapablePasswordEntry()
	m.password.SetPlaceHolder("stored in the keyring")
	m.localDir, m.remoteDir, m.maxConns = entry("home folder"), entry("home folder"), entry("4")
	m.speedLimit = entry("no limit")
	m.protocol = widget.NewSelect(protocolNames, nil)
	m.logon = widget.NewSelect(logonNames, func(string) { m.enableCredentials() })
	m.noEPSV = widget.NewCheck("Use PASV only (old servers, some NAT routers)", nil)
	m.oneAtATime = widget.NewCheck("One command at a time (servers that mishandle several)", nil)
	m.transfer = newTransferSettings()

	m.tree = widget.NewTree(m.children, m.isBranch, m.newNode, m.updateNode)
	m.tree.OnSelected = m.selected
	m.tree.OnUnselected = func(widget.TreeNodeID) { m.selectedID = "" }
	m.tree.OpenAllBranches()

	form := widget.NewForm(
		widget.NewFormItem("Name", m.name),
		widget.NewFormItem("Folder", m.folder),
		widget.NewFormItem("Protocol", m.protocol),
		widget.NewFormItem("Host", m.host),
		widget.NewFormItem("Port", m.port),
		widget.NewFormItem("Logon", m.logon),
		widget.NewFormItem("User", m.user),
		widget.NewFormItem("Password", m.password),
		widget.NewFormItem("Local folder", m.localDir),
		widget.NewFormItem("Server folder", m.remoteDir),
		widget.NewFormItem("Connections", m.maxConns),
		widget.NewFormItem("Speed limit (KiB/s)", m.speedLimit),
		widget.NewFormItem("", m.noEPSV),
		widget.NewFormItem("", m.oneAtATime),
	)
	for _, item := range m.transfer.formItems() {
		form.AppendItem(item)
	}
	connect := widget.NewButton("Connect", m.connect)
	connect.Importance = widget.HighImportance
	actions := container.NewHBox(widget.NewButton("Save", func() { m.save() }),
		widget.NewButton("Test connection", m.test), connect)
	left := container.NewBorder(nil, container.NewGridWithColumns(3,
		widget.NewButton("New site", func() { m.whenSaved("before a new site is started", m.newSite, func() {}) }), widget.NewButton("New folder", m.newFolder),
		widget.NewButton("Duplicate", m.duplicate), widget.NewButton("Rename", m.rename),
		widget.NewButton("Delete", m.delete), widget.NewButton("Move to…", m.moveTo),
		widget.NewButton("Import…", m.importFileZilla),
		widget.NewButton("Certificates…", func() { showCertificates(m.win, m.env.Trust) })), nil, nil, m.tree)
	right := container.NewBorder(nil, container.NewBorder(nil, nil, nil, actions), nil, nil, container.NewVScroll(form))
	split := container.NewHSplit(left, right)
	split.Offset = 0.34
	win.SetContent(split)
	win.SetCloseIntercept(m.close)
	escapeCloses(win, m.close)
	m.load(session.Site{Protocol: session.FTPTLSIfAvailable, Logon: session.Normal})
	return m
}

// Tree ids: "" is the root, "d:PATH" a folder, "s:NAME" a site.
func (m *siteManager) children(id widget.TreeNodeID) []widget.TreeNodeID {
	if id != "" && !strings.HasPrefix(id, "d:") {
		return nil
	}
	dir := strings.TrimPrefix(id, "d:")
	var folders, sites []string
	add := func(folder string) {
		// The child of dir on the way to folder, if folder lies under dir.
		rest, ok := folder, dir == ""
		if dir != "" {
			rest, ok = strings.CutPrefix(folder, dir+"/")
		}
		if !ok || rest == "" {
			return
		}
		first, _, _ := strings.Cut(rest, "/")
		child := "d:" + first
		if dir != "" {
			child = "d:" + dir + "/" + first
		}
		if !slices.Contains(folders, child) {
			folders = append(folders, child)
		}
	}
	for _, s := range m.env.Store.Sites() {
		if s.Folder == dir {
			sites = append(sites, "s:"+s.Name)
		}
		add(s.Folder)
	}
	for f := range m.folders {
		add(f)
	}
	slices.Sort(folders)
	return append(folders, sites...)
}

func (m *siteManager) isBranch(id widget.TreeNodeID) bool {
	return id == "" || strings.HasPrefix(id, "d:")
}

func (m *siteManager) newNode(bool) fyne.CanvasObject { return newTreeLabel(m) }

func (m *siteManager) updateNode(id widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
	name := id[2:]
	if strings.HasPrefix(id, "d:") {
		name = name[strings.LastIndex(name, "/")+1:]
	}
	l := o.(*treeLabel)
	l.id = id
	l.SetText(name)
}

func (m *siteManager) selected(id widget.TreeNodeID) {
	m.selectedID = id
	name, ok := strings.CutPrefix(id, "s:")
	if !ok {
		// A folder presets where the next site goes; that is no edit.
		clean := m.formState() == m.loaded
		m.folder.SetText(strings.TrimPrefix(id, "d:"))
		if clean {
			m.loaded = m.formState()
		}
		return
	}
	site, found := m.env.Store.Get(name)
	if !found || name == m.current {
		return // the site in the form, edits and all
	}
	show := func() {
		m.load(site)
		m.tree.Select(id) // where Save moved the selection
	}
	m.whenSaved("before another site is shown", show, func() {
		if m.current == "" { // a new site, in no node yet
			m.tree.UnselectAll()
		} else {
			m.tree.Select("s:" + m.current)
		}
	})
}

// load puts site into the form.
func (m *siteManager) load(site session.Site) {
	m.current = site.Name
	m.name.SetText(site.Name)
	m.folder.SetText(site.Folder)
	m.host.SetText(site.Host)
	m.port.SetText("")
	if site.Port != 0 {
		m.port.SetText(strconv.Itoa(site.Port))
	}
	m.protocol.SetSelectedIndex(max(0, slices.Index(protocols, site.Protocol)))
	m.logon.SetSelectedIndex(max(0, slices.Index(logons, site.Logon)))
	m.user.SetText(site.User)
	m.password.SetText("")
	m.password.SetPlaceHolder(m.passwordHint(site))
	m.localDir.SetText(site.LocalDir)
	m.remoteDir.SetText(site.RemoteDir)
	m.maxConns.SetText("")
	if site.MaxConns != 0 {
		m.maxConns.SetText(strconv.Itoa(site.MaxConns))
	}
	m.speedLimit.SetText("")
	if site.SpeedLimitKiB > 0 {
		m.speedLimit.SetText(strconv.Itoa(site.SpeedLimitKiB))
	}
	m.noEPSV.SetChecked(site.DisableEPSV)
	m.oneAtATime.SetChecked(site.OneCommandAtATime)
	m.transfer.load(site)
	m.enableCredentials()
	m.loaded = m.formState()
}

// formState is everything the form holds, to compare with what it held.
func (m *siteManager) formState() string {
	var b strings.Builder
	for _, e := range []*escapableEntry{m.name, m.folder, m.host, m.port, m.user, m.password,
		m.localDir, m.remoteDir, m.maxConns, m.speedLimit} {
		b.WriteString(e.Text + "\x00")
	}
	fmt.Fprint(&b, m.protocol.SelectedIndex(), m.logon.SelectedIndex(), m.noEPSV.Checked, m.oneAtATime.Checked,
		m.transfer.state())
	return b.String()
}

// close closes the site manager, asking first when the form has changes
// that were not saved.
func (m *siteManager) close() {
	m.whenSaved("before the site manager closes", m.win.Close, func() {})
}

// whenSaved runs then at once when the form holds no unsaved changes, and
// otherwise asks: Save (then, if saving worked), Discard (then), or Cancel
// to go on editing (stay; Escape too). when ends the question's sentence.
func (m *siteManager) whenSaved(when string, then, stay func()) {
	if m.formState() == m.loaded {
		then()
		return
	}
	name := strings.TrimSpace(m.name.Text)
	if name == "" {
		name = "the new site"
	}
	var d dialog.Dialog
	cancel := func() {
		d.Hide()
		stay()
	}
	discard := widget.NewButton("Discard", func() {
		d.Hide()
		then()
	})
	save := widget.NewButton("Save", func() {
		d.Hide()
		if _, ok := m.save(); ok {
			then()
		} else {
			stay()
		}
	})
	save.Importance = widget.HighImportance
	body := container.NewVBox(wrapped("The changes to "+name+" are not saved. Save them "+when+"?"),
		container.NewGridWithColumns(3, widget.NewButton("Cancel", cancel), discard, save))
	d = dialog.NewCustomWithoutButtons("Unsaved changes", body, m.win)
	d.Resize(fyne.NewSize(460, 0))
	showDialog(m.win, d, cancel)
}

func (m *siteManager) enableCredentials() {
	anonymous := m.logon.SelectedIndex() == 2
	ask := m.logon.SelectedIndex() == 1
	setEnabled(m.user, !anonymous)
	setEnabled(m.password, !anonymous && !ask)
}

func setEnabled(e fyne.Disableable, on bool) {
	if on {
		e.Enable()
	} else {
		e.Disable()
	}
}

// form reads the site in the form, keeping what the form does not show.
func (m *siteManager) form() (session.Site, error) {
	site, _ := m.env.Store.Get(m.current)
	site.Name = strings.TrimSpace(m.name.Text)
	site.Folder = strings.Trim(strings.TrimSpace(m.folder.Text), "/")
	site.Host = strings.TrimSpace(m.host.Text)
	site.Protocol = protocols[max(0, m.protocol.SelectedIndex())]
	site.Logon = logons[max(0, m.logon.SelectedIndex())]
	site.User = strings.TrimSpace(m.user.Text)
	site.LocalDir = strings.TrimSpace(m.localDir.Text)
	site.RemoteDir = strings.TrimSpace(m.remoteDir.Text)
	site.DisableEPSV = m.noEPSV.Checked
	site.OneCommandAtATime = m.oneAtATime.Checked
	site.Port, site.MaxConns = 0, 0
	if site.Name == "" {
		return site, errors.New("give the site a name")
	}
	if site.Host == "" {
		return site, errors.New("give the server's host name or address")
	}
	if t := strings.TrimSpace(m.port.Text); t != "" {
		p, err := strconv.Atoi(t)
		if err != nil || p < 1 || p > 65535 {
			return site, fmt.Errorf("the port %q is not a number from 1 to 65535", t)
		}
		site.Port = p
	}
	if t := strings.TrimSpace(m.maxConns.Text); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 || n > session.MaxConnections {
			return site, fmt.Errorf("connections must be a number from 1 to %d", session.MaxConnections)
		}
		site.MaxConns = n
	}
	kib, err := parseKiB(m.speedLimit.Text)
	if err != nil {
		return site, fmt.Errorf("speed limit: %w", err)
	}
	site.SpeedLimitKiB = kib
	return site, m.transfer.apply(&site)
}

// save writes the form to the store and the password to the keyring. It
// returns the site with the password typed, and whether it worked.
func (m *siteManager) save() (session.Site, bool) {
	site, err := m.form()
	if err != nil {
		showError(m.win, "Could not save the site", err)
		return site, false
	}
	if m.current != "" && m.current != site.Name {
		if err := m.env.Store.Rename(m.current, site.Name); err != nil {
			showError(m.win, "Could not rename the site", err)
			return site, false
		}
	} else if _, exists := m.env.Store.Get(site.Name); exists && m.current == "" {
		showError(m.win, "Could not save the site", fmt.Errorf("a site named %q exists already", site.Name))
		return site, false
	}
	if err := m.env.Store.Put(site); err != nil {
		showError(m.win, "Could not save the site", err)
		return site, false
	}
	m.current = site.Name
	site, _ = m.env.Store.Get(site.Name) // with its ID
	applySiteSpeedLimit(m.env.Queue, site)
	applySiteSegments(m.env.Queue, site)
	if pw := m.password.Text; pw != "" && site.Logon == session.Normal {
		site.Password = pw
		m.storePassword(site, pw)
	}
	m.tree.Refresh()
	m.tree.Select("s:" + site.Name)
	m.loaded = m.formState()
	return site, true
}

// storePassword puts pw in the keyring; without a keyring, saving it in the
// sites file is offered as an explicit choice.
func (m *siteManager) storePassword(site session.Site, pw string) {
	err := m.env.Keyring.Set(session.PasswordKey(site), pw)
	if err == nil {
		return
	}
	if !errors.Is(err, session.ErrNoKeyring) {
		showError(m.win, "Could not store the password", err)
		return
	}
	m.withoutKeyring([]unsavedPassword{{site: site, pw: pw}})
}

func (m *siteManager) connect() {
	site, ok := m.save()
	if !ok {
		return
	}
	m.onConnect(site)
	m.win.Close()
}

// test dials the site in the background and reports. The password is
// found as Connect finds it (what was typed first), and questions appear on
// the site manager's window; Cancel abandons the test.
func (m *siteManager) test() {
	site, err := m.form()
	if err != nil {
		showError(m.win, "Cannot test", err)
		return
	}
	site.Password = m.password.Text
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	progress := dialog.NewCustom("Testing "+site.Addr(), "Cancel", widget.NewProgressBarInfinite(), m.win)
	progress.SetOnClosed(cancel)
	showDialog(m.win, progress, nil)
	go func() {
		defer cancel()
		err := m.env.Sessions.Test(ctx, site, windowQuestions{win: m.win})
		onMain(func() {
			progress.Hide()
			switch {
			case errors.Is(err, context.Canceled):
			case err != nil:
				showError(m.win, "The test failed", err)
			default:
				showDialog(m.win, dialog.NewInformation("Connection works", "Connected to "+site.Addr()+" and logged in.", m.win), nil)
			}
		})
	}()
}

func (m *siteManager) newSite() {
	folder := m.folder.Text
	m.tree.UnselectAll()
	m.load(session.Site{Protocol: session.FTPTLSIfAvailable, Logon: session.Normal, Folder: folder})
	m.current = ""
	m.win.Canvas().Focus(m.name)
}

func (m *siteManager) newFolder() {
	askName(m.win, "New folder", "Create", "", func(n string) {
		if n = strings.Trim(n, "/"); n == "" {
			return
		}
		if parent := strings.Trim(m.folder.Text, "/"); parent != "" {
			n = parent + "/" + n
		}
		m.folders[n] = true
		m.folder.SetText(n)
		m.tree.Refresh()
		m.tree.OpenAllBranches()
	})
}

func (m *siteManager) duplicate() {
	site, ok := m.env.Store.Get(m.current)
	if !ok {
		return
	}
	original := site
	site.ID = "" // a site of its own, with its own password entry
	site.Name = freeName(m.env.Store, site.Name+" copy")
	if err := m.env.Store.Put(site); err != nil {
		showError(m.win, "Could not duplicate", err)
		return
	}
	site, _ = m.env.Store.Get(site.Name)
	if pw, err := m.env.Keyring.Get(session.PasswordKey(original)); err == nil {
		m.env.Keyring.Set(session.PasswordKey(site), pw)
	}
	m.load(site)
	m.tree.Refresh()
	m.tree.Select("s:" + site.Name)
}

func (m *siteManager) rename() {
	if dir, ok := m.selectedFolder(); ok {
		m.renameFolder(dir)
		return
	}
	if m.current == "" || m.selectedID != "s:"+m.current {
		return
	}
	askName(m.win, "Rename site", "Rename", m.current, func(name string) {
		if err := m.env.Store.Rename(m.current, name); err != nil {
			showError(m.win, "Could not rename the site", err)
			return
		}
		m.current = name
		m.name.SetText(name)
		m.tree.Refresh()
		m.tree.Select("s:" + name)
	})
}

func (m *siteManager) delete() {
	if dir, ok := m.selectedFolder(); ok {
		m.deleteFolder(dir)
		return
	}
	site, ok := m.env.Store.Get(m.current)
	if !ok || m.selectedID != "s:"+m.current {
		return
	}
	showDialog(m.win, dialog.NewConfirm("Delete site", fmt.Sprintf("Delete the site %q and its stored password?", site.Name), func(yes bool) {
		if !yes {
			return
		}
		if err := m.env.Store.Remove(site.Name); err != nil {
			showError(m.win, "Could not delete the site", err)
			return
		}
		m.env.Keyring.Delete(session.PasswordKey(site)) // this site's entry only
		m.tree.UnselectAll()
		m.tree.Refresh()
		m.newSite()
	}, m.win), nil)
}

// freeName is name, or name with a number, not yet used in the store.
func freeName(store *session.Store, name string) string {
	candidate := name
	for i := 2; ; i++ {
		if _, taken := store.Get(candidate); !taken {
			return candidate
		}
		candidate = fmt.Sprintf("%s (%d)", name, i)
	}
}
