package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"ferry/session"
)

func TestTheChangedCertificateDialogShowsBothFingerprintsAndDates(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	ce := &session.CertError{HostPort: "ftp.test:21", Changed: true, Pinned: "AA:BB:CC",
		Cert: session.CertInfo{SHA256: "DD:EE:FF", Subject: "CN=ftp.test", Issuer: "CN=ftp.test",
			NotBefore: time.Date(2026, 1, 2, 0, 0, 0, 0, time.Local), NotAfter: time.Date(2027, 1, 2, 0, 0, 0, 0, time.Local)}}
	showConnectError(win, "Could not connect", ce)
	text := labelsIn(win.Canvas().Overlays().Top())
	for _, want := range []string{"AA:BB:CC", "DD:EE:FF", "2026-01-02 to 2027-01-02", "ftp.test:21"} {
		if !strings.Contains(text, want) {
			t.Fatalf("the dialog lacks %q: %s", want, text)
		}
	}
}

func TestCertificatesListsPinsAndRemovesOneAfterConfirming(t *testing.T) {
	test.NewTempApp(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "trusted-certs.json")
	os.WriteFile(path, []byte(`{"a.test:21":"AA:AA","b.test:990":"BB:BB"}`), 0o600)
	trust, err := session.OpenTrustStore(path)
	if err != nil {
		t.Fatal(err)
	}
	win := test.NewTempWindow(t, nil)
	showCertificates(win, trust)
	list := win.Canvas().Overlays().Top()
	if text := labelsIn(list); !strings.Contains(text, "a.test:21") || !strings.Contains(text, "BB:BB") {
		t.Fatalf("pins shown: %s", text)
	}
	test.Tap(findButton(list, "Remove")) // the first: a.test:21
	answer(t, win, "", "Yes")
	pins := trust.Pins()
	if len(pins) != 1 || pins[0].HostPort != "b.test:990" {
		t.Fatalf("pins after removing a.test:21: %v", pins)
	}
}
