package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"ferry/session"
)

// chmod changes permissions on the server: ferry chmod [-r] [--only
// files|folders] MODE URL.
func (e *environment) chmod(args []string) int {
	fs := flag.NewFlagSet("chmod", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	recursive := fs.Bool("r", false, "")
	only := fs.String("only", "", "")
	if err := fs.Parse(args); err != nil || fs.NArg() != 2 {
		if err == nil {
			err = errors.New("expected MODE URL")
		}
		return e.fail(exitUsage, "chmod: %v (see: ferry help)", err)
	}
	mode, err := session.ParseMode(fs.Arg(0))
	if err != nil {
		return e.fail(exitUsage, "chmod: %v", err)
	}
	scope := session.ChmodAll
	switch *only {
	case "":
	case "files":
		scope = session.ChmodFilesOnly
	case "folders":
		scope = session.ChmodFoldersOnly
	default:
		return e.fail(exitUsage, "chmod: --only %q: use files or folders", *only)
	}
	if *only != "" && !*recursive {
		return e.fail(exitUsage, "chmod: --only needs -r")
	}
	changed := 0
	code := e.withBrowse(fs.Arg(1), flags{timeout: defaultTimeout}, func(c *session.Conn, p string) (err error) {
		if *recursive {
			changed, err = c.ChmodTree(e.ctx, p, mode, scope)
			return err
		}
		changed = 1
		return c.Chmod(p, mode)
	})
	if code == exitOK && *recursive {
		fmt.Fprintf(e.stdout, "%d changed\n", changed)
	}
	return code
}

// withBrowse resolves rawURL and runs fn on a browsing connection, turning
// a failure into one line and exit status 1.
func (e *environment) withBrowse(rawURL string, f flags, fn func(c *session.Conn, path string) error) int {
	conn, code := e.connect(f, rawURL)
	if conn == nil {
		return code
	}
	defer conn.close()
	err := conn.pool.Browse(e.ctx, func(c *session.Conn) error { return fn(c, conn.remote) })
	if err != nil {
		return e.fail(exitFailed, "%s", conn.describe(err))
	}
	return exitOK
}
