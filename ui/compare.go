package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"ferry/mirror"
	"ferry/session"
)

// mark is how a row compares with the same name in the other pane, as
// FileZilla's directory comparison shows it: a colour and an icon.
type mark int

const (
	noMark      mark = iota
	markOnly         // only this pane has it
	markNewer        // this pane's copy is newer
	markOlder        // the other pane's copy is newer
	markDiffers      // the sizes differ (or a folder faces a file)
)

var (
	markColors = map[mark]color.Color{
		markOnly:    color.NRGBA{R: 0xf0, G: 0xc0, B: 0x00, A: 0x60},
		markNewer:   color.NRGBA{R: 0x20, G: 0xb0, B: 0x40, A: 0x60},
		markOlder:   color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0x40},
		markDiffers: color.NRGBA{R: 0xe0, G: 0x30, B: 0x30, A: 0x60},
	}
)

// markIcon is the icon of a mark (looked up when drawn: the theme's icons
// need the running app).
func markIcon(m mark) fyne.Resource {
	switch m {
	case markOnly:
		return theme.ContentAddIcon()
	case markNewer:
		return theme.MoveUpIcon()
	case markOlder:
		return theme.MoveDownIcon()
	case markDiffers:
		return theme.WarningIcon()
	}
	return nil
}

// compareLegend explains the marks in the status line.
const compareLegend = "Comparing folders: yellow + only on this side, green ↑ newer, grey ↓ older, red ! different size"

// compareListings marks both listings against each other.
func compareListings(local, remote []session.Entry) (localMarks, remoteMarks map[string]mark) {
	localMarks, remoteMarks = map[string]mark{}, map[string]mark{}
	there := make(map[string]session.Entry, len(remote))
	for _, e := range remote {
		there[e.Name] = e
	}
	for _, l := range local {
		r, ok := there[l.Name]
		var ri *mirror.Info
		if ok {
			ri = info(r)
		}
		lm, rm := marksFor(mirror.CompareInfo(info(l), ri))
		localMarks[l.Name], remoteMarks[l.Name] = lm, rm
	}
	for _, r := range remote {
		if _, ok := localMarks[r.Name]; !ok {
			remoteMarks[r.Name] = markOnly
		}
	}
	return localMarks, remoteMarks
}

func info(e session.Entry) *mirror.Info {
	return &mirror.Info{Dir: e.Type == session.Dir, Size: e.Size, ModTime: e.ModTime}
}

// marksFor turns a comparison into the local and the remote row's mark.
func marksFor(k mirror.Kind) (local, remote mark) {
	switch k {
	case mirror.OnlyHere:
		return markOnly, noMark
	case mirror.NewerHere:
		return markNewer, markOlder
	case mirror.NewerThere:
		return markOlder, markNewer
	case mirror.Differs, mirror.Conflict:
		return markDiffers, markDiffers
	}
	return noMark, noMark
}

// applyCompare marks the local pane and the current server pane while the
// comparison is on, and clears the marks when it is off.
func (w *mainWindow) applyCompare() {
	if !w.comparing {
		for _, p := range w.allPanes() {
			p.setMarks(nil)
		}
		return
	}
	t := w.current()
	if t == nil {
		w.status.SetText("Comparing folders: connect to a server to compare with")
		return
	}
	local, remote := compareListings(w.local.all, t.pane.all)
	for _, p := range w.allPanes() {
		if p != t.pane && p != w.local {
			p.setMarks(nil)
		}
	}
	w.local.setMarks(local)
	t.pane.setMarks(remote)
	w.status.SetText(compareLegend)
}

// toggleCompare is the toolbar's Compare button.
func (w *mainWindow) toggleCompare() { w.viewCompare.Action() }

// setMarks shows comparison marks (nil: none).
func (p *pane) setMarks(m map[string]mark) {
	if p.marks == nil && m == nil {
		return
	}
	p.marks = m
	p.fitColumns(p.table.width)
	p.table.Refresh()
}

// markOf is the row's mark, noMark when nothing is compared.
func (p *pane) markOf(name string) mark {
	if p.marks == nil {
		return noMark
	}
	return p.marks[name]
}
