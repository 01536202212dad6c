package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"ferry/internal/printable"
	"ferry/mirror"
	"ferry/schedule"
	"ferry/session"
)

// schedule runs "ferry schedule add|list|run|remove|pause|resume|install".
func (e *environment) schedule(args []string) int {
	if len(args) == 0 {
		return e.fail(exitUsage, "schedule: add, list, run, remove, pause, resume or install (see: ferry help)")
	}
	st, err := schedule.DefaultStore()
	if err != nil {
		return e.fail(exitFailed, "%v", err)
	}
	switch args[0] {
	case "add":
		return e.scheduleAdd(st, args[1:])
	case "list":
		return e.scheduleList(st)
	case "run":
		return e.scheduleRun(st, args[1:])
	case "remove":
		if len(args) != 2 {
			return e.fail(exitUsage, "usage: ferry schedule remove NAME")
		}
		if err := st.Remove(args[1]); err != nil {
			return e.fail(exitFailed, "%v", err)
		}
		return exitOK
	case "pause", "resume":
		if len(args) != 2 {
			return e.fail(exitUsage, "usage: ferry schedule %s NAME", args[0])
		}
		s, err := st.Get(args[1])
		if err == nil {
			s.Paused = args[0] == "pause"
			err = st.Put(s)
		}
		if err != nil {
			return e.fail(exitFailed, "%v", err)
		}
		return exitOK
	case "install":
		return e.scheduleInstall(st, args[1:])
	}
	return e.fail(exitUsage, "schedule %s: use add, list, run, remove, pause, resume or install", args[0])
}

// scheduleAdd reads "NAME EVERY [--] sync [flags] SRC DST".
func (e *environment) scheduleAdd(st *schedule.Store, args []string) int {
	const use = "usage: ferry schedule add NAME EVERY -- sync [--delete] [--versions PATH] [--keep N] [--keep-days D] [--exclude GLOB] SRC DST"
	if len(args) < 2 {
		return e.fail(exitUsage, use)
	}
	name, every, rest := args[0], args[1], args[2:]
	if len(rest) > 0 && rest[0] == "--" {
		rest = rest[1:]
	}
	if len(rest) == 0 || rest[0] != "sync" {
		return e.fail(exitUsage, use)
	}
	sf, words, err := cutSyncFlags(rest[1:])
	if err == nil && (sf.dryRun || sf.force) {
		err = errors.New("a schedule cannot keep --dry-run or --force")
	}
	if err == nil && len(words) != 2 {
		err = fmt.Errorf("expected SRC and DST, got %d arguments", len(words))
	}
	if err != nil {
		return e.fail(exitUsage, "%v; %s", err, use)
	}
	task := schedule.Task{Source: words[0], Target: words[1], Delete: sf.delete, Versions: sf.versions, Exclude: sf.exclude}
	task.KeepDays = sf.keepDays
	if sf.keep != 0 && sf.keep != mirror.DefaultKeep {
		task.Keep = sf.keep
	}
	for _, p := range []*string{&task.Source, &task.Target} {
		if !schedule.IsURL(*p) {
			if *p, err = filepath.Abs(*p); err != nil {
				return e.fail(exitUsage, "%v", err)
			}
		}
	}
	when, err := schedule.ParseEvery(every)
	if err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	if when.Watch && !task.Upload() {
		return e.fail(exitUsage, "a watch uploads local changes: give LOCAL then URL")
	}
	if err := st.Put(schedule.Schedule{Name: name, Every: every, Task: task}); err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	return exitOK
}

// what is a schedule's task in words, without any password.
func what(t schedule.Task) string {
	if t.Upload() {
		return "upload " + t.Source + " to " + session.RedactURL(t.Target)
	}
	return "download " + session.RedactURL(t.Source) + " to " + t.Target
}

func (e *environment) scheduleList(st *schedule.Store) int {
	list, err := st.List()
	if err != nil {
		return e.fail(exitFailed, "%v", err)
	}
	results, err := st.Results()
	if err != nil {
		return e.fail(exitFailed, "%v", err)
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "no schedules (add one with: ferry schedule add NAME EVERY -- sync SRC DST)")
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tEVERY\tWHAT\tNEXT RUN\tLAST RUN")
	now := time.Now()
	for _, s := range list {
		r := results[s.Name]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.Name, s.Every, what(s.Task), nextRun(s, r, now), lastRun(r))
	}
	tw.Flush()
	return exitOK
}

func nextRun(s schedule.Schedule, r schedule.Result, now time.Time) string {
	when, err := s.When()
	switch {
	case err != nil:
		return "invalid"
	case s.Paused:
		return "paused"
	case when.Watch:
		return "on change"
	}
	next := when.Next(now, r.Start)
	if when.Due(now, r.Start, s.Created) || !next.After(now) {
		return "due now"
	}
	return next.Format("2006-01-02 15:04")
}

func lastRun(r schedule.Result) string {
	if r.Start.IsZero() {
		return "never"
	}
	status := "ok"
	if !r.OK {
		status = "FAILED"
	}
	return fmt.Sprintf("%s %s: %s", r.Start.Format("2006-01-02 15:04"), status, r.Message)
}

// scheduleRun reads "run [--watch|--if-due] [NAME]".
func (e *environment) scheduleRun(st *schedule.Store, args []string) int {
	var watch, ifDue bool
	var names []string
	for _, a := range args {
		switch a {
		case "--watch":
			watch = true
		case "--if-due":
			ifDue = true
		default:
			names = append(names, a)
		}
	}
	if len(names) > 1 || ((watch || ifDue) && len(names) != 1) {
		return e.fail(exitUsage, "usage: ferry schedule run [--watch | --if-due] [NAME]")
	}
	if len(names) == 0 {
		ran, err := st.RunDue(e.ctx, time.Now(), e.runTask)
		return e.reportRuns(ran, err)
	}
	s, err := st.Get(names[0])
	if err != nil {
		return e.fail(exitFailed, "%v", err)
	}
	if watch {
		return e.watchSchedule(st, s)
	}
	if ifDue {
		due, err := st.Due(time.Now())
		if err != nil {
			return e.fail(exitFailed, "%v", err)
		}
		if !containsSchedule(due, s.Name) {
			return exitOK
		}
	}
	r, err := st.Run(e.ctx, s, e.runTask)
	return e.reportRuns([]schedule.Ran{{Name: s.Name, Result: r, Err: err}}, nil)
}

func containsSchedule(list []schedule.Schedule, name string) bool {
	for _, s := range list {
		if s.Name == name {
			return true
		}
	}
	return false
}

func (e *environment) reportRuns(ran []schedule.Ran, err error) int {
	code := exitOK
	for _, r := range ran {
		switch {
		case errors.Is(r.Err, schedule.ErrBusy):
			fmt.Fprintf(e.stdout, "%s: already running\n", r.Name)
		case r.Err != nil:
			code = e.fail(exitFailed, "%s: %v", r.Name, r.Err)
		default:
			fmt.Fprintf(e.stdout, "%s: %s\n", r.Name, printable.Text(r.Result.Message))
		}
	}
	if err != nil {
		return e.fail(exitFailed, "%v", err)
	}
	return code
}

// runTask runs a schedule's sync as "ferry sync" would, quietly, and turns
// its output into one sentence.
func (e *environment) runTask(ctx context.Context, s schedule.Schedule) (string, error) {
	var out, errOut bytes.Buffer
	sub := &environment{ctx: ctx, stdin: strings.NewReader(""), stdout: &out, stderr: &errOut}
	if code := sub.sync(s.Task.Args()); code != exitOK {
		lines := strings.Split(strings.TrimSpace(errOut.String()), "\n")
		return "", errors.New(strings.TrimPrefix(lines[0], "ferry: "))
	}
	return strings.TrimSpace(out.String()), nil
}

// watchSchedule keeps the schedule's server folder up to date until
// interrupted: one run at the start, then one after each settled change.
func (e *environment) watchSchedule(st *schedule.Store, s schedule.Schedule) int {
	when, err := s.When()
	if err != nil || !when.Watch || !s.Task.Upload() {
		return e.fail(exitUsage, "%s is not a watch schedule (see: ferry schedule list)", s.Name)
	}
	run := func(ctx context.Context) {
		r, err := st.Run(ctx, s, e.runTask)
		if err != nil {
			e.fail(exitFailed, "%s: %v", s.Name, err)
			return
		}
		fmt.Fprintf(e.stdout, "%s %s: %s\n", r.End.Format(time.TimeOnly), s.Name, printable.Text(r.Message))
	}
	run(e.ctx)
	if err := schedule.Watch(e.ctx, s.Task.Local(), schedule.DefaultSettle, run); err != nil {
		return e.fail(exitFailed, "%v", err)
	}
	return exitOK
}

// scheduleInstall writes the systemd user units of one or every schedule.
func (e *environment) scheduleInstall(st *schedule.Store, args []string) int {
	list, err := st.List()
	if err != nil {
		return e.fail(exitFailed, "%v", err)
	}
	if len(args) > 1 {
		return e.fail(exitUsage, "usage: ferry schedule install [NAME]")
	}
	if len(args) == 1 {
		s, err := st.Get(args[0])
		if err != nil {
			return e.fail(exitFailed, "%v", err)
		}
		list = []schedule.Schedule{s}
	}
	if len(list) == 0 {
		return e.fail(exitFailed, "no schedules to install (add one with: ferry schedule add)")
	}
	exe, err := os.Executable()
	if err == nil {
		exe, err = filepath.EvalSymlinks(exe)
	}
	if err != nil {
		return e.fail(exitFailed, "cannot tell where the ferry program is: %v", err)
	}
	dir, err := schedule.UnitDir()
	if err != nil {
		return e.fail(exitFailed, "%v", err)
	}
	var enable []string
	for _, s := range list {
		u, files, err := schedule.Install(s, exe, dir)
		if err != nil {
			return e.fail(exitFailed, "%s: %v", s.Name, err)
		}
		for _, f := range files {
			fmt.Fprintln(e.stdout, "wrote", f)
		}
		enable = append(enable, u.Enable)
	}
	fmt.Fprintf(e.stdout, "To start them:\n  systemctl --user daemon-reload\n  systemctl --user enable --now %s\n", strings.Join(enable, " "))
	if _, err := exec.LookPath("loginctl"); err == nil {
		fmt.Fprintln(e.stdout, "To run them while you are logged out: loginctl enable-linger")
	}
	return exitOK
}
