package queue

import (
	"cmp"
	"context"
	"fmt"
	"path"
	"strings"
	"time"

	"ferry/internal/printable"
)

// action is what a job does about its target, decided once per job.
type action int

const (
	actNew       action = iota // no target: transfer (a download resumes its .part)
	actResume                  // continue the partial target
	actOverwrite               // replace the target
	actRename                  // transfer to a free "name (1).ext" beside it
	actSkip                    // leave the target alone
)

// facts are what the policy compares.
type facts struct {
	name    string // the target, for messages
	dir     Direction
	srcSize int64 // -1 when unknown
	srcTime time.Time
	tgt     targetInfo
}

// choose applies the job's policy (asking the user for PolicyAsk).
func (q *Queue) choose(ctx context.Context, j *job, f facts) (action, error) {
	if !f.tgt.Exists {
		return actNew, nil
	}
	q.mu.Lock()
	p := j.Policy
	q.mu.Unlock()
	if p == PolicyAsk {
		var err error
		if p, err = q.ask(ctx, j, f); err != nil {
			return actSkip, err
		}
	}
	return decide(p, f)
}

// decide is the policy table; the target exists.
func decide(p Policy, f facts) (action, error) {
	switch p {
	case PolicyOverwrite:
		return actOverwrite, nil
	case PolicySkip:
		return actSkip, nil
	case PolicyRename:
		return actRename, nil
	case PolicyNewer:
		if !f.srcTime.IsZero() && !f.tgt.Time.IsZero() && older(f.tgt.Time, f.srcTime) {
			return actOverwrite, nil
		}
		return actSkip, nil
	case PolicyResume:
		switch {
		case f.srcSize < 0 || f.tgt.Size < f.srcSize:
			return actResume, nil
		case f.tgt.Size == f.srcSize:
			return actSkip, nil
		}
		return actSkip, &policyError{fmt.Sprintf("%s is larger than the source, so it cannot be resumed.", printable.Name(f.name))}
	}
	if same(f) {
		return actSkip, nil
	}
	if f.dir == Upload && f.srcSize >= 0 && f.tgt.Size < f.srcSize {
		// A shorter server file is resumed as the start of an upload cut
		// short, unless it was last written before the local file last
		// changed: then it holds the start of another version.
		if f.srcTime.IsZero() || f.tgt.Time.IsZero() || !older(f.tgt.Time, f.srcTime) {
			return actResume, nil
		}
		return actSkip, &policyError{fmt.Sprintf(
			"%s is shorter than the local file but older than its last change, so it is not the start of this upload "+
				"(use --on-exists overwrite, newer, resume, rename or skip).", printable.Name(f.name))}
	}
	return actSkip, &policyError{fmt.Sprintf(
		"%s already exists and differs (use --on-exists overwrite, newer, resume, rename or skip).", printable.Name(f.name))}
}

// same reports an identical target: same size, and not older when both
// times are known.
func same(f facts) bool {
	if f.srcSize < 0 || f.tgt.Size != f.srcSize {
		return false
	}
	return f.srcTime.IsZero() || f.tgt.Time.IsZero() || !older(f.tgt.Time, f.srcTime)
}

// older reports t before ref, allowing for the coarse times of listings:
// LIST shows minutes, or only the day for old files.
func older(t, ref time.Time) bool {
	slack := 2 * time.Second
	switch {
	case t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0:
		slack = 24 * time.Hour
	case t.Second() == 0 && t.Nanosecond() == 0:
		slack = time.Minute
	}
	return t.Before(ref.Add(-slack))
}

// ask puts the question to Options.Ask, one question at a time; an answer
// with ApplyToAll answers the rest.
func (q *Queue) ask(ctx context.Context, j *job, f facts) (Policy, error) {
	// The answer may take a person minutes: waiting for the turn and for the
	// answer both give way to a pause or Close.
	select {
	case q.asking <- struct{}{}:
	case <-ctx.Done():
		return PolicySkip, ctx.Err()
	}
	q.mu.Lock()
	sticky, question := q.sticky, Question{
		Job: j.public(), SourceSize: f.srcSize, TargetSize: f.tgt.Size,
		SourceTime: f.srcTime, TargetTime: f.tgt.Time,
	}
	q.mu.Unlock()
	if sticky != "" || q.opts.Ask == nil {
		<-q.asking
		return cmp.Or(sticky, PolicySkip), nil
	}
	answers := make(chan Answer, 1)
	go func() { answers <- q.opts.Ask(ctx, question) }()
	var a Answer
	select {
	case a = <-answers:
	case <-ctx.Done():
		// The turn ends only when the open question is answered.
		go func() { <-answers; <-q.asking }()
		return PolicySkip, ctx.Err()
	}
	if a.Policy == PolicyAsk || a.Policy == PolicyDefault {
		a.Policy = PolicySkip
	}
	if a.ApplyToAll {
		q.mu.Lock()
		q.sticky = a.Policy
		q.mu.Unlock()
	}
	<-q.asking
	return a.Policy, nil
}

// renamed is a base name with " (n)" before its extension:
// "a.txt" -> "a (1).txt", ".profile" -> ".profile (1)".
func renamed(name string, n int) string {
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	if stem == "" {
		stem, ext = name, ""
	}
	return fmt.Sprintf("%s (%d)%s", stem, n, ext)
}
