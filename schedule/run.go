package schedule

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Runner does one schedule's work and says in one sentence what moved; an
// error is the sentence of a failure.
type Runner func(ctx context.Context, s Schedule) (summary string, err error)

// ErrBusy means the schedule is already running, here or in another process.
var ErrBusy = errors.New("the schedule is already running")

// Run runs s now, whatever its time, and records the result. A paused
// schedule runs too: pausing stops only the timer.
func (st *Store) Run(ctx context.Context, s Schedule, run Runner) (Result, error) {
	unlock, err := st.lock(s.Name)
	if err != nil {
		return Result{}, err
	}
	defer unlock()
	r := Result{Start: time.Now()}
	summary, err := run(ctx, s)
	r.End = time.Now()
	r.OK = err == nil
	r.Message = summary
	if err != nil {
		r.Message = err.Error()
	}
	if rerr := st.record(s.Name, r); rerr != nil {
		return r, errors.Join(err, fmt.Errorf("could not save the result: %w", rerr))
	}
	return r, err
}

// Ran is one schedule that RunDue ran.
type Ran struct {
	Name   string
	Result Result
	Err    error
}

// RunDue runs, once each and in name order, every schedule that is not
// paused and is due at now. A schedule whose slots were missed while
// nothing ran (the machine was off) runs once.
func (st *Store) RunDue(ctx context.Context, now time.Time, run Runner) ([]Ran, error) {
	due, err := st.Due(now)
	if err != nil {
		return nil, err
	}
	var ran []Ran
	for _, s := range due {
		if ctx.Err() != nil {
			break
		}
		r, err := st.Run(ctx, s, run)
		if errors.Is(err, ErrBusy) {
			continue
		}
		ran = append(ran, Ran{Name: s.Name, Result: r, Err: err})
	}
	return ran, ctx.Err()
}

// Due lists the schedules due at now.
func (st *Store) Due(now time.Time) ([]Schedule, error) {
	list, err := st.List()
	if err != nil {
		return nil, err
	}
	results, err := st.Results()
	if err != nil {
		return nil, err
	}
	var due []Schedule
	for _, s := range list {
		when, err := s.When()
		if err != nil || s.Paused {
			continue
		}
		if when.Due(now, results[s.Name].Start, s.Created) {
			due = append(due, s)
		}
	}
	return due, nil
}

// lock takes the schedule's run lock, a file beside the results.
func (st *Store) lock(name string) (unlock func(), err error) {
	dir := filepath.Dir(st.resultsPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, "schedule-"+name+".lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := tryLock(f); err != nil {
		f.Close()
		return nil, ErrBusy
	}
	return func() { f.Close() }, nil
}
