package cli

import (
	"fmt"
	"strings"

	"ferry/internal/printable"
	"ferry/session"
)

// quote sends one raw command and prints the server's reply: ferry quote
// URL COMMAND. A 4xx or 5xx reply exits with status 1.
func (e *environment) quote(args []string) int {
	if len(args) < 2 {
		return e.fail(exitUsage, "quote: expected URL COMMAND (see: ferry help)")
	}
	command := strings.Join(args[1:], " ")
	var reply session.Reply
	code := e.withBrowse(args[0], flags{timeout: defaultTimeout}, func(c *session.Conn, _ string) (err error) {
		reply, err = c.Quote(e.ctx, command)
		return err
	})
	if code != exitOK {
		return code
	}
	for _, line := range strings.Split(reply.String(), "\n") {
		fmt.Fprintln(e.stdout, printable.Text(line))
	}
	if reply.Code >= 400 {
		return e.fail(exitFailed, "the server refused %q: %d %s", command, reply.Code, strings.Join(strings.Fields(reply.Message), " "))
	}
	return exitOK
}
