// Package cli is the command-line face of Ferry's engine: ferry ls, get, put
// and sites. It never imports Fyne.
package cli

// This file is the agreed API; bodies are filled in as it is implemented.

import (
	"context"
	"io"
)

// IsCommand reports whether name is a command-line subcommand (as opposed
// to a URL or flag for the window).
func IsCommand(name string) bool { panic("unimplemented") }

// Run executes one command and returns the process exit status.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	panic("unimplemented")
}
