package cli

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A command stuck where no context reaches (a blocking system call) still
// ends on SIGTERM: after the grace period the process exits with 143.
func TestSIGTERMEndsACommandThatIgnoresItsContext(t *testing.T) {
	if os.Getenv("FERRY_TEST_STUCK_COMMAND") == "1" {
		_, stop := SignalContext(os.Stderr)
		defer stop()
		os.Stdout.WriteString("ready\n")
		time.Sleep(time.Hour) // never looks at the context
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSIGTERMEndsACommandThatIgnoresItsContext$")
	cmd.Env = append(os.Environ(), "FERRY_TEST_STUCK_COMMAND=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "ready\n" {
		cmd.Process.Kill()
		t.Fatalf("the child said %q", line)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatal("SIGTERM did not end a stuck command")
	}
	if code := cmd.ProcessState.ExitCode(); code != 143 || !strings.Contains(stderr.String(), "ferry: interrupted") {
		t.Fatalf("exit %d, stderr %q; want 143 and \"ferry: interrupted\"", code, stderr.String())
	}
}
