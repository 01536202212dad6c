package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2/widget"

	"ferry/session"
)

// transferModeNames are FileZilla's names for the transfer modes.
var transferModeNames = []string{"Default (passive, active if refused)", "Passive", "Active"}
var transferModes = []session.TransferMode{session.ModeDefault, session.ModePassive, session.ModeActive}

// transferSettings is the site manager's part about data connections:
// transfer mode, the active-mode address and ports, verification, and how
// many connections download one big file.
type transferSettings struct {
	mode          *widget.Select
	segments      *widget.Select
	activeAddress *widget.Entry
	activePorts   *widget.Entry
	verify        *widget.Check
}

func newTransferSettings() *transferSettings {
	s := &transferSettings{
		mode:          widget.NewSelect(transferModeNames, nil),
		segments:      newSegmentsSelect(),
		activeAddress: widget.NewEntry(),
		activePorts:   widget.NewEntry(),
		verify:        widget.NewCheck("Verify transfers (checksums, where the server offers them)", nil),
	}
	s.activeAddress.SetPlaceHolder("this computer's address (set it behind NAT)")
	s.activePorts.SetPlaceHolder("any, or e.g. 50000-50100")
	s.mode.OnChanged = func(string) { s.enableActive() }
	return s
}

func (s *transferSettings) formItems() []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem("Transfer mode", s.mode),
		widget.NewFormItem("Active address", s.activeAddress),
		widget.NewFormItem("Active ports", s.activePorts),
		widget.NewFormItem("", s.verify),
		{Text: "Segments", Widget: s.segments, HintText: "Big downloads over several connections at once"},
	}
}

func (s *transferSettings) load(site session.Site) {
	s.mode.SetSelectedIndex(max(0, slices.Index(transferModes, site.TransferMode)))
	s.activeAddress.SetText(site.ActiveAddress)
	s.activePorts.SetText(site.ActivePorts)
	s.verify.SetChecked(site.VerifyTransfers)
	loadSegments(s.segments, site.Segments)
	s.enableActive()
}

// state is what the fields hold, for the site manager's formState.
func (s *transferSettings) state() string {
	return fmt.Sprint(s.mode.SelectedIndex(), s.segments.SelectedIndex(), s.activeAddress.Text+"\x00",
		s.activePorts.Text+"\x00", s.verify.Checked)
}

// enableActive offers the active-mode fields unless the mode is Passive.
func (s *transferSettings) enableActive() {
	on := s.mode.SelectedIndex() != 1
	setEnabled(s.activeAddress, on)
	setEnabled(s.activePorts, on)
}

// apply writes the fields into site, refusing an address or range that
// cannot work.
func (s *transferSettings) apply(site *session.Site) error {
	site.TransferMode = transferModes[max(0, s.mode.SelectedIndex())]
	site.ActiveAddress = strings.TrimSpace(s.activeAddress.Text)
	site.ActivePorts = strings.TrimSpace(s.activePorts.Text)
	site.VerifyTransfers = s.verify.Checked
	site.Segments = selectedSegments(s.segments)
	return checkActiveSettings(site.ActiveAddress, site.ActivePorts)
}
