// Package printable keeps text from a server (file names, replies) from
// driving a terminal or garbling a label: control characters, bidi
// overrides and invalid UTF-8 are shown as Go escapes. Every message that
// carries a server-supplied string goes through it.
package printable

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Name shows a file name as it is when every character prints, and
// otherwise Go-quoted ("esc\x1b[2J.txt"), as "ferry ls" does.
func Name(name string) string {
	q := strconv.Quote(name)
	if q[1:len(q)-1] == name {
		return name
	}
	return q
}

// Text escapes the characters of a free-form message that do not print
// (ESC, BEL, CR, bidi overrides, invalid UTF-8) and keeps the rest,
// spaces included.
func Text(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x` + strconv.FormatUint(uint64(s[i]), 16))
		case r == ' ' || unicode.IsPrint(r):
			b.WriteRune(r)
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	return b.String()
}

func clean(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return r != ' ' && !unicode.IsPrint(r) })
}
