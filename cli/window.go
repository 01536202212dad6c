package cli

import (
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"time"
)

// WindowArgs checks, before any window opens, what "ferry [ARG]" without a
// subcommand asks for: ARG must be a URL ("ftp://…", "site:NAME"), and the
// window needs a display. It prints one line and returns exitUsage when
// the window cannot or must not open, and ok otherwise.
func WindowArgs(arg string, getenv func(string) string, stderr io.Writer) (code int, ok bool) {
	if arg != "" && !strings.Contains(arg, "://") && !strings.HasPrefix(arg, "site:") {
		fmt.Fprintf(stderr, "ferry: unknown command %q (see: ferry help)\n", arg)
		return exitUsage, false
	}
	if why := noDisplay(getenv); why != "" {
		fmt.Fprintf(stderr, "ferry: no display: %s; use the command line, e.g. ferry ls URL (see: ferry help)\n", why)
		return exitUsage, false
	}
	return exitOK, true
}

// noDisplay says why no window can be shown, or "" when one can. On X11 a
// local display (":N") is checked by connecting to its socket, so a stale
// DISPLAY fails here rather than deep inside the graphics driver.
func noDisplay(getenv func(string) string) string {
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "android":
		return ""
	}
	if getenv("WAYLAND_DISPLAY") != "" {
		return ""
	}
	display := getenv("DISPLAY")
	if display == "" {
		return "neither DISPLAY nor WAYLAND_DISPLAY is set"
	}
	num, local := strings.CutPrefix(display, ":")
	if !local {
		return "" // a remote X server: the driver finds out
	}
	num, _, _ = strings.Cut(num, ".")
	socket := "/tmp/.X11-unix/X" + num
	for _, addr := range []string{"@" + socket, socket} { // abstract first, as Xlib does
		if c, err := net.DialTimeout("unix", addr, time.Second); err == nil {
			c.Close()
			return ""
		}
	}
	if _, err := os.Stat(socket); err == nil {
		return ""
	}
	return fmt.Sprintf("no X server answers on DISPLAY %s", display)
}
