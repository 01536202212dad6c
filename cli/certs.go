package cli

import (
	"fmt"
	"text/tabwriter"

	"ferry/session"
)

// certs runs "ferry certs list" and "ferry certs forget HOST:PORT": the
// certificates trusted with --accept-new-cert or in the window.
func (e *environment) certs(args []string) int {
	path, err := session.DefaultTrustStorePath()
	if err != nil {
		return e.fail(exitFailed, "%s", session.Describe(err))
	}
	store, err := session.OpenTrustStore(path)
	if err != nil {
		return e.fail(exitFailed, "%s", session.Describe(err))
	}
	if err := store.Damaged(); err != nil {
		return e.fail(exitFailed, "%s", session.Describe(err))
	}
	switch {
	case len(args) == 1 && args[0] == "list":
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SERVER\tSHA-256")
		for _, p := range store.Pins() {
			fmt.Fprintf(tw, "%s\t%s\n", p.HostPort, p.SHA256)
		}
		tw.Flush()
		return exitOK
	case len(args) == 2 && args[0] == "forget":
		found, err := store.Forget(args[1])
		if err != nil {
			return e.fail(exitFailed, "%s", session.Describe(err))
		}
		if !found {
			return e.fail(exitFailed, "no certificate is trusted for %q (see: ferry certs list)", args[1])
		}
		fmt.Fprintf(e.stdout, "forgot the certificate of %s; the next connection asks again\n", args[1])
		return exitOK
	}
	return e.fail(exitUsage, "certs: say list, or forget HOST:PORT")
}
