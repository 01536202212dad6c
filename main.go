// Ferry is a desktop FTP/FTPS client. Without arguments it opens the window;
// "ferry ls|get|put|sites ..." runs the same engine from the command line.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"fyne.io/fyne/v2/app"
	"github.com/adrg/xdg"

	"ferry/assets"
	"ferry/cli"
	_ "ferry/internal/fynecache"   // before Fyne initialises
	_ "ferry/internal/plainlocale" // before Fyne initialises
	"ferry/ui"
)

func main() {
	if len(os.Args) > 1 && cli.IsCommand(os.Args[1]) {
		ctx, stop := cli.SignalContext(os.Stderr)
		code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}

	demo := flag.Bool("demo", false, "open the window with a built-in demo FTP server as a site")
	flag.Usage = usage
	flag.Parse()
	if flag.NArg() > 1 {
		usage()
		os.Exit(2)
	}
	if code, ok := cli.WindowArgs(flag.Arg(0), os.Getenv, os.Stderr); !ok {
		os.Exit(code)
	}

	keepCrashTrace()
	a := app.NewWithID("app.ferry.client")
	a.SetIcon(assets.Icon)
	if err := ui.Run(a, ui.Options{URL: flag.Arg(0), Demo: *demo}); err != nil {
		fmt.Fprintln(os.Stderr, "ferry:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprint(os.Stderr, `usage:
  ferry [--demo] [URL]          open the window (connected to URL)
  ferry ls   URL                list a remote directory
  ferry get  [flags] URL LOCAL  download a file, or a tree with -r
  ferry put  [flags] LOCAL URL  upload a file, or a tree with -r
  ferry sites list|add|remove   manage saved sites
Run "ferry get -h" for the transfer flags.
`)
}

// keepCrashTrace sends a fatal crash's trace to a file as well as stderr,
// so that a crash of the window leaves something to report.
func keepCrashTrace() {
	path, err := xdg.StateFile(filepath.Join("ferry", "crash.log"))
	if err != nil {
		return
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return
	}
	_ = debug.SetCrashOutput(f, debug.CrashOptions{})
	f.Close()
}
