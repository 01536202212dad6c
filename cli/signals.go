package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// graceAfterSignal is how long a command may take to wind down (pause its
// transfers, print its last line) after Ctrl+C or SIGTERM before the
// process ends anyway.
const graceAfterSignal = 5 * time.Second

// SignalContext is cancelled by the first SIGINT or SIGTERM. The process
// then always ends: when the command has not returned after a grace
// period, or at a second signal, it exits with 130 (SIGINT) or 143
// (SIGTERM) whatever it was blocked in.
func SignalContext(stderr io.Writer) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		var first os.Signal
		select {
		case first = <-sigs:
		case <-done:
			return
		}
		cancel()
		select {
		case <-sigs:
		case <-time.After(graceAfterSignal):
		case <-done:
			return
		}
		fmt.Fprintln(stderr, "ferry: interrupted")
		code := 130
		if first == syscall.SIGTERM {
			code = 143
		}
		os.Exit(code)
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
}
