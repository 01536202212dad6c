package cli

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

// ferryRun runs the real binary with env added, failing the test when it
// has not ended within a minute (a hang), and returns its exit status and
// output.
func ferryRun(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, ferryBinary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("ferry %v did not end within a minute; stderr %q", args, errOut.String())
	}
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

// withoutDisplay is the environment of a terminal with no window system.
func withoutDisplay(t *testing.T) []string {
	t.Helper()
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	return []string{"LANG=C.UTF-8"}
}

// A FIFO given to put is never opened for reading (it would wait for a
// writer forever): alone it is refused, inside -r it is skipped with a note.
func TestPutSkipsAFIFOInsteadOfHanging(t *testing.T) {
	isolate(t)
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	src := filepath.Join(t.TempDir(), "src")
	writeFile(t, filepath.Join(src, "a.txt"), []byte("a"))
	fifo := filepath.Join(src, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	env := withoutDisplay(t)

	code, _, errOut := ferryRun(t, env, "put", "-q", fifo, ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/pipe"))
	if code != 1 || !strings.Contains(errOut, "named pipe") {
		t.Fatalf("put FIFO: exit %d, %q; want 1 and a note", code, errOut)
	}
	code, _, errOut = ferryRun(t, env, "put", "-r", src, ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/tree"))
	if code != 0 || !strings.Contains(errOut, "named pipe") {
		t.Fatalf("put -r with a FIFO: exit %d, %q; want 0 and a note", code, errOut)
	}
	if string(readFile(t, filepath.Join(srv.Root, "tree", "a.txt"))) != "a" {
		t.Fatal("the regular file beside the FIFO was not uploaded")
	}
	if _, err := os.Stat(filepath.Join(srv.Root, "tree", "pipe")); err == nil {
		t.Fatal("something was stored for the FIFO")
	}
}

// Without a display, bare "ferry" and an unknown word print one line and
// exit 2; an unknown word is a usage error even where a display is set.
func TestNoDisplayAndUnknownCommandsAreUsageErrors(t *testing.T) {
	isolate(t)
	env := withoutDisplay(t)
	for _, args := range [][]string{{}, {"ftp://127.0.0.1/"}, {"frobnicate"}} {
		code, out, errOut := ferryRun(t, env, args...)
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		if code != 2 || out != "" || len(lines) != 1 || !strings.HasPrefix(lines[0], "ferry: ") {
			t.Errorf("ferry %v: exit %d, stdout %q, stderr %q; want exit 2 and one line", args, code, out, errOut)
		}
	}
	if _, _, errOut := ferryRun(t, env); !strings.Contains(errOut, "no display") || !strings.Contains(errOut, "ferry ls URL") {
		t.Errorf("bare ferry: %q", errOut)
	}
	// A display that is set but not there: the word is refused before any
	// window is tried.
	code, _, errOut := ferryRun(t, []string{"DISPLAY=:4711"}, "frobnicate")
	if code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Errorf("ferry frobnicate with DISPLAY set: exit %d, %q", code, errOut)
	}
}

// Ctrl+C while a server is still sending its greeting ends the command
// with "interrupted", not with how the half-read greeting broke off.
func TestInterruptDuringASlowGreetingSaysInterrupted(t *testing.T) {
	isolate(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		c.Write([]byte("220")) // and nothing more: no end of line
		accepted <- c
	}()
	var stderr bytes.Buffer
	cmd := exec.Command(ferryBinary(t), "ls", "--timeout", "1m", "ftp://u:p@"+ln.Addr().String()+"/")
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8")
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-accepted:
		defer c.Close()
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatal("ferry never connected")
	}
	cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatal("Ctrl+C did not end ferry")
	}
	if code := cmd.ProcessState.ExitCode(); code == 0 || !strings.Contains(stderr.String(), "interrupted") || strings.Contains(stderr.String(), "short response") {
		t.Fatalf("exit %d, stderr %q; want non-zero and \"interrupted\"", code, stderr.String())
	}
}
