package cli

import (
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"ferry/internal/printable"
	"ferry/session"
)

// ls prints a remote folder like "ls -l".
func (e *environment) ls(args []string) int {
	f, words, err := parseFlags(args)
	if err != nil || len(words) != 1 {
		if err == nil {
			err = fmt.Errorf("expected one URL")
		}
		return e.fail(exitUsage, "%v (see: ferry help)", err)
	}
	conn, code := e.connect(f, words[0])
	if conn == nil {
		return code
	}
	defer conn.close()
	dir := conn.remote
	var entries []session.Entry
	err = conn.pool.Browse(e.ctx, func(c *session.Conn) (err error) {
		entries, err = c.List(dir)
		if err != nil && session.IsPermanent(err) {
			// "ls" of a file shows that file, as ls(1) does.
			if f, serr := c.Stat(dir); serr == nil && f.Type == session.File {
				entries = []session.Entry{f}
				return nil
			}
		}
		return err
	})
	if err != nil {
		return e.fail(exitFailed, "%s", conn.describe(err))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, en := range entries {
		kind := map[session.EntryType]string{session.File: "-", session.Dir: "d", session.Link: "l"}[en.Type]
		perm := en.Perm
		if perm == "" {
			perm = "?"
		}
		when := ""
		if !en.ModTime.IsZero() {
			when = en.ModTime.Local().Format(time.DateTime)
		}
		name := printable.Name(en.Name)
		if en.Target != "" {
			name += " -> " + printable.Name(en.Target)
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%s\t %s\t\n", kind, perm, strconv.FormatInt(en.Size, 10), when, name)
	}
	tw.Flush()
	return exitOK
}
