package cli

import (
	"fmt"

	"ferry/internal/printable"
	"ferry/mirror"
)

// diff runs "ferry diff URL LOCAL": one line per path that differs, then
// the counts.
func (e *environment) diff(args []string) int {
	cmd, code := e.startSync(args)
	if cmd == nil {
		return code
	}
	defer cmd.c.close()
	sf, f, local, c, records := cmd.sf, cmd.f, cmd.local, cmd.c, cmd.records
	var counts [int(mirror.Conflict) + 1]int
	err := mirror.Compare(e.ctx, mirror.CompareOptions{
		Local: local, Remote: c.remote, Pool: c.pool, Exclude: sf.exclude,
		Records: mirror.NewRecords(records),
	}, func(it mirror.Item) {
		if it.IsDir() && it.Kind == mirror.Same {
			return
		}
		counts[it.Kind]++
		if it.Kind == mirror.Same {
			return
		}
		name := it.Path
		if it.IsDir() {
			name += "/"
		}
		fmt.Fprintf(e.stdout, "%-12s %s\n", it.Kind, printable.Name(name))
	})
	if err != nil {
		return e.fail(exitFailed, "%s", syncError(err))
	}
	if !f.quiet {
		fmt.Fprintf(e.stdout, "%d same, %d only here, %d only there, %d differ, %d newer here, %d newer there, %d folder/file clashes\n",
			counts[mirror.Same], counts[mirror.OnlyHere], counts[mirror.OnlyThere], counts[mirror.Differs],
			counts[mirror.NewerHere], counts[mirror.NewerThere], counts[mirror.Conflict])
	}
	return exitOK
}
