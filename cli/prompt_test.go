package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"ferry/session"
)

// openPty opens a pseudo-terminal and returns the terminal a program reads
// from. The side a terminal emulator would hold is closed at cleanup, which
// ends any read still waiting on the terminal; the terminal itself is left
// to the garbage collector, since such a read may still use it.
func openPty(t *testing.T) *os.File {
	t.Helper()
	control, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { control.Close() })
	fd := int(control.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	term, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	return term
}

func echoes(t *testing.T, f *os.File) bool {
	t.Helper()
	tio, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	return tio.Lflag&unix.ECHO != 0
}

// A password prompt that is given up (Ctrl+C, the command ending) puts the
// terminal back as it was: what the user types next is shown again.
func TestAGivenUpPasswordPromptLeavesTheTerminalEchoing(t *testing.T) {
	tty := openPty(t)
	if !echoes(t, tty) {
		t.Fatal("a fresh terminal does not echo")
	}
	var stderr bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	q := &terminalQuestions{e: &environment{ctx: ctx, stdin: tty, stdout: &bytes.Buffer{}, stderr: &stderr}}
	done := make(chan error, 1)
	go func() {
		_, err := q.Password(ctx, session.Site{Host: "example.org", User: "u"})
		done <- err
	}()
	// The prompt turns echo off while it waits for the password.
	for deadline := time.Now().Add(10 * time.Second); echoes(t, tty); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the prompt never turned echo off")
		}
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("the given-up prompt returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the prompt did not give up when its context ended")
	}
	if !echoes(t, tty) {
		t.Fatal("after the prompt was given up the terminal no longer echoes")
	}
}
