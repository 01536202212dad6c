package ui

import (
	"errors"
	"testing"

	"ferry/queue"
	"ferry/session"
)

func TestTheSpeedLimitIsSetFromTheWindowAndAppliedToTheQueue(t *testing.T) {
	w := testWindow(t, 0)
	inUI(func() {
		w.askSpeedLimit()
		answer(t, w.win, "512", "Set")
	})
	if got := w.env.Queue.RateLimit(); got != 512<<10 {
		t.Fatalf("queue limit %d, want %d", got, 512<<10)
	}
	if w.env.Prefs.Int(speedLimitPref) != 512 {
		t.Fatal("the limit is not remembered")
	}
	inUI(func() {
		w.askSpeedLimit()
		answer(t, w.win, " ", "Set")
	})
	if got := w.env.Queue.RateLimit(); got != 0 {
		t.Fatalf("an empty field left the limit at %d", got)
	}
	if _, err := parseKiB("fast"); err == nil {
		t.Fatal("\"fast\" was taken as a number")
	}
}

// A site's own speed limit is saved with the site and applied to its
// transfers at once; a value that is not a number is refused.
func TestASitesSpeedLimitIsSavedAndAppliedToTheQueue(t *testing.T) {
	m, _ := folderManager(t)
	q, err := queue.New(queue.Options{Connect: func(string) (*session.Pool, error) { return nil, errors.New("no server here") }})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	m.env.Queue = q
	home, _ := m.env.Store.Get("Home")
	inUI(func() {
		m.load(home)
		m.speedLimit.SetText("fast")
		if _, ok := m.save(); ok {
			t.Error("a speed limit of \"fast\" was saved")
		}
		m.speedLimit.SetText("64")
		if _, ok := m.save(); !ok {
			t.Fatal("the site with a speed limit of 64 was not saved")
		}
	})
	if saved, _ := m.env.Store.Get("Home"); saved.SpeedLimitKiB != 64 {
		t.Errorf("saved limit %d KiB/s, want 64", saved.SpeedLimitKiB)
	}
	if got := q.SiteRateLimit(session.KeyOf(home)); got != 64<<10 {
		t.Errorf("the queue holds the site to %d B/s, want %d", got, 64<<10)
	}
}
