package ui

import (
	"strings"
	"testing"

	"ferry/session"
)

// A hostile name is shown Go-quoted in the window, and a log line keeps
// its quotes while its control characters are escaped.
func TestServerTextIsShownWithoutControlCharacters(t *testing.T) {
	if got := displayName("esc\x1b]0;owned\x07.txt"); got != `"esc\x1b]0;owned\a.txt"` {
		t.Errorf("displayName = %s", got)
	}
	if got := displayName("plain name.txt"); got != "plain name.txt" {
		t.Errorf("displayName of a plain name = %s", got)
	}
	line := logText(session.LogLine{Kind: session.LogReply, Text: "257 \"/home\" is the current folder \x1b[2J"})
	if !strings.Contains(line, `257 "/home" is the current folder \x1b[2J`) || strings.Contains(line, "\x1b") {
		t.Errorf("log line = %q", line)
	}
}
