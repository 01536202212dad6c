package ui

import (
	"fmt"
	"net"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"ferry/session"
)

// Preference keys of the app-wide active-mode settings, used by sites that
// set none of their own.
const (
	prefActiveAddress = "active.address"
	prefActivePorts   = "active.ports"
)

// activeDefaults reads the app-wide active-mode settings (for
// session.Options.ActiveDefaults).
func activeDefaults(prefs fyne.Preferences) func() (string, string) {
	return func() (string, string) {
		if prefs == nil {
			return "", ""
		}
		return prefs.String(prefActiveAddress), prefs.String(prefActivePorts)
	}
}

// checkActiveSettings refuses an address or port range that cannot work.
func checkActiveSettings(address, ports string) error {
	if address != "" && net.ParseIP(address) == nil {
		return fmt.Errorf("the active address %q is not an IP address", address)
	}
	_, _, err := session.ParsePortRange(ports)
	return err
}

// showActiveSettings edits the app-wide active-mode address and ports.
func (w *mainWindow) showActiveSettings() {
	prefs := w.env.Prefs
	address, ports := newEscapableEntry(), newEscapableEntry()
	address.SetText(prefs.String(prefActiveAddress))
	ports.SetText(prefs.String(prefActivePorts))
	address.SetPlaceHolder("this computer's address (set it behind NAT)")
	ports.SetPlaceHolder("any, or e.g. 50000-50100")
	items := []*widget.FormItem{
		widget.NewFormItem("", wrapped("Used in active mode by every site that sets none of its own.")),
		widget.NewFormItem("Address", address),
		widget.NewFormItem("Ports", ports),
	}
	d := dialog.NewForm("Active mode", "Save", "Cancel", items, func(ok bool) {
		a, p := strings.TrimSpace(address.Text), strings.TrimSpace(ports.Text)
		if !ok {
			return
		}
		if err := checkActiveSettings(a, p); err != nil {
			showError(w.win, "Could not save the active-mode settings", err)
			return
		}
		prefs.SetString(prefActiveAddress, a)
		prefs.SetString(prefActivePorts, p)
	}, w.win)
	d.Resize(fyne.NewSize(460, 0))
	showDialog(w.win, d, nil)
	w.win.Canvas().Focus(address)
}
