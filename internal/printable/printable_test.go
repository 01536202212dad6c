package printable

import (
	"strings"
	"testing"
)

func TestNamesWithControlCharactersAreQuoted(t *testing.T) {
	for in, want := range map[string]string{
		"plain.txt":                      "plain.txt",
		"two  spaces ü.txt":              "two  spaces ü.txt",
		"esc\x1b[2J\x1b]0;owned\x07.txt": `"esc\x1b[2J\x1b]0;owned\a.txt"`,
		"bidi\u202etxt.exe":              `"bidi\u202etxt.exe"`,
		"bad\xffutf8":                    `"bad\xffutf8"`,
		"new\nline":                      `"new\nline"`,
	} {
		if got := Name(in); got != want {
			t.Errorf("Name(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestTextKeepsPrintableCharactersAndEscapesTheRest(t *testing.T) {
	for in, want := range map[string]string{
		"550 no such file: a b.txt":      "550 no such file: a b.txt",
		"550 /esc\x1b[2J\x07: not found": `550 /esc\x1b[2J\a: not found`,
		"over\rwrite":                    `over\rwrite`,
		"rlo\u202e and bad \xfe byte":    `rlo\u202e and bad \xfe byte`,
		"quotes “ü” and \"ascii\" stay":  "quotes “ü” and \"ascii\" stay",
	} {
		got := Text(in)
		if got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
		if strings.ContainsAny(got, "\x1b\x07\r\u202e") {
			t.Errorf("Text(%q) still holds a control character: %q", in, got)
		}
	}
}
