package session

import (
	"strings"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

func TestLogMasksPasswordsAndKeepsDirections(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	log := NewLog(1000)
	lines, cancel := log.Subscribe()
	defer cancel()
	opts := quickOptions()
	opts.Log = log
	c := dialOK(t, embeddedSite(srv), opts)
	if _, err := c.List("/"); err != nil {
		t.Fatal(err)
	}
	var sawPass, sawReply bool
	for _, l := range log.Lines() {
		if strings.Contains(l.Text, srv.Password) && strings.HasPrefix(l.Text, "PASS") {
			t.Fatalf("password in the log: %q", l.Text)
		}
		if l.Kind == LogCommand && l.Text == "PASS ****" {
			sawPass = true
		}
		if l.Kind == LogReply && strings.HasPrefix(l.Text, "230") {
			sawReply = true
		}
		if l.Conn != 1 {
			t.Errorf("line %q has connection %d", l.Text, l.Conn)
		}
	}
	if !sawPass || !sawReply {
		t.Fatalf("log lacks the masked PASS or the 230 reply: %+v", log.Lines())
	}
	select {
	case l := <-lines:
		if l.Text == "" {
			t.Error("empty line delivered")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the subscriber got nothing")
	}
}

func TestLogIsBounded(t *testing.T) {
	log := NewLog(3)
	for _, s := range []string{"a", "b", "c", "d", "e"} {
		log.Add(1, LogStatus, s)
	}
	var got []string
	for _, l := range log.Lines() {
		got = append(got, l.Text)
	}
	if strings.Join(got, "") != "cde" {
		t.Fatalf("lines = %v", got)
	}
	_, cancel := log.Subscribe()
	cancel()
	cancel() // twice is harmless
	log.Add(1, LogStatus, "after cancel")
}

// A reply that repeats a hostile name lands in the log with its control
// characters escaped, so neither the window nor a terminal acts on them.
func TestLogEscapesControlCharactersFromTheServer(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	log := NewLog(1000)
	opts := quickOptions()
	opts.Log = log
	c := dialOK(t, embeddedSite(srv), opts)
	if _, err := c.Size("/esc\x1b[2J\x07.txt"); err == nil {
		t.Fatal("SIZE of a missing file succeeded")
	}
	var saw bool
	for _, l := range log.Lines() {
		if strings.ContainsAny(l.Text, "\x1b\x07") {
			t.Fatalf("raw control character in the log: %q", l.Text)
		}
		saw = saw || strings.Contains(l.Text, `esc\x1b[2J\a.txt`)
	}
	if !saw {
		t.Fatalf("the escaped name is not in the log: %+v", log.Lines())
	}
}
