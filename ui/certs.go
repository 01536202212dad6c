package ui

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"ferry/session"
)

// showConnectError shows why a connection failed; a changed certificate
// gets a dialog of its own that sets the old and new fingerprints side by
// side. Main goroutine only.
func showConnectError(win fyne.Window, action string, err error) {
	var ce *session.CertError
	if errors.As(err, &ce) && ce.Changed {
		showCertChanged(win, ce)
		return
	}
	showError(win, action, err)
}

// showCertChanged explains a refused, changed certificate.
func showCertChanged(win fyne.Window, ce *session.CertError) {
	mono := func(s string) *widget.Label {
		l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		l.Wrapping = fyne.TextWrapBreak
		return l
	}
	c := ce.Cert
	valid := "unknown"
	if !c.NotBefore.IsZero() {
		valid = c.NotBefore.Local().Format("2006-01-02") + " to " + c.NotAfter.Local().Format("2006-01-02")
	}
	form := widget.NewForm(
		widget.NewFormItem("Server", widget.NewLabel(ce.HostPort)),
		widget.NewFormItem("Trusted before", mono(ce.Pinned)),
		widget.NewFormItem("Presented now", mono(c.SHA256)),
		widget.NewFormItem("Subject", wrapped(c.Subject)),
		widget.NewFormItem("Issuer", wrapped(c.Issuer)),
		widget.NewFormItem("Valid", widget.NewLabel(valid)),
	)
	body := container.NewVBox(
		wrapped(fmt.Sprintf("The certificate of %s is not the one you trusted before, so Ferry did not connect: "+
			"someone may be intercepting the connection. If the server's administrator confirms the new "+
			"fingerprint, remove the old one in Site manager → Certificates and connect again.", ce.HostPort)),
		form)
	d := dialog.NewCustom("Certificate changed", "Close", body, win)
	d.Resize(fyne.NewSize(680, 0))
	showDialog(win, d, nil)
}

// showCertificates lists the certificates trusted for good, each with a
// Remove button (after a confirmation).
func showCertificates(win fyne.Window, trust *session.TrustStore) {
	list := container.NewVBox()
	var fill func()
	fill = func() {
		list.Objects = nil
		pins := trust.Pins()
		if len(pins) == 0 {
			list.Add(widget.NewLabel("No certificate is trusted yet."))
		}
		for _, p := range pins {
			fp := widget.NewLabelWithStyle(p.SHA256, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
			fp.Wrapping = fyne.TextWrapBreak
			remove := widget.NewButton("Remove", func() {
				showDialog(win, dialog.NewConfirm("Remove certificate", fmt.Sprintf("Stop trusting this certificate for %s? "+
					"The next connection shows the server's certificate and asks again.", p.HostPort), func(yes bool) {
					if !yes {
						return
					}
					if _, err := trust.Forget(p.HostPort); err != nil {
						showError(win, "Could not remove the certificate", err)
					}
					fill()
				}, win), nil)
			})
			list.Add(container.NewBorder(nil, nil, nil, remove, container.NewVBox(widget.NewLabelWithStyle(p.HostPort,
				fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), fp)))
			list.Add(widget.NewSeparator())
		}
		list.Refresh()
	}
	fill()
	scroll := container.NewVScroll(list)
	scroll.SetMinSize(fyne.NewSize(640, 320))
	d := dialog.NewCustom("Trusted certificates", "Close", scroll, win)
	showDialog(win, d, nil)
}
