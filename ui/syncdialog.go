package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"ferry/internal/units"
	"ferry/mirror"
	"ferry/queue"
	"ferry/session"
)

// syncDialog is "Synchronize…": the two current folders, which way, what
// may be deleted or kept, a preview of the plan, then Run, which hands the
// copies to the transfer queue.
type syncDialog struct {
	w             *mainWindow
	t             *siteTab
	local, remote string

	direction *widget.RadioGroup
	del       *widget.Check
	force     *widget.Check // shown once a preview stopped at the safety limit
	versions  *escapableEntry
	keep      *escapableEntry
	keepDays  *escapableEntry
	exclude   *escapableEntry
	summary   *widget.Label
	plan      []string
	list      *widget.List
	preview   *widget.Button
	run       *widget.Button
	d         dialog.Dialog

	gen    int // preview generation: a superseded preview's result is dropped
	cancel context.CancelFunc
}

// syncDialogSize is the dialog's size, grown to what its content needs.
var syncDialogSize = fyne.NewSize(720, 620)

const (
	upChoice   = "Upload: make the server folder match the local one"
	downChoice = "Download: make the local folder match the server one"
)

// showSyncDialog opens the dialog for the local folder and the current
// server folder.
func (w *mainWindow) showSyncDialog() {
	t := w.current()
	if t == nil {
		showError(w.win, "Nothing to synchronize with", errors.New("connect to a server first"))
		return
	}
	s := &syncDialog{w: w, t: t, local: w.local.dir, remote: t.pane.dir}
	s.build()
	showDialog(s.w.win, s.d, nil)
}

func (s *syncDialog) build() {
	s.direction = widget.NewRadioGroup([]string{upChoice, downChoice}, func(string) { s.stale() })
	s.direction.SetSelected(upChoice)
	s.del = widget.NewCheck("Delete what the source no longer has", func(bool) { s.stale() })
	s.force = widget.NewCheck("Delete even when more than half of the target would go", func(bool) { s.stale() })
	s.force.Hide()
	s.versions = newEscapableEntry()
	s.versions.SetPlaceHolder("none (e.g. .versions, or an absolute path on the target side)")
	s.versions.OnChanged = func(string) { s.stale() }
	s.keep = newEscapableEntry()
	s.keep.SetText(strconv.Itoa(mirror.DefaultKeep))
	s.keepDays = newEscapableEntry()
	s.keepDays.SetPlaceHolder("no limit")
	s.exclude = newEscapableEntry()
	s.exclude.SetPlaceHolder(".git/, *.tmp")
	s.exclude.OnChanged = func(string) { s.stale() }
	s.summary = wrapped("Preview shows what the synchronization would do; nothing changes until Run.")
	s.list = widget.NewList(func() int { return len(s.plan) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(s.plan[i]) })
	s.preview = widget.NewButton("Preview", s.onPreview)
	s.run = widget.NewButton("Run", s.onRun)
	s.run.Importance = widget.HighImportance
	s.run.Disable()

	site := s.t.site.Name
	form := widget.NewForm(
		widget.NewFormItem("Local folder", widget.NewLabel(s.local)),
		widget.NewFormItem("Server folder", widget.NewLabel(site+": "+s.remote)),
		widget.NewFormItem("Direction", s.direction),
		widget.NewFormItem("", container.NewVBox(s.del, s.force)),
		widget.NewFormItem("Keep old versions in", s.versions),
		widget.NewFormItem("Keep versions", container.NewGridWithColumns(2,
			container.NewBorder(nil, nil, nil, widget.NewLabel("folders at most"), s.keep),
			container.NewBorder(nil, nil, nil, widget.NewLabel("days at most"), s.keepDays))),
		widget.NewFormItem("Leave out", s.exclude),
	)
	buttons := container.NewHBox(s.preview, s.run)
	top := container.NewVBox(form, widget.NewSeparator(), s.summary)
	// The plan gets room for about four lines; it scrolls.
	room := canvas.NewRectangle(color.Transparent)
	room.SetMinSize(fyne.NewSize(640, 150))
	body := container.NewBorder(top, buttons, nil, nil, container.NewStack(room, s.list))
	s.d = dialog.NewCustom("Synchronize", "Close", body, s.w.win)
	s.d.SetOnClosed(s.stop)
	s.d.Resize(syncDialogSize)
}

// stale forgets a preview once the options change.
func (s *syncDialog) stale() {
	if s.run == nil {
		return
	}
	s.stop()
	s.plan = nil
	s.list.Refresh()
	s.run.Disable()
}

func (s *syncDialog) stop() {
	s.gen++
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
}

// options reads the form; dry runs the plan only.
func (s *syncDialog) options(dry bool) (mirror.Options, error) {
	keep, err := strconv.Atoi(strings.TrimSpace(s.keep.Text))
	if err != nil || keep < 1 {
		return mirror.Options{}, fmt.Errorf("version folders to keep: give a number, 1 or more")
	}
	keepDays := 0
	if text := strings.TrimSpace(s.keepDays.Text); text != "" {
		if keepDays, err = strconv.Atoi(text); err != nil || keepDays < 1 {
			return mirror.Options{}, fmt.Errorf("days to keep versions: give a number, 1 or more, or nothing")
		}
	}
	var exclude []string
	for _, x := range strings.Split(s.exclude.Text, ",") {
		if x = strings.TrimSpace(x); x != "" {
			exclude = append(exclude, x)
		}
	}
	pool, err := s.w.env.Sessions.Pool(s.t.key)
	if err != nil {
		return mirror.Options{}, err
	}
	o := mirror.Options{
		Direction: queue.Upload, Local: s.local, Remote: s.remote,
		SiteKey: s.t.key, Pool: pool, Queue: s.w.env.Queue,
		Delete: s.del.Checked, Force: s.force.Checked, DryRun: dry,
		Versions: strings.TrimSpace(s.versions.Text), Keep: keep, KeepDays: keepDays, Exclude: exclude,
	}
	if s.direction.Selected == downChoice {
		o.Direction = queue.Download
	}
	if path, err := mirror.DefaultRecordsPath(); err == nil {
		o.Records = mirror.NewRecords(path)
	}
	return o, nil
}

// onPreview plans the sync in the background and lists the plan.
func (s *syncDialog) onPreview() {
	o, err := s.options(true)
	if err != nil {
		s.summary.SetText(session.Describe(err))
		return
	}
	s.stop()
	gen := s.gen
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.summary.SetText("Comparing the folders…")
	s.run.Disable()
	var plan []string
	o.OnAction = func(a mirror.Action) { plan = append(plan, a.String()) }
	go func() {
		res, err := mirror.Sync(ctx, o)
		onMain(func() {
			if gen != s.gen {
				return
			}
			s.plan = plan
			s.list.Refresh()
			s.summary.SetText(planSummary(res, err))
			if err == nil && len(plan) > 0 {
				s.run.Enable()
			}
			if errors.Is(err, mirror.ErrTooManyDeletes) {
				s.force.Show() // the user may mean it: ticked, Preview plans the deletions
			}
			s.d.Resize(syncDialogSize) // laid out again for a longer summary or the new row
		})
	}()
}

// planSummary is the preview's counts, or why the sync cannot run.
func planSummary(res mirror.Result, err error) string {
	if errors.Is(err, mirror.ErrTooManyDeletes) {
		return "The synchronization would stop: " + session.Describe(err) +
			" If that is meant, tick “Delete even when more than half of the target would go” and preview again."
	}
	if err != nil {
		return "The synchronization would stop: " + session.Describe(err)
	}
	if res.Copies+res.Updates+res.Deletes == 0 {
		return "The folders already match: nothing to do."
	}
	text := fmt.Sprintf("%s to copy, %s to replace (%s), %s to delete, %s kept as old versions.",
		plural(res.Copies, "file"), plural(res.Updates, "file"), units.Bytes(res.Bytes),
		plural(res.Deletes, "file"), plural(res.Versions, "file"))
	if len(res.Problems) > 0 {
		text += " " + res.Problems[0]
	}
	return text
}

// onRun hands the copies to the queue; the dialog closes, and the outcome
// shows when the last copy has finished.
func (s *syncDialog) onRun() {
	o, err := s.options(false)
	if err != nil {
		s.summary.SetText(session.Describe(err))
		return
	}
	s.d.Hide()
	w := s.w
	w.status.SetText("Synchronizing " + s.local + " and " + s.remote + "…")
	go func() {
		res, err := mirror.Sync(context.Background(), o)
		if err == nil && len(res.Problems) > 0 {
			err = errors.New(strings.Join(res.Problems, "\n"))
		}
		onMain(func() {
			w.refreshAll()
			if err != nil {
				w.env.Log.Add(0, session.LogError, "The synchronization did not finish: "+session.Describe(err))
				showError(w.win, "The synchronization did not finish", err)
				return
			}
			w.env.Log.Add(0, session.LogStatus, fmt.Sprintf("Synchronized %s and %s: %s copied, %s replaced, %s deleted",
				s.local, s.remote, plural(res.Copies, "file"), plural(res.Updates, "file"), plural(res.Deletes, "file")))
		})
	}()
}
