package ui

import (
	"net"
	"strings"
	"testing"

	"ferry/session"
)

func TestTabsOfThreeQuickconnectServersAreNamedApart(t *testing.T) {
	w := testWindow(t, 0)
	sites := []session.Site{
		{Name: "127.0.0.1", Host: "127.0.0.1", Port: 2121, Protocol: session.FTP, Logon: session.Normal, User: "alice"},
		{Name: "127.0.0.1", Host: "127.0.0.1", Port: 2122, Protocol: session.ExplicitTLS, Logon: session.Normal, User: "bob"},
		{Name: "127.0.0.1", Host: "127.0.0.1", Port: 2123, Protocol: session.FTP, Logon: session.Anonymous},
	}
	saved := session.Site{Name: "Work", Host: "127.0.0.1", Port: 2124, Protocol: session.FTP, Logon: session.Normal, User: "carol"}
	if err := w.env.Store.Put(saved); err != nil {
		t.Fatal(err)
	}
	inUI(func() {
		for _, s := range append(sites, saved) {
			w.addTab(s, session.KeyOf(s), session.NewPool(s, session.Options{}), "/", nil)
		}
		var got []string
		for _, it := range w.tabs.Items {
			got = append(got, it.Text)
		}
		want := []string{"alice@127.0.0.1:2121", "bob@127.0.0.1:2122", "127.0.0.1:2123", "Work"}
		if len(got) != len(want) {
			t.Fatalf("tabs %q, want %q", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("tabs %q, want %q", got, want)
			}
		}
		locked := func(i int) bool { return strings.HasSuffix(w.tabs.Items[i].Icon.Name(), lockIcon.Name()) }
		if !locked(1) || locked(0) {
			t.Fatal("only the TLS tab should show the lock")
		}
		// Connecting again to the second server reuses its tab.
		w.addTab(sites[1], session.KeyOf(sites[1]), session.NewPool(sites[1], session.Options{}), "/", nil)
		if len(w.tabs.Items) != 4 || w.tabs.Selected() != w.tabs.Items[1] {
			t.Fatalf("a reconnect made %d tabs, selected %q", len(w.tabs.Items), w.tabs.Selected().Text)
		}
	})
}

func TestARefusedConnectionNeverReadsConnected(t *testing.T) {
	w := testWindow(t, 0)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close() // nothing listens there now: the connection is refused
	open := session.Site{Name: "127.0.0.1", Host: "127.0.0.1", Port: 2121, Protocol: session.FTP, Logon: session.Anonymous}
	dead := session.Site{Name: "127.0.0.1", Host: "127.0.0.1", Port: port, Protocol: session.FTP, Logon: session.Anonymous}
	inUI(func() {
		w.addTab(open, session.KeyOf(open), session.NewPool(open, session.Options{}), "/", nil)
		w.connect(dead)
	})
	waitFor(t, func() bool { return !strings.HasPrefix(w.status.Text, "Connecting") })
	inUI(func() {
		if !strings.HasPrefix(w.status.Text, "Could not connect to 127.0.0.1:") {
			t.Fatalf("status after a refused connection: %q", w.status.Text)
		}
	})
}

// A site that takes TLS if available shows the lock when it got TLS.
func TestTheTabOfASiteThatGotTLSShowsTheLock(t *testing.T) {
	site := session.Site{Host: "127.0.0.1", Protocol: session.FTPTLSIfAvailable}
	if name := tabIcon(site, true).Name(); !strings.HasSuffix(name, lockIcon.Name()) {
		t.Errorf("secured: icon %s, want the lock", name)
	}
	if name := tabIcon(site, false).Name(); strings.HasSuffix(name, lockIcon.Name()) {
		t.Errorf("in clear: icon %s, want no lock", name)
	}
}
