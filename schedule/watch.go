package schedule

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultSettle is how long a folder must stay quiet after a change before
// a watch runs: a burst of saves is one run, and a file being written (each
// write is a change) is not sent half-written.
const DefaultSettle = 2 * time.Second

// Watch calls run each time changes under dir have settled (no change for
// settle), never two runs at once, until ctx ends. Changes made during a run
// lead to one more run after it. New folders are watched as they appear.
func Watch(ctx context.Context, dir string, settle time.Duration, run func(context.Context)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("cannot watch %s: %w", dir, err)
	}
	defer w.Close()
	if err := addTree(w, dir); err != nil {
		return err
	}
	quiet := time.NewTimer(settle)
	quiet.Stop()
	var (
		dirty, running bool
		finished       = make(chan struct{})
	)
	for {
		select {
		case <-ctx.Done():
			if running {
				<-finished
			}
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return fmt.Errorf("stopped watching %s", dir)
			}
			if ev.Op == fsnotify.Chmod {
				continue // a time or mode change alone moves no bytes
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					if err := addTree(w, ev.Name); err != nil {
						return err
					}
				}
			}
			dirty = true
			quiet.Reset(settle)
		case err, ok := <-w.Errors:
			if !ok {
				return fmt.Errorf("stopped watching %s", dir)
			}
			if !errors.Is(err, fsnotify.ErrEventOverflow) {
				return fmt.Errorf("watching %s: %w", dir, err)
			}
			dirty = true // too many changes to tell apart: a run looks at all
			quiet.Reset(settle)
		case <-quiet.C:
			if dirty && !running {
				dirty, running = false, true
				go func() {
					run(ctx)
					finished <- struct{}{}
				}()
			}
		case <-finished:
			running = false
			if dirty {
				quiet.Reset(settle)
			}
		}
	}
}

// addTree watches dir and every folder below it.
func addTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("cannot watch %s: %w", p, err)
		}
		if d.IsDir() {
			if err := w.Add(p); err != nil {
				return fmt.Errorf("cannot watch %s: %w", p, err)
			}
		}
		return nil
	})
}
