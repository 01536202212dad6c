package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"ferry/queue"
	"ferry/session"
)

// sites runs "ferry sites list|add|remove".
func (e *environment) sites(args []string) int {
	if len(args) == 0 {
		return e.fail(exitUsage, sitesUsage)
	}
	store, err := openStore()
	if err != nil {
		return e.fail(exitFailed, "%s", session.Describe(err))
	}
	switch {
	case args[0] == "list" && len(args) == 1:
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tFOLDER\tADDRESS\tUSER")
		for _, s := range store.Sites() {
			fmt.Fprintf(tw, "%s\t%s\t%s://%s\t%s\n", s.Name, s.Folder, s.Protocol.Scheme(), s.Addr(), s.LoginUser())
		}
		tw.Flush()
		return exitOK
	case args[0] == "add":
		return e.addSite(store, args[1:])
	case args[0] == "remove" && len(args) == 2:
		site, ok := store.Get(args[1])
		if !ok {
			return e.fail(exitFailed, "no saved site named %q", args[1])
		}
		if err := store.Remove(site.Name); err != nil {
			return e.fail(exitFailed, "%s", session.Describe(err))
		}
		session.SystemKeyring().Delete(session.PasswordKey(site)) // nothing stored is fine
		return exitOK
	}
	return e.fail(exitUsage, sitesUsage)
}

const sitesUsage = "sites: say list, add [--connections N] [--segments N] [--one-command-at-a-time] NAME URL, or remove NAME"

// addSite saves "[flags] NAME URL": the flags set what the site manager
// sets beside the address.
func (e *environment) addSite(store *session.Store, args []string) int {
	fs := flag.NewFlagSet("sites add", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	conns := fs.Int("connections", 0, "")
	segments := fs.Int("segments", 0, "")
	oneAtATime := fs.Bool("one-command-at-a-time", false, "")
	if err := fs.Parse(args); err != nil || fs.NArg() != 2 {
		return e.fail(exitUsage, sitesUsage)
	}
	if *conns < 0 || *conns > session.MaxConnections || *segments < 0 || *segments > queue.MaxSegments {
		return e.fail(exitUsage, "sites add: --connections N goes from 1 to %d (0: the default, 4), --segments N from 1 to %d (0: automatic, 1: never split)",
			session.MaxConnections, queue.MaxSegments)
	}
	name, rawURL := fs.Arg(0), fs.Arg(1)
	site, path, err := session.ParseURL(rawURL)
	if err != nil {
		return e.fail(exitUsage, "%s", session.Describe(err))
	}
	site.Name = name
	site.MaxConns, site.Segments, site.OneCommandAtATime = *conns, *segments, *oneAtATime
	if path != "/" {
		site.RemoteDir = path
	}
	password := site.Password
	if password == "" {
		password = os.Getenv("FERRY_PASSWORD")
	}
	if err := store.Put(site); err != nil {
		return e.fail(exitFailed, "%s", session.Describe(err))
	}
	if saved, ok := store.Get(name); ok && password != "" && site.Logon == session.Normal {
		err := session.SystemKeyring().Set(session.PasswordKey(saved), password)
		if errors.Is(err, session.ErrNoKeyring) {
			fmt.Fprintf(e.stderr, "ferry: no keyring is available, so the password was not saved; it will be asked for at connect (or set FERRY_PASSWORD)\n")
		} else if err != nil {
			return e.fail(exitFailed, "could not save the password: %s", session.Describe(err))
		}
	}
	fmt.Fprintf(e.stdout, "saved site %q (%s://%s)\n", name, site.Protocol.Scheme(), site.Addr())
	return exitOK
}
