package ui

import "testing"

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
