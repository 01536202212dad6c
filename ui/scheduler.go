package ui

import (
	"context"
	"sync"
	"time"

	"ferry/schedule"
)

// scheduler runs, while the window is open, the schedules that come due
// and the watches, in the background.
type scheduler struct {
	w       *mainWindow
	ctx     context.Context
	stop    context.CancelFunc
	mu      sync.Mutex
	watches map[string]context.CancelFunc // running watches by name
	done    sync.WaitGroup
}

// checkEvery is how often the window looks for schedules that are due.
const checkEvery = 30 * time.Second

func startScheduler(w *mainWindow) *scheduler {
	s := &scheduler{w: w, watches: map[string]context.CancelFunc{}}
	s.ctx, s.stop = context.WithCancel(context.Background())
	s.done.Add(1)
	go s.loop()
	s.startWatches()
	return s
}

func (s *scheduler) loop() {
	defer s.done.Done()
	tick := time.NewTicker(checkEvery)
	defer tick.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-tick.C:
		}
		st, err := schedule.DefaultStore()
		if err != nil {
			continue
		}
		ran, _ := st.RunDue(s.ctx, time.Now(), s.w.runSchedule)
		for _, r := range ran {
			s.report(r.Name, r.Err)
		}
	}
}

// startWatches starts each watch schedule not yet running (and not paused).
func (s *scheduler) startWatches() {
	st, err := schedule.DefaultStore()
	if err != nil {
		return
	}
	list, err := st.List()
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sc := range list {
		when, err := sc.When()
		if err != nil || !when.Watch || sc.Paused || s.watches[sc.Name] != nil || s.ctx.Err() != nil {
			continue
		}
		ctx, cancel := context.WithCancel(s.ctx)
		s.watches[sc.Name] = cancel
		s.done.Add(1)
		go func() {
			defer s.done.Done()
			err := schedule.Watch(ctx, sc.Task.Local(), schedule.DefaultSettle, func(ctx context.Context) {
				_, err := st.Run(ctx, sc, s.w.runSchedule)
				s.report(sc.Name, err)
			})
			if err != nil {
				s.report(sc.Name, err)
			}
		}()
	}
}

// report shows a run's outcome, unless the window is closing.
func (s *scheduler) report(name string, err error) {
	if s.ctx.Err() == nil {
		onMain(func() { s.w.scheduleFinished(name, err) })
	}
}

// close stops the loop and the watches and waits for them.
func (s *scheduler) close() {
	s.stop()
	s.done.Wait()
}
