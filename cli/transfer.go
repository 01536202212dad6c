package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/term"

	"ferry/internal/printable"
	"ferry/internal/units"
	"ferry/queue"
)

// transfer runs "ferry get URL LOCAL" or "ferry put LOCAL URL".
func (e *environment) transfer(args []string, upload bool) int {
	f, words, err := parseFlags(args)
	if err != nil || len(words) != 2 {
		if err == nil {
			err = fmt.Errorf("expected two arguments, got %d", len(words))
		}
		return e.fail(exitUsage, "%v (see: ferry help)", err)
	}
	rawURL, local := words[0], words[1]
	if upload {
		rawURL, local = words[1], words[0]
	}
	if f.onExists == queue.PolicyAsk && !e.interactive() {
		return e.fail(exitUsage, "--on-exists ask needs a terminal to ask on")
	}
	local, err = filepath.Abs(local)
	if err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	if upload {
		// Stat, not open: opening a FIFO would wait for a writer.
		fi, err := os.Stat(local)
		if err != nil {
			return e.fail(exitFailed, "cannot read %s: %v", words[0], pathErr(err))
		}
		if !fi.Mode().IsRegular() && !fi.IsDir() {
			return e.fail(exitFailed, "%s", queue.NotRegular(words[0], fi.Mode()))
		}
	}

	// -j N means N connections, the first one (which logs in now, to fail
	// fast with one clear line) included.
	conn, code := e.connect(f, rawURL)
	if conn == nil {
		return code
	}
	defer conn.close()
	remote := conn.remote
	q, err := queue.New(queue.Options{
		Workers:   f.jobs,
		Connect:   conn.manager.Pool,
		Policy:    f.onExists,
		Ask:       e.askExists,
		RateLimit: f.limit,
		Segments:  f.segments,
		Verify:    f.verify,
		MaxDepth:  f.maxDepth,
	})
	if err != nil {
		return e.fail(exitFailed, "%v", err)
	}
	defer q.Close()
	start := time.Now()
	if upload {
		err = q.Upload(conn.key, local, remote, f.recursive)
	} else {
		err = q.Download(conn.key, remote, local, f.recursive)
	}
	if err != nil {
		return e.fail(exitUsage, "%v", err)
	}

	var progress *progressLine
	if !f.quiet && e.stderrIsTerminal() {
		progress = startProgress(q, e.stderr)
	}
	waitErr := q.Wait(e.ctx)
	if progress != nil {
		progress.stop()
	}
	snap := q.Snapshot()
	if waitErr != nil {
		q.PauseAll() // leave partial files to resume from
		return e.fail(exitFailed, "interrupted; run the same command again to resume")
	}
	return e.report(snap, time.Since(start), f.quiet)
}

// report prints each failure and a summary, and returns the exit status.
func (e *environment) report(snap queue.Snapshot, elapsed time.Duration, quiet bool) int {
	failed, noted := 0, 0
	for _, j := range snap.Jobs {
		switch j.State {
		case queue.Done:
			if j.Note != "" && !quiet {
				fmt.Fprintf(e.stderr, "ferry: note: %s\n", printable.Text(j.Note))
			}
		case queue.Skipped:
			if j.Note != "" { // skipped on purpose: say why
				fmt.Fprintf(e.stderr, "ferry: note: %s\n", printable.Text(j.Note))
			}
			if j.Size < 0 && j.Note != "" { // found while walking: not a transfer
				noted++
			}
		default:
			failed++
			name := j.Remote
			if j.Dir == queue.Upload {
				name = j.Local
			}
			msg := j.Err
			if msg == "" {
				msg = "not transferred (" + j.State.String() + ")"
			}
			fmt.Fprintf(e.stderr, "ferry: %s: %s\n", printable.Name(name), printable.Text(msg))
		}
	}
	total := len(snap.Jobs) - noted
	if failed > 0 {
		return e.fail(exitFailed, "%d of %d transfers failed", failed, total)
	}
	if total == 0 {
		return e.fail(exitFailed, "nothing to transfer: the folder is empty")
	}
	if !quiet {
		// What this run carried: a resumed file counts only its remainder.
		bytes := snap.Totals.Moved
		secs := max(elapsed.Seconds(), 0.001)
		fmt.Fprintf(e.stdout, "%d files, %s in %.1f s (%s/s)\n",
			total, units.Bytes(bytes), secs, units.Bytes(int64(float64(bytes)/secs)))
	}
	return exitOK
}

func (e *environment) interactive() bool {
	in, ok := e.stdin.(*os.File)
	return ok && term.IsTerminal(int(in.Fd()))
}

func (e *environment) stderrIsTerminal() bool {
	out, ok := e.stderr.(*os.File)
	return ok && term.IsTerminal(int(out.Fd()))
}

// pathErr drops the path an *os.PathError repeats.
func pathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// askExists asks on the terminal what to do about an existing target. The
// queue stops waiting when ctx ends (Ctrl+C); the prompt itself then ends
// with the process.
func (e *environment) askExists(ctx context.Context, q queue.Question) queue.Answer {
	if ctx.Err() != nil {
		return queue.Answer{Policy: queue.PolicySkip}
	}
	target := q.Job.Local
	if q.Job.Dir == queue.Upload {
		target = q.Job.Remote
	}
	for {
		fmt.Fprintf(e.stderr, "\n%s exists (%s there, %s to copy).\n"+
			"[o]verwrite, overwrite if [n]ewer, [r]esume, re[name], [s]kip; add ! for all: ",
			printable.Name(target), units.Bytes(q.TargetSize), units.Bytes(q.SourceSize))
		line, err := e.readLine()
		if err != nil {
			return queue.Answer{Policy: queue.PolicySkip}
		}
		all := len(line) > 1 && line[len(line)-1] == '!'
		if all {
			line = line[:len(line)-1]
		}
		policy, ok := map[string]queue.Policy{
			"o": queue.PolicyOverwrite, "n": queue.PolicyNewer, "r": queue.PolicyResume,
			"name": queue.PolicyRename, "rename": queue.PolicyRename, "s": queue.PolicySkip,
		}[line]
		if ok {
			return queue.Answer{Policy: policy, ApplyToAll: all}
		}
	}
}
