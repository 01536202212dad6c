package ui

import (
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// folderWatch tells a local pane that files appeared, changed or went in
// the folder it shows, so the pane follows the disk without F5. Bursts (a
// download writing many files) become one refresh per settle period.
type folderWatch struct {
	w      *fsnotify.Watcher
	notify func(dir string) // called on the main goroutine

	mu     sync.Mutex
	dir    string
	timer  *time.Timer
	closed bool
}

// settle is how long the folder must be quiet before the pane lists it again.
const settle = 300 * time.Millisecond

// newFolderWatch starts watching; nil when the system offers no watcher
// (the pane then refreshes only on F5 and after transfers).
func newFolderWatch(notify func(dir string)) *folderWatch {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil
	}
	fw := &folderWatch{w: w, notify: notify}
	go fw.loop()
	return fw
}

// follow watches dir instead of the folder watched before.
func (fw *folderWatch) follow(dir string) {
	if fw == nil {
		return
	}
	fw.mu.Lock()
	defer fw.mu.Unlock()
	if dir == fw.dir {
		return
	}
	if fw.dir != "" {
		fw.w.Remove(fw.dir)
	}
	fw.dir = ""
	if fw.w.Add(dir) == nil {
		fw.dir = dir
	}
}

func (fw *folderWatch) loop() {
	for {
		select {
		case ev, ok := <-fw.w.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod {
				continue
			}
			fw.mu.Lock()
			dir := fw.dir
			if fw.timer == nil && dir != "" {
				fw.timer = time.AfterFunc(settle, func() {
					fw.mu.Lock()
					fw.timer = nil
					fw.mu.Unlock()
					onMain(func() {
						fw.mu.Lock()
						closed := fw.closed
						fw.mu.Unlock()
						if !closed {
							fw.notify(dir)
						}
					})
				})
			}
			fw.mu.Unlock()
		case _, ok := <-fw.w.Errors:
			if !ok {
				return
			}
		}
	}
}

// close stops watching.
func (fw *folderWatch) close() {
	if fw == nil {
		return
	}
	fw.w.Close()
	fw.mu.Lock()
	fw.closed = true
	if fw.timer != nil {
		fw.timer.Stop()
	}
	fw.mu.Unlock()
}
