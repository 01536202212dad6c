package ui

import (
	"strings"
	"testing"
	"time"

	"ferry/queue"
	"ferry/session"
)

func TestARetryingJobSaysWhenAndWhyNotAStaleSpeed(t *testing.T) {
	now := time.Now()
	j := queue.JobStatus{Job: queue.Job{State: queue.Running, Err: "retrying: the server is not answering.",
		RetryAt: now.Add(7500 * time.Millisecond)}, Speed: 123456}
	if got := retryText(j, now); got != "Retrying in 8 s (the server is not answering)" {
		t.Fatalf("retry text %q", got)
	}
	if s := jobCell(j, qcSpeed, ""); s != "" {
		t.Fatalf("a retrying job shows the speed %q", s)
	}
	j.RetryAt = time.Time{}
	if got := jobStatus(j); got != "Transferring" {
		t.Fatalf("running job: %q", got)
	}
}

func TestTotalsCountSkippedApartAndGrammarFitsTheCount(t *testing.T) {
	got := totalsText(queue.Totals{Files: 5, Done: 3, Skipped: 2, Bytes: 5 << 10, BytesDone: 5 << 10})
	if got != "5 files: 3 done, 2 skipped, 0 failed, 5.0 KiB of 5.0 KiB" {
		t.Fatalf("totals %q", got)
	}
	if leftText(1) != "1 transfer was left" || leftText(3) != "3 transfers were left" {
		t.Fatalf("%q, %q", leftText(1), leftText(3))
	}
}

func TestQueueRowsNameTheServerAndDirection(t *testing.T) {
	isolate(t)
	path, _ := session.DefaultStorePath()
	store, err := session.OpenStore(path)
	if err != nil {
		t.Fatal(err)
	}
	saved := session.Site{Name: "Work", Host: "w.test", Protocol: session.ExplicitTLS, Logon: session.Normal, User: "ann"}
	store.Put(saved)
	quick := session.Site{Host: "q.test", Port: 2121, Protocol: session.FTP, Logon: session.Normal, User: "bob"}
	if got := serverName(store, saved.Key()); got != "Work" {
		t.Fatalf("saved site: %q", got)
	}
	// Jobs for a saved site carry its ID as their key.
	saved, _ = store.Get("Work")
	if got := serverName(store, session.KeyOf(saved)); got != "Work" {
		t.Fatalf("a saved site's job names its server %q", got)
	}
	if got := serverName(store, quick.Key()); got != "bob@q.test:2121" {
		t.Fatalf("quickconnect server: %q", got)
	}
	up := queue.JobStatus{Job: queue.Job{Dir: queue.Upload}}
	if jobCell(up, qcDirection, "") != "↑ Upload" || jobCell(queue.JobStatus{}, qcDirection, "") != "↓ Download" {
		t.Fatal("direction column")
	}
}

func TestAFailedRowShowsItsWholeErrorInTheDetailsLine(t *testing.T) {
	w := testWindow(t, 0)
	long := "The server refused the file: 553 Could not create file because the quota of this account " +
		"(500 MiB) is used up; delete files or ask the administrator for more space."
	j := queue.JobStatus{Job: queue.Job{ID: 7, State: queue.Failed, Remote: "/up/big.iso", Dir: queue.Download, Err: long}}
	inUI(func() {
		w.queue.showDetails(&j)
		if !w.queue.details.Visible() || !strings.HasSuffix(w.queue.details.Text, long) {
			t.Fatalf("details line %q", w.queue.details.Text)
		}
	})
}
