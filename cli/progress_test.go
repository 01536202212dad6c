package cli

import (
	"strings"
	"testing"
	"time"

	"ferry/queue"
)

// The progress line never says "ETA 0s" while bytes are still to come.
func TestTheProgressLineShowsAtLeastASecondLeft(t *testing.T) {
	for _, c := range []struct {
		left time.Duration
		want string
	}{
		{300 * time.Millisecond, "ETA 1s"},
		{2600 * time.Millisecond, "ETA 3s"},
	} {
		text := progressText(queue.Totals{Files: 2, Done: 1, Bytes: 100, BytesDone: 50, ETA: c.left})
		if !strings.HasSuffix(text, c.want) {
			t.Errorf("with %v left the line is %q, want it to end in %q", c.left, text, c.want)
		}
	}
	if text := progressText(queue.Totals{Files: 1, Done: 1}); strings.Contains(text, "ETA") {
		t.Errorf("a finished transfer shows a time left: %q", text)
	}
}
