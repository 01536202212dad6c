package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"ferry/mirror"
	"ferry/queue"
	"ferry/schedule"
	"ferry/session"
)

// schedulesScreen is the Schedules window: every schedule with its next
// run and last result; add, edit, remove, run now, pause.
type schedulesScreen struct {
	w       *mainWindow
	st      *schedule.Store
	win     fyne.Window
	list    []schedule.Schedule
	results map[string]schedule.Result
	table   *widget.Table
	picked  int // selected row, -1 for none
	pause   *widget.Button
	detail  *widget.Label // the picked schedule's last result, in full
}

var scheduleColumns = []struct {
	title string
	width float32
}{{"Name", 110}, {"When", 130}, {"What", 310}, {"Next run", 150}, {"Last run", 420}}

// showSchedules opens the Schedules window (one at a time).
func (w *mainWindow) showSchedules() {
	if w.schedWin != nil {
		w.schedWin.win.RequestFocus()
		return
	}
	st, err := schedule.DefaultStore()
	if err != nil {
		showError(w.win, "Could not open the schedules", err)
		return
	}
	s := &schedulesScreen{w: w, st: st, picked: -1}
	s.build()
	w.schedWin = s
	s.win.SetOnClosed(func() { w.schedWin = nil })
	s.reload()
	escapeCloses(s.win, s.win.Close)
	s.win.Show()
}

func (s *schedulesScreen) build() {
	s.win = s.w.app.NewWindow("Schedules")
	s.table = widget.NewTable(
		func() (int, int) { return len(s.list), len(scheduleColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		s.updateCell)
	s.table.ShowHeaderRow = true
	s.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	s.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(scheduleColumns[id.Col].title)
	}
	for i, c := range scheduleColumns {
		s.table.SetColumnWidth(i, c.width)
	}
	s.table.OnSelected = func(id widget.TableCellID) { s.picked = id.Row; s.updateButtons() }
	s.detail = wrapped("")
	s.pause = widget.NewButton("Pause", s.onPause)
	buttons := container.NewHBox(
		widget.NewButton("Add…", func() { s.edit(schedule.Schedule{}, true) }),
		widget.NewButton("Edit…", func() {
			if sc, ok := s.selected(); ok {
				s.edit(sc, false)
			}
		}),
		widget.NewButton("Remove", s.onRemove),
		widget.NewButton("Run now", s.onRunNow),
		s.pause,
	)
	s.win.SetContent(container.NewBorder(nil, container.NewVBox(s.detail, buttons), nil, nil, s.table))
	s.win.Resize(fyne.NewSize(1140, 420))
}

func (s *schedulesScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	l.Importance = widget.MediumImportance
	if id.Row >= len(s.list) {
		l.SetText("")
		return
	}
	sc := s.list[id.Row]
	r := s.results[sc.Name]
	text := ""
	switch id.Col {
	case 0:
		text = sc.Name
	case 1:
		text = sc.Every
	case 2:
		text = scheduleWhat(sc.Task)
	case 3:
		text = scheduleNext(sc, r, time.Now())
	case 4:
		text = scheduleLast(r)
		if !r.Start.IsZero() && !r.OK {
			l.Importance = widget.DangerImportance
		}
	}
	l.SetText(text)
}

// scheduleWhat is the task in words, without a password.
func scheduleWhat(t schedule.Task) string {
	if t.Upload() {
		return "upload " + t.Source + " → " + session.RedactURL(t.Target)
	}
	return "download " + session.RedactURL(t.Source) + " → " + t.Target
}

func scheduleNext(sc schedule.Schedule, r schedule.Result, now time.Time) string {
	when, err := sc.When()
	switch {
	case err != nil:
		return "invalid"
	case sc.Paused:
		return "paused"
	case when.Watch:
		return "on change"
	case when.Due(now, r.Start, sc.Created):
		return "due now"
	}
	return when.Next(now, r.Start).Format("Mon 2 Jan 15:04")
}

func scheduleLast(r schedule.Result) string {
	if r.Start.IsZero() {
		return "never"
	}
	status := "ok"
	if !r.OK {
		status = "failed"
	}
	return fmt.Sprintf("%s %s: %s", r.Start.Format("2006-01-02 15:04"), status, r.Message)
}

// reload reads the schedules and their results again.
func (s *schedulesScreen) reload() {
	list, err := s.st.List()
	if err == nil {
		s.results, err = s.st.Results()
	}
	if err != nil {
		showError(s.win, "Could not read the schedules", err)
		return
	}
	s.list = list
	if s.picked >= len(list) {
		s.picked = -1
		s.table.UnselectAll()
	}
	s.table.Refresh()
	s.updateButtons()
}

func (s *schedulesScreen) selected() (schedule.Schedule, bool) {
	if s.picked < 0 || s.picked >= len(s.list) {
		return schedule.Schedule{}, false
	}
	return s.list[s.picked], true
}

// updateButtons names the pause button and shows the picked schedule's
// last result in full (the first failed one's when none is picked).
func (s *schedulesScreen) updateButtons() {
	sc, ok := s.selected()
	if ok && sc.Paused {
		s.pause.SetText("Resume")
	} else {
		s.pause.SetText("Pause")
	}
	if !ok {
		for _, o := range s.list {
			if r := s.results[o.Name]; !r.Start.IsZero() && !r.OK {
				sc, ok = o, true
				break
			}
		}
	}
	text := ""
	if ok {
		text = sc.Name + ", last run: " + scheduleLast(s.results[sc.Name])
	}
	s.detail.SetText(text)
}

func (s *schedulesScreen) onPause() {
	sc, ok := s.selected()
	if !ok {
		return
	}
	sc.Paused = !sc.Paused
	if err := s.st.Put(sc); err != nil {
		showError(s.win, "Could not change the schedule", err)
	}
	s.reload()
}

func (s *schedulesScreen) onRemove() {
	sc, ok := s.selected()
	if !ok {
		return
	}
	showDialog(s.win, dialog.NewConfirm("Remove "+sc.Name, "Remove the schedule "+sc.Name+"? Files are not touched.", func(yes bool) {
		if !yes {
			return
		}
		if err := s.st.Remove(sc.Name); err != nil {
			showError(s.win, "Could not remove the schedule", err)
		}
		s.reload()
	}, s.win), nil)
}

// onRunNow runs the selected schedule in the background; its copies show
// in the queue, its result in the list.
func (s *schedulesScreen) onRunNow() {
	sc, ok := s.selected()
	if !ok {
		return
	}
	s.w.runScheduleInBackground(sc)
}

// edit shows the form for a new or an existing schedule.
func (s *schedulesScreen) edit(sc schedule.Schedule, isNew bool) {
	if isNew {
		sc = s.w.suggestedSchedule()
	}
	name := newEscapableEntry()
	name.SetText(sc.Name)
	if !isNew {
		name.Disable()
	}
	every := newEscapableEntry()
	every.SetText(sc.Every)
	every.SetPlaceHolder("15m, 1h, daily@02:30, mon-fri@18:00 or watch")
	source, target := newEscapableEntry(), newEscapableEntry()
	source.SetText(sc.Task.Source)
	target.SetText(sc.Task.Target)
	del := widget.NewCheck("Delete what the source no longer has", nil)
	del.SetChecked(sc.Task.Delete)
	versions := newEscapableEntry()
	versions.SetText(sc.Task.Versions)
	keep := newEscapableEntry()
	keep.SetText(strconv.Itoa(max(sc.Task.Keep, mirror.DefaultKeep)))
	exclude := newEscapableEntry()
	exclude.SetText(strings.Join(sc.Task.Exclude, ", "))
	items := []*widget.FormItem{
		widget.NewFormItem("Name", name), widget.NewFormItem("When", every),
		widget.NewFormItem("From", source), widget.NewFormItem("To", target),
		widget.NewFormItem("", del), widget.NewFormItem("Keep old versions in", versions),
		widget.NewFormItem("Version folders kept", keep), widget.NewFormItem("Leave out", exclude),
	}
	d := dialog.NewForm("Schedule", "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		sc.Name, sc.Every = strings.TrimSpace(name.Text), strings.TrimSpace(every.Text)
		sc.Task = schedule.Task{Source: strings.TrimSpace(source.Text), Target: strings.TrimSpace(target.Text),
			Delete: del.Checked, Versions: strings.TrimSpace(versions.Text), KeepDays: sc.Task.KeepDays}
		if k, err := strconv.Atoi(strings.TrimSpace(keep.Text)); err == nil && k != mirror.DefaultKeep {
			sc.Task.Keep = k
		}
		for _, x := range strings.Split(exclude.Text, ",") {
			if x = strings.TrimSpace(x); x != "" {
				sc.Task.Exclude = append(sc.Task.Exclude, x)
			}
		}
		if err := s.st.Put(sc); err != nil {
			showError(s.win, "Could not save the schedule", err)
			return
		}
		s.reload()
		s.w.scheduler.startWatches()
	}, s.win)
	d.Resize(fyne.NewSize(640, 0))
	showDialog(s.win, d, nil)
}

// suggestedSchedule is a new schedule from the two current folders.
func (w *mainWindow) suggestedSchedule() schedule.Schedule {
	sc := schedule.Schedule{Every: "daily@02:30", Task: schedule.Task{Source: w.local.dir}}
	if t := w.current(); t != nil {
		site := t.site
		target := site.Protocol.Scheme() + "://" + site.LoginUser() + "@" + site.Addr() + t.pane.dir
		if site.ID != "" {
			target = "site:" + site.Name + t.pane.dir
		}
		sc.Task.Target = target
	}
	return sc
}

// runScheduleInBackground runs sc now and notifies a failure.
func (w *mainWindow) runScheduleInBackground(sc schedule.Schedule) {
	st, err := schedule.DefaultStore()
	if err != nil {
		showError(w.win, "Could not run the schedule", err)
		return
	}
	go func() {
		_, err := st.Run(context.Background(), sc, w.runSchedule)
		onMain(func() { w.scheduleFinished(sc.Name, err) })
	}()
}

// scheduleFinished updates the Schedules window and notifies a failure.
func (w *mainWindow) scheduleFinished(name string, err error) {
	if w.schedWin != nil {
		w.schedWin.reload()
	}
	if err != nil && !errors.Is(err, schedule.ErrBusy) {
		w.app.SendNotification(fyne.NewNotification("Ferry: the schedule "+name+" failed", session.Describe(err)))
		w.status.SetText("The schedule " + name + " failed: " + session.Describe(err))
	}
}

// runSchedule is the window's schedule.Runner: the sync goes through the
// window's queue, so its copies show there like any transfer.
func (w *mainWindow) runSchedule(ctx context.Context, sc schedule.Schedule) (string, error) {
	rawURL := sc.Task.Target
	dir := queue.Upload
	if !sc.Task.Upload() {
		rawURL, dir = sc.Task.Source, queue.Download
	}
	site, remote, err := w.siteOf(rawURL)
	if err != nil {
		return "", err
	}
	key := w.env.Sessions.Add(site)
	pool, err := w.env.Sessions.Pool(key)
	if err != nil {
		return "", err
	}
	o := mirror.Options{
		Direction: dir, Local: sc.Task.Local(), Remote: remote, SiteKey: key, Pool: pool, Queue: w.env.Queue,
		Delete: sc.Task.Delete, Versions: sc.Task.Versions, Keep: sc.Task.Keep, KeepDays: sc.Task.KeepDays,
		Exclude: sc.Task.Exclude,
	}
	if path, err := mirror.DefaultRecordsPath(); err == nil {
		o.Records = mirror.NewRecords(path)
	}
	res, err := mirror.Sync(ctx, o)
	if err == nil && len(res.Problems) > 0 {
		err = errors.New(res.Problems[0])
	}
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("copied %d new and %d changed files, deleted %d", res.Copies, res.Updates, res.Deletes), nil
}

// siteOf reads a schedule's URL ("site:NAME/path" or ftp://...).
func (w *mainWindow) siteOf(raw string) (session.Site, string, error) {
	if rest, ok := strings.CutPrefix(raw, "site:"); ok {
		name, dir, _ := strings.Cut(rest, "/")
		site, found := w.env.Store.Get(name)
		if !found {
			return site, "", fmt.Errorf("no saved site named %q", name)
		}
		return site, "/" + dir, nil
	}
	site, dir, err := session.ParseURL(raw)
	// ftp:// in a schedule is the user's choice of clear text, as on the
	// command line.
	site.AllowPlainPassword = site.Protocol == session.FTP
	return site, dir, err
}
