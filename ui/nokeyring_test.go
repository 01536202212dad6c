package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"ferry/session"
)

// absentKeyring is a computer without a keyring.
type absentKeyring struct{}

func (absentKeyring) Get(string) (string, error) { return "", session.ErrNoKeyring }
func (absentKeyring) Set(string, string) error   { return session.ErrNoKeyring }
func (absentKeyring) Delete(string) error        { return session.ErrNoKeyring }

func TestWithoutAKeyringTheChoiceIsAskedOnceAndTheHintSaysWhere(t *testing.T) {
	a, store := siteStore(t)
	win := test.NewTempWindow(t, nil)
	m := newSiteManager(&Env{Store: store, Keyring: absentKeyring{}, Prefs: a.Preferences()}, win, func(session.Site) {})
	save := func(name, pw string) {
		t.Helper()
		m.newSite()
		test.Type(m.name, name)
		test.Type(m.host, name+".test")
		test.Type(m.user, "u")
		test.Type(m.password, pw)
		if _, ok := m.save(); !ok {
			t.Fatal("save failed")
		}
	}
	save("one", "pw1")
	top := win.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(labelsIn(top), "No password keyring") {
		t.Fatal("no word that there is no keyring")
	}
	answer(t, win, "", "Store in the sites file (readable by anyone with your account)")
	if s, _ := store.Get("one"); s.SavedPassword != "pw1" {
		t.Fatalf("password not in the sites file: %q", s.SavedPassword)
	}
	if m.password.PlaceHolder != "stored in the sites file" {
		t.Fatalf("hint %q", m.password.PlaceHolder)
	}
	save("two", "pw2") // asked once only: the choice holds
	if top := win.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("asked again: %s", labelsIn(top))
	}
	if s, _ := store.Get("two"); s.SavedPassword != "pw2" {
		t.Fatalf("second password not kept as chosen: %q", s.SavedPassword)
	}
}

func TestImportedPasswordsWithoutAKeyringAreOfferedTheSameChoice(t *testing.T) {
	a, store := siteStore(t)
	win := test.NewTempWindow(t, nil)
	m := newSiteManager(&Env{Store: store, Keyring: absentKeyring{}, Prefs: a.Preferences()}, win, func(session.Site) {})
	xml := `<?xml version="1.0"?><FileZilla3><Servers><Server><Host>h.test</Host><Port>21</Port><Protocol>0</Protocol>` +
		`<Type>0</Type><User>u</User><Pass encoding="base64">c2VjcmV0</Pass><Logontype>1</Logontype><Name>imp</Name></Server></Servers></FileZilla3>`
	if _, err := m.importFrom(strings.NewReader(xml)); err != nil {
		t.Fatal(err)
	}
	answer(t, win, "", "Ask every time")
	if s, _ := store.Get("imp"); s.SavedPassword != "" {
		t.Fatal("the password went to the file although the user chose to be asked")
	}
	if got := a.Preferences().String(withoutKeyringPref); got != "ask" {
		t.Fatalf("choice remembered as %q", got)
	}
}
