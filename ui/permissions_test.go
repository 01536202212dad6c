package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
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

// pollUI waits until ok (checked on the UI side) holds, failing after 30 s.
func pollUI(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var done bool
		inUI(func() { done = ok() })
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestThePermissionsDialogChangesModesOnTheServer(t *testing.T) {
	isolate(t)
	test.NewTempApp(t)
	srv := ftptest.Vsftpd(t, false)
	for _, f := range []string{"d/a.txt", "d/sub/b.txt"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(srv.Root, f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(srv.Root, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv.Chown(t)
	site := session.Site{Name: "v", Protocol: session.FTP, Host: srv.Host, Port: srv.Port, Logon: session.Normal,
		User: srv.User, Password: srv.Password, AllowPlainPassword: true}
	pool := session.NewPool(site, session.Options{})
	defer pool.Close()
	var failure error
	var p *pane
	inUI(func() {
		p = newPane(test.NewTempWindow(t, nil), "Server", remoteSource{pool: pool})
		p.onError = func(_ string, err error) { failure = err }
		p.dir = "/"
		p.applyPermissions(pool, "/", []session.Entry{{Name: "d", Type: session.Dir}}, 0o600, true, session.ChmodFilesOnly)
	})
	mode := func(f string) os.FileMode {
		fi, err := os.Stat(filepath.Join(srv.Root, f))
		if err != nil {
			return 0
		}
		return fi.Mode().Perm()
	}
	pollUI(t, "the modes to change", func() bool {
		return failure != nil || (mode("d/a.txt") == 0o600 && mode("d/sub/b.txt") == 0o600)
	})
	if failure != nil {
		t.Fatal(failure)
	}
	// The pane refreshes after the change: let it finish before the test app goes.
	pollUI(t, "the pane to settle", func() bool { return len(p.work.running) == 0 })
	if mode("d/sub") != 0o755 || mode("d") != 0o755 {
		t.Errorf("files only changed a folder: d %o, d/sub %o", mode("d"), mode("d/sub"))
	}
	// The pane refreshes afterwards: let it finish before the next test.
	pollUI(t, "the refresh", func() bool { return !p.work.busy() })
}

func TestACustomCommandsReplyIsInTheMessageLog(t *testing.T) {
	isolate(t)
	test.NewTempApp(t)
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	log := session.NewLog(1000)
	site := session.Site{Name: "e", Protocol: session.FTP, Host: srv.Host, Port: srv.Port, Logon: session.Normal,
		User: srv.User, Password: srv.Password, AllowPlainPassword: true}
	pool := session.NewPool(site, session.Options{Log: log})
	defer pool.Close()
	var failure error
	var p *pane
	inUI(func() {
		p = newPane(test.NewTempWindow(t, nil), "Server", remoteSource{pool: pool})
		p.onError = func(_ string, err error) { failure = err }
		p.sendCommand(pool, "NOOP\r\nDELE x")
	})
	if !errors.Is(failure, session.ErrBadCommand) {
		t.Fatalf("a command with a line break: %v", failure)
	}
	failure = nil
	inUI(func() { p.sendCommand(pool, "SYST") })
	pollUI(t, "the reply", func() bool {
		for _, l := range log.Lines() {
			if l.Kind == session.LogReply && strings.HasPrefix(l.Text, "215 ") {
				return true
			}
		}
		return failure != nil
	})
	if failure != nil {
		t.Fatal(failure)
	}
}

func TestTheAppsActiveSettingsAreReadAtEachConnection(t *testing.T) {
	a := test.NewTempApp(t)
	read := activeDefaults(a.Preferences())
	if addr, ports := read(); addr != "" || ports != "" {
		t.Fatalf("defaults before any setting: %q %q", addr, ports)
	}
	a.Preferences().SetString(prefActivePorts, "50000-50010")
	if _, ports := read(); ports != "50000-50010" {
		t.Errorf("a changed setting was not seen: %q", ports)
	}
	if checkActiveSettings("host.example", "") == nil || checkActiveSettings("", "9-8") == nil || checkActiveSettings("::1", "2000-2001") != nil {
		t.Error("checkActiveSettings accepts or refuses the wrong values")
	}
}
