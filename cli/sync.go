package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"ferry/internal/printable"
	"ferry/internal/units"
	"ferry/mirror"
	"ferry/queue"
	"ferry/session"
)

// syncFlags are the flags only sync has.
type syncFlags struct {
	delete, dryRun, force bool
	versions              string
	keep, keepDays        int
	exclude               []string
}

// cutSyncFlags takes sync's own flags out of args and leaves the shared
// ones (-j, --limit, -q...) for parseFlags.
func cutSyncFlags(args []string) (syncFlags, []string, error) {
	sf := syncFlags{keep: mirror.DefaultKeep}
	var rest []string
	for i := 0; i < len(args); i++ {
		name, value, hasValue := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		if !strings.HasPrefix(args[i], "-") || args[i] == "-" {
			rest = append(rest, args[i])
			continue
		}
		takeValue := func() (string, error) {
			if hasValue {
				return value, nil
			}
			if i+1 >= len(args) {
				return "", fmt.Errorf("--%s needs a value", name)
			}
			i++
			return args[i], nil
		}
		var err error
		switch name {
		case "delete":
			sf.delete = true
		case "dry-run":
			sf.dryRun = true
		case "force":
			sf.force = true
		case "versions":
			sf.versions, err = takeValue()
		case "keep":
			var v string
			if v, err = takeValue(); err == nil {
				if sf.keep, err = strconv.Atoi(v); err != nil || sf.keep < 1 {
					err = fmt.Errorf("--keep %q: give a number of version folders, 1 or more", v)
				}
			}
		case "keep-days":
			var v string
			if v, err = takeValue(); err == nil {
				if sf.keepDays, err = strconv.Atoi(v); err != nil || sf.keepDays < 1 {
					err = fmt.Errorf("--keep-days %q: give a number of days, 1 or more", v)
				}
			}
		case "exclude":
			var v string
			if v, err = takeValue(); err == nil {
				sf.exclude = append(sf.exclude, v)
			}
		default:
			rest = append(rest, args[i])
		}
		if err != nil {
			return sf, nil, err
		}
	}
	return sf, rest, nil
}

// isURL tells a server address from a local path.
func isURL(word string) bool {
	return strings.Contains(word, "://") || strings.HasPrefix(word, "site:")
}

// pairArgs reads "LOCAL URL" (upload) or "URL LOCAL" (download).
func pairArgs(words []string) (local, rawURL string, dir queue.Direction, err error) {
	if len(words) != 2 {
		return "", "", 0, fmt.Errorf("expected a local folder and a URL, got %d arguments", len(words))
	}
	switch a, b := isURL(words[0]), isURL(words[1]); {
	case a && !b:
		local, rawURL, dir = words[1], words[0], queue.Download
	case b && !a:
		local, rawURL, dir = words[0], words[1], queue.Upload
	default:
		return "", "", 0, fmt.Errorf("give one local folder and one URL")
	}
	local, err = filepath.Abs(local)
	return local, rawURL, dir, err
}

// syncCommand is what sync and diff read from their command line, and the
// connection they work on.
type syncCommand struct {
	sf      syncFlags
	f       flags
	local   string
	dir     queue.Direction
	c       *connection
	records string // the upload record's file
}

// startSync reads the command line that sync and diff share and connects;
// on failure it returns the exit code.
func (e *environment) startSync(args []string) (*syncCommand, int) {
	sf, args, err := cutSyncFlags(args)
	if err != nil {
		return nil, e.fail(exitUsage, "%v (see: ferry help)", err)
	}
	f, words, err := parseFlags(args)
	if err != nil {
		return nil, e.fail(exitUsage, "%v (see: ferry help)", err)
	}
	local, rawURL, dir, err := pairArgs(words)
	if err != nil {
		return nil, e.fail(exitUsage, "%v (see: ferry help)", err)
	}
	records, err := mirror.DefaultRecordsPath()
	if err != nil {
		return nil, e.fail(exitFailed, "%v", err)
	}
	c, code := e.connect(f, rawURL)
	if c == nil {
		return nil, code
	}
	return &syncCommand{sf: sf, f: f, local: local, dir: dir, c: c, records: records}, 0
}

// sync runs "ferry sync [flags] LOCAL URL" or "ferry sync [flags] URL LOCAL".
func (e *environment) sync(args []string) int {
	cmd, code := e.startSync(args)
	if cmd == nil {
		return code
	}
	defer cmd.c.close()
	sf, f, local, dir, c, records := cmd.sf, cmd.f, cmd.local, cmd.dir, cmd.c, cmd.records
	opts := mirror.Options{
		Direction: dir, Local: local, Remote: c.remote, SiteKey: c.key, Pool: c.pool,
		Delete: sf.delete, DryRun: sf.dryRun, Force: sf.force, Versions: sf.versions, Keep: sf.keep, KeepDays: sf.keepDays,
		Exclude: sf.exclude, Records: mirror.NewRecords(records),
	}
	if sf.dryRun {
		opts.OnAction = func(a mirror.Action) { fmt.Fprintln(e.stdout, printable.Text(a.String())) }
	}
	start := time.Now()
	var progress *progressLine
	if !sf.dryRun {
		q, err := queue.New(queue.Options{
			Workers:   f.jobs,
			Connect:   c.manager.Pool,
			Policy:    queue.PolicyOverwrite,
			RateLimit: f.limit,
		})
		if err != nil {
			return e.fail(exitFailed, "%v", err)
		}
		defer q.Close()
		opts.Queue = q
		if !f.quiet && e.stderrIsTerminal() {
			progress = startProgress(q, e.stderr)
		}
	}
	res, err := mirror.Sync(e.ctx, opts)
	if progress != nil {
		progress.stop()
	}
	if e.ctx.Err() != nil {
		if opts.Queue != nil {
			opts.Queue.PauseAll()
		}
		return e.fail(exitFailed, "interrupted; run the same command again to finish")
	}
	for _, p := range res.Problems {
		e.fail(exitFailed, "%s", p)
	}
	if err != nil {
		return e.fail(exitFailed, "%s", syncError(err))
	}
	if len(res.Problems) > 0 {
		return e.fail(exitFailed, "the sync did not finish: %d problems", len(res.Problems))
	}
	if !f.quiet {
		secs := max(time.Since(start).Seconds(), 0.001)
		what := "copied"
		if sf.dryRun {
			what = "would copy"
		}
		fmt.Fprintf(e.stdout, "%s %d new and %d changed files (%s), deleted %d, kept %d versions; %d files in the source; %.1f s (%s/s)\n",
			what, res.Copies, res.Updates, units.Bytes(res.Bytes), res.Deletes, res.Versions, res.SourceFiles,
			secs, units.Bytes(int64(float64(res.Bytes)/secs)))
	}
	return exitOK
}

// syncError is the sentence for a sync that stopped.
func syncError(err error) string {
	var le *mirror.ListError
	if errors.As(err, &le) {
		return fmt.Sprintf("could not list %s: %s; nothing was deleted", le.Path, session.Describe(le.Err))
	}
	if errors.Is(err, mirror.ErrTooManyDeletes) {
		return session.Describe(err) + " (use --force if that is meant)"
	}
	return session.Describe(err)
}
