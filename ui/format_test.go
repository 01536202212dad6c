package ui

import (
	"testing"
	"time"
)

// A transfer with less than a second left is not shown as finished.
func TestTheTimeLeftIsShownInWholeSecondsAndNeverAsNothingLeft(t *testing.T) {
	for _, c := range []struct {
		left time.Duration
		want string
	}{
		{0, ""},
		{-time.Second, ""},
		{300 * time.Millisecond, "0:01"},
		{1400 * time.Millisecond, "0:01"},
		{65 * time.Second, "1:05"},
		{time.Hour + 5*time.Minute + 9*time.Second, "1:05:09"},
	} {
		if got := formatETA(c.left); got != c.want {
			t.Errorf("formatETA(%v) = %q, want %q", c.left, got, c.want)
		}
	}
}
