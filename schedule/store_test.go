package schedule

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func newStore(t *testing.T) *Store {
	dir := t.TempDir()
	return NewStore(filepath.Join(dir, "config", "schedules.json"), filepath.Join(dir, "state", "results.json"))
}

func backup(name, every string) Schedule {
	return Schedule{Name: name, Every: every, Created: at("2026-11-01 12:00"),
		Task: Task{Source: "/home/me/docs", Target: "site:backup/docs", Delete: true, Versions: "/old", KeepDays: 90}}
}

func TestSchedulesAreStoredPrivatelyAndValidated(t *testing.T) {
	st := newStore(t)
	if err := st.Put(backup("docs", "daily@02:30")); err != nil {
		t.Fatal(err)
	}
	if err := st.Put(backup("a-web", "watch")); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(st.path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("schedules file: %v %v", fi, err)
	}
	list, _ := st.List()
	if len(list) != 2 || list[0].Name != "a-web" || list[1].Task.Versions != "/old" {
		t.Fatalf("list: %+v", list)
	}
	for _, bad := range []Schedule{
		backup("bad name", "1h"), backup("x", "sometimes"),
		{Name: "y", Every: "1h", Task: Task{Source: "/a", Target: "/b"}},
		{Name: "z", Every: "1h", Task: Task{Source: "rel", Target: "ftp://h/x"}},
	} {
		if err := st.Put(bad); err == nil {
			t.Errorf("%+v was accepted", bad)
		}
	}
	if got := strings.Join(list[1].Task.Args(), " "); got != "--delete --versions /old --keep-days 90 /home/me/docs site:backup/docs" {
		t.Fatalf("args %q", got)
	}
	if err := st.Remove("docs"); err != nil {
		t.Fatal(err)
	}
	if err := st.Remove("docs"); err == nil {
		t.Fatal("removed twice")
	}
}

func TestRunDueRunsAMissedScheduleOnceAndRecordsFailures(t *testing.T) {
	st := newStore(t)
	st.Put(backup("nightly", "daily@02:30"))
	st.Put(backup("broken", "daily@02:30"))
	st.Put(backup("later", "1h"))
	paused := backup("paused", "daily@02:30")
	paused.Paused = true
	st.Put(paused)
	// "later" ran a minute ago.
	st.record("later", Result{Start: time.Now().Add(-time.Minute), OK: true})

	runs := map[string]int{}
	runner := func(_ context.Context, s Schedule) (string, error) {
		runs[s.Name]++
		if s.Name == "broken" {
			return "", errors.New("could not connect to the server")
		}
		return "copied 3 files", nil
	}
	now := time.Now()
	ran, err := st.RunDue(context.Background(), now, runner)
	if err != nil || len(ran) != 2 {
		t.Fatalf("ran %+v, %v", ran, err)
	}
	if _, err := st.RunDue(context.Background(), now.Add(time.Minute), runner); err != nil {
		t.Fatal(err)
	}
	if runs["nightly"] != 1 || runs["broken"] != 1 || runs["later"] != 0 || runs["paused"] != 0 {
		t.Fatalf("runs %v", runs)
	}
	results, _ := st.Results()
	if r := results["broken"]; r.OK || r.Message != "could not connect to the server" {
		t.Fatalf("broken's result %+v", r)
	}
	if r := results["nightly"]; !r.OK || r.Message != "copied 3 files" {
		t.Fatalf("nightly's result %+v", r)
	}
}

func TestAScheduleDoesNotRunTwiceAtOnce(t *testing.T) {
	st := newStore(t)
	s := backup("slow", "1h")
	st.Put(s)
	inside := make(chan struct{})
	release := make(chan struct{})
	first := make(chan error)
	go func() {
		_, err := st.Run(context.Background(), s, func(context.Context, Schedule) (string, error) {
			close(inside)
			<-release
			return "done", nil
		})
		first <- err
	}()
	<-inside
	_, err := st.Run(context.Background(), s, func(context.Context, Schedule) (string, error) {
		t.Error("ran while running")
		return "", nil
	})
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("second run: %v; want ErrBusy", err)
	}
}
