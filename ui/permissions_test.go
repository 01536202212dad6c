package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"ferry/session"
)

func TestPermissionBoxesAndNumericValueStayInStep(t *testing.T) {
	test.NewTempApp(t)
	d := newPermissionsDialog(0o640, true, true)
	want := [9]bool{true, true, false, true, false, false, false, false, false}
	for i, b := range d.bits {
		if b.Checked != want[i] {
			t.Fatalf("box %d = %v for 640", i, b.Checked)
		}
	}
	if d.numeric.Text != "640" {
		t.Fatalf("numeric = %q", d.numeric.Text)
	}
	d.bits[8].SetChecked(true) // public execute
	if d.numeric.Text != "641" {
		t.Errorf("after ticking public execute: %q", d.numeric.Text)
	}
	d.numeric.SetText("755")
	if d.mode() != 0o755 {
		t.Errorf("after typing 755 the boxes say %o", d.mode())
	}
	d.numeric.SetText("9") // not a mode: the boxes keep the last good one
	if d.mode() != 0o755 {
		t.Errorf("after a bad value the boxes say %o", d.mode())
	}
	if !d.scope.Disabled() {
		t.Error("the scope is offered before recursion is chosen")
	}
	d.recurse.SetChecked(true)
	if d.scope.Disabled() {
		t.Error("the scope is not offered with recursion")
	}
	if !newPermissionsDialog(0o644, true, false).recurse.Disabled() {
		t.Error("recursion offered for files only")
	}
	unknown := newPermissionsDialog(0, false, false)
	if unknown.numeric.Text != "" {
		t.Errorf("unknown permissions prefilled as %q", unknown.numeric.Text)
	}
}

func TestTransferSettingsRoundTripAndRefuseBadValues(t *testing.T) {
	test.NewTempApp(t)
	s := newTransferSettings()
	in := session.Site{TransferMode: session.ModeActive, ActiveAddress: "203.0.113.7", ActivePorts: "50000-50100", VerifyTransfers: true}
	s.load(in)
	var out session.Site
	if err := s.apply(&out); err != nil || out.TransferMode != in.TransferMode || out.ActiveAddress != in.ActiveAddress ||
		out.ActivePorts != in.ActivePorts || !out.VerifyTransfers {
		t.Fatalf("round trip: %+v, %v", out, err)
	}
	s.mode.SetSelectedIndex(1)
	if !s.activeAddress.Disabled() {
		t.Error("the active address is editable in passive mode")
	}
	s.activePorts.SetText("80-90")
	if err := s.apply(&out); err == nil {
		t.Error("a port range below 1024 was accepted")
	}
	s.activePorts.SetText("")
	s.activeAddress.SetText("my.host")
	if err := s.apply(&out); err == nil {
		t.Error("a host name was accepted as the active address")
	}
}

func TestQuickconnectTakesAnIPv6AddressAndAMode(t *testing.T) {
	a := test.NewTempApp(t)
	q := newQuickconnect(a.Preferences(), func(session.Site) {})
	q.host.SetText("::1")
	q.port.SetText("2121")
	q.mode.SetSelectedIndex(2)
	site, err := q.site()
	if err != nil || site.Host != "::1" || site.Addr() != "[::1]:2121" || site.TransferMode != session.ModeActive {
		t.Fatalf("site = %+v, %v", site, err)
	}
}
