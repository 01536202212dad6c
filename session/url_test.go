package session

import (
	"strings"
	"testing"
)

// No error about a URL shows the password it carries.
func TestURLErrorsNeverShowThePassword(t *testing.T) {
	for _, raw := range []string{
		"ftp://u:SECRET@host:99999/",
		"ftp://u:SECRET@host:0/",
		"http://u:SECRET@host/",
		"ftp://u:SECRET@/path",
		"ftp://u:SECRET@host:port/",
		"ftp://u:SECRET@ho st/",
		"ftp://u:SEC%zzRET@host/",
		"u:SECRET@host:21",
		"ftp://u:SECRET/x@host:99999/",
	} {
		_, _, err := ParseURL(raw)
		if err == nil {
			t.Errorf("%s parsed", raw)
			continue
		}
		if msg := err.Error() + Describe(err); strings.Contains(msg, "SECRET") || strings.Contains(msg, "SEC%zzRET") {
			t.Errorf("%s: the message shows the password: %s", raw, msg)
		}
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"ftp://u:pw@host:21/a@b": "ftp://u:****@host:21/a@b",
		"ftp://u@host/":          "ftp://u@host/",
		"ftp://host/p:q@r":       "ftp://host/p:****@r",
		"ftp://u:12/x@host/":     "ftp://u:****@host/",
		"ftp://u:p:w@x@host/":    "ftp://u:****@host/",
		"ftp://u:p w@host:x/":    "ftp://u:****@host:x/",
		"u:pw@host":              "u:****@host",
		"site:work/dir":          "site:work/dir",
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}
