package ui

import (
	"testing"

	"ferry/queue"
)

func TestASkippedLinkSaysWhyNotThatTheTargetExisted(t *testing.T) {
	note := "Skipped the link /t/dangling: it points to nothing."
	got := jobStatus(queue.JobStatus{Job: queue.Job{State: queue.Skipped, Size: -1, Note: note}})
	if got != note {
		t.Errorf("status = %q, want the note %q", got, note)
	}
	if got := jobStatus(queue.JobStatus{Job: queue.Job{State: queue.Skipped}}); got != "Skipped: the target was already there" {
		t.Errorf("an ordinary skip says %q", got)
	}
}
