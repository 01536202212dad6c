package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/adrg/xdg"

	"ferry/internal/demo"
	"ferry/internal/ftpserver"
	"ferry/queue"
	"ferry/session"
)

// Options say how the window starts.
type Options struct {
	URL  string // connect to this URL (ftp://, ftpes://, ftps://, site:NAME/path) at start
	Demo bool   // start the built-in demo server and add it as a site
}

// Run opens the main window and blocks until it is closed.
func Run(a fyne.App, opts Options) error {
	quieten(a)
	env, err := openEnv(a)
	if err != nil {
		return err
	}
	w := newMainWindow(a, env)
	go limitMemory(w.closing)
	// The demo server runs on the first start (no saved sites), with --demo,
	// and whenever its site is still saved, so that the site keeps working.
	var demoServer *ftpserver.Server
	_, demoSaved := env.Store.Get(demo.SiteName)
	firstRun := len(env.Store.Sites()) == 0
	if opts.Demo || firstRun || demoSaved {
		srv, site, err := startDemo(env.Store)
		if err != nil {
			return fmt.Errorf("start the demo server: %w", err)
		}
		demoServer = srv
		if opts.URL == "" && (opts.Demo || firstRun) {
			w.connect(site)
		}
	}
	if opts.URL != "" {
		w.connectURL(opts.URL)
	}
	if problem := w.env.Queue.RestoreProblem(); problem != "" {
		showError(w.win, "The saved transfer queue was damaged", errors.New(problem))
	}
	if w.unsavedQueue != nil {
		showError(w.win, "The transfer queue is not saved", w.unsavedQueue)
	}
	w.queue.offerRestored()
	w.scheduler = startScheduler(w)
	w.win.ShowAndRun()
	w.close()
	if demoServer != nil {
		demoServer.Close()
	}
	return nil
}

// openEnv opens the engine's stores and the queue's state.
func openEnv(a fyne.App) (*Env, error) {
	storePath, err := session.DefaultStorePath()
	if err != nil {
		return nil, err
	}
	store, err := session.OpenStore(storePath)
	if err != nil {
		return nil, err
	}
	trustPath, err := session.DefaultTrustStorePath()
	if err != nil {
		return nil, err
	}
	trust, err := session.OpenTrustStore(trustPath)
	if err != nil {
		return nil, err
	}
	return &Env{Store: store, Keyring: session.SystemKeyring(), Trust: trust, Log: session.NewLog(logKeep), Prefs: a.Preferences()}, nil
}

// startDemo serves sample files from $XDG_DATA_HOME/ferry/demo and saves
// the site that points at it (its port changes at every start).
func startDemo(store *session.Store) (*ftpserver.Server, session.Site, error) {
	dir := filepath.Join(xdg.DataHome, "ferry", "demo")
	srv, site, err := demo.Start(dir)
	if err != nil {
		return nil, site, err
	}
	if old, ok := store.Get(demo.SiteName); ok {
		site.LocalDir = old.LocalDir
	}
	return srv, site, store.Put(site)
}

// mainWindow is the window: toolbar, quickconnect, log, panes and queue.
type mainWindow struct {
	app   fyne.App
	win   fyne.Window
	env   *Env
	local *pane
	tabs  *container.DocTabs
	open  map[*container.TabItem]*siteTab
	queue *queuePanel
	log   *logPanel
	drag  *rowDrag
	// unsavedQueue says why this window's queue is kept in memory only
	// (another Ferry holds the saved one, or it could not be read).
	unsavedQueue error

	status          *widget.Label
	center          *fyne.Container
	remoteArea      *fyne.Container
	placeholder     fyne.CanvasObject
	showLog, showQ  bool
	mainSplit       *container.Split // local | remote
	logSplit, qSplt *container.Split
	active          *pane
	qc              *quickconnect

	hidden, compact                             bool // View menu: dot files, short rows
	viewLog, viewQueue, viewHidden, viewCompact *fyne.MenuItem
	comparing                                   bool // View menu: compare the two folders
	viewCompare                                 *fyne.MenuItem

	closing    context.Context // ends when the window closes: pending questions go away
	endClosing context.CancelFunc
	connecting *busyWork // beside the status line while a site connects; Cancel stops it

	scheduler *scheduler       // runs schedules while the window is open
	schedWin  *schedulesScreen // the Schedules window, nil when closed
}

// siteTab is one connected site: its key in the session manager and its
// remote pane. The pool is the site's one pool, shared with the transfers.
type siteTab struct {
	site session.Site
	key  string
	pane *pane
	item *container.TabItem
}

// maxWorkers bounds transfers across all sites; each site's Connections
// setting bounds its own.
const maxWorkers = 32

func newMainWindow(a fyne.App, env *Env) *mainWindow {
	w := &mainWindow{app: a, env: env, open: map[*container.TabItem]*siteTab{}, status: widget.NewLabel("Not connected")}
	w.win = a.NewWindow("Ferry")
	prefs := env.Prefs
	w.win.Resize(fyne.NewSize(float32(prefs.FloatWithFallback("window.width", 1280)), float32(prefs.FloatWithFallback("window.height", 800))))
	w.closing, w.endClosing = context.WithCancel(context.Background())
	env.startSessions(windowQuestions{win: w.win, closing: w.closing}, func(msg string) {
		onMain(func() { w.status.SetText(msg) }) // the log has it already
	})

	q, err := queue.New(queue.Options{
		Workers:   maxWorkers,
		Connect:   env.Sessions.Pool,
		Policy:    queue.PolicyAsk,
		Ask:       func(ctx context.Context, q queue.Question) queue.Answer { return askFileExists(ctx, w.win, q) },
		StatePath: statePath(),
		Log:       env.Log,
	})
	if err != nil {
		// A damaged or busy queue file must not keep the window from
		// opening; the person is told that this window's queue is not kept.
		env.Log.Add(0, session.LogError, "The saved queue could not be opened: "+session.Describe(err))
		w.unsavedQueue = fmt.Errorf("%s Transfers added in this window are not saved for the next start", session.Describe(err))
		q, _ = queue.New(queue.Options{Workers: maxWorkers, Connect: env.Sessions.Pool, Policy: queue.PolicyAsk,
			Ask: func(ctx context.Context, q queue.Question) queue.Answer { return askFileExists(ctx, w.win, q) }, Log: env.Log})
	}
	env.Queue = q

	w.drag = &rowDrag{win: w.win, panes: w.panes, onDrop: func(from, to *pane) { from.transferSelection() }}
	w.local = w.newPane("Local", localSource{})
	w.local.watch = newFolderWatch(func(dir string) {
		if w.local.dir == dir {
			w.local.refresh()
		}
	})
	w.queue = newQueuePanel(env, w.win)
	w.queue.onIdle = w.refreshAll
	w.queue.onExpanded = func() {
		if t := w.current(); t != nil {
			t.pane.refresh()
		}
	}
	w.log = newLogPanel(env.Log)
	w.tabs = container.NewDocTabs()
	w.tabs.OnClosed = w.closedTab
	w.tabs.OnSelected = func(*container.TabItem) { w.updateStatus(); w.applyCompare() }
	w.placeholder = container.NewCenter(widget.NewLabel("Not connected: open the Site manager or use Quickconnect."))
	w.remoteArea = container.NewStack(w.placeholder)
	w.showLog = prefs.BoolWithFallback("show.log", true)
	w.showQ = prefs.BoolWithFallback("show.queue", true)
	w.hidden, w.compact = prefs.Bool("view.hidden"), prefs.Bool("view.compact")
	w.win.SetMainMenu(w.mainMenu())
	env.Queue.SetRateLimit(int64(prefs.Int(speedLimitPref)) << 10)
	env.Queue.SetSegmentThreshold(int64(prefs.Int(segmentThresholdPref)) << 20)
	for _, site := range env.Store.Sites() {
		applySiteSpeedLimit(env.Queue, site)
		applySiteSegments(env.Queue, site)
	}
	w.applyView()

	w.qc = newQuickconnect(prefs, w.connect)
	// Toolbar and quickconnect on rows of their own: side by side they
	// would make the window wider than a 1280-pixel screen.
	top := container.NewVBox(w.toolbar(), w.qc.root, widget.NewSeparator())
	w.center = container.NewStack()
	w.layoutCenter()
	w.connecting = newBusyWork(widget.NewProgressBarInfinite())
	w.connecting.parent = w.closing
	connecting := container.NewGridWrap(fyne.NewSize(260, w.status.MinSize().Height), w.connecting.box)
	bottom := container.NewBorder(nil, nil, nil, connecting, w.status)
	w.win.SetContent(container.NewBorder(top, bottom, nil, nil, w.center))

	w.wireKeys()
	w.win.SetOnDropped(w.dropped)
	a.Lifecycle().SetOnEnteredForeground(func() { w.queue.background = false })
	a.Lifecycle().SetOnExitedForeground(func() { w.queue.background = true })

	home, _ := os.UserHomeDir()
	w.local.open(prefs.StringWithFallback("local.dir", home))
	w.active = w.local
	return w
}

func statePath() string {
	p, err := queue.DefaultStatePath()
	if err != nil {
		return ""
	}
	return p
}

func (w *mainWindow) newPane(title string, src source) *pane {
	p := newPane(w.win, title, src)
	p.onTransfer = w.transfer
	p.onError = func(action string, err error) { showError(w.win, action, err) }
	p.onFocus = func(p *pane) { w.active = p }
	p.onTab = w.switchPane
	p.onUpload = w.uploadTo
	p.onListed = w.applyCompare
	p.hidden, p.compact = w.hidden, w.compact
	p.dragger = w.drag
	return p
}

func (w *mainWindow) toolbar() fyne.CanvasObject {
	// Icons only, as in FileZilla: the menu names the same actions.
	return widget.NewToolbar(
		widget.NewToolbarAction(theme.StorageIcon(), w.showSiteManager),
		widget.NewToolbarSeparator(),
		widget.NewToolbarAction(theme.ViewRefreshIcon(), w.refreshAll),
		widget.NewToolbarAction(theme.CancelIcon(), w.disconnect),
		widget.NewToolbarAction(theme.MediaReplayIcon(), w.reconnect),
		widget.NewToolbarSeparator(),
		widget.NewToolbarAction(theme.ListIcon(), func() { w.viewLog.Action() }),
		widget.NewToolbarAction(theme.DownloadIcon(), func() { w.viewQueue.Action() }),
		widget.NewToolbarSeparator(),
		widget.NewToolbarAction(theme.ViewRestoreIcon(), w.toggleCompare),
		widget.NewToolbarAction(theme.MediaFastForwardIcon(), w.showSyncDialog),
		widget.NewToolbarAction(theme.HistoryIcon(), w.showSchedules),
	)
}

// layoutCenter arranges log, panes and queue, keeping split positions.
func (w *mainWindow) layoutCenter() {
	prefs := w.env.Prefs
	w.saveSplits()
	w.mainSplit = container.NewHSplit(w.local.content, w.remoteArea)
	w.mainSplit.Offset = prefs.FloatWithFallback("split.main", 0.5)
	var body fyne.CanvasObject = w.mainSplit
	w.qSplt, w.logSplit = nil, nil
	if w.showQ {
		w.qSplt = container.NewVSplit(body, w.queue.object())
		w.qSplt.Offset = prefs.FloatWithFallback("split.queue", 0.72)
		body = w.qSplt
	}
	if w.showLog {
		w.logSplit = container.NewVSplit(w.log.list, body)
		w.logSplit.Offset = prefs.FloatWithFallback("split.log", 0.12)
		body = w.logSplit
	}
	w.center.Objects = []fyne.CanvasObject{body}
	w.center.Refresh()
}

func (w *mainWindow) saveSplits() {
	prefs := w.env.Prefs
	if w.mainSplit != nil {
		prefs.SetFloat("split.main", w.mainSplit.Offset)
	}
	if w.qSplt != nil {
		prefs.SetFloat("split.queue", w.qSplt.Offset)
	}
	if w.logSplit != nil {
		prefs.SetFloat("split.log", w.logSplit.Offset)
	}
}

// panes is the local pane and the current remote one, for drag and drop.
func (w *mainWindow) panes() []*pane {
	out := []*pane{w.local}
	if t := w.current(); t != nil {
		out = append(out, t.pane)
	}
	return out
}

func (w *mainWindow) current() *siteTab {
	if item := w.tabs.Selected(); item != nil {
		return w.open[item]
	}
	return nil
}

func (w *mainWindow) updateStatus() {
	t := w.current()
	if t == nil {
		w.status.SetText("Not connected")
		return
	}
	w.status.SetText(fmt.Sprintf("Connected to %s (%s) as %s", tabTitle(w.env.Store, t.site), t.site.Addr(), t.site.LoginUser()))
}

func (w *mainWindow) connectURL(raw string) {
	if name, ok := strings.CutPrefix(raw, "site:"); ok {
		name, dir, _ := strings.Cut(name, "/")
		site, found := w.env.Store.Get(name)
		if !found {
			showError(w.win, "Could not connect", fmt.Errorf("no saved site named %q", name))
			return
		}
		if dir != "" {
			site.RemoteDir = "/" + dir
		}
		w.connect(site)
		return
	}
	site, dir, err := session.ParseURL(raw)
	if err != nil {
		showError(w.win, "Could not connect", err)
		return
	}
	site.RemoteDir = dir
	w.connect(site)
}

// connect opens a tab for site: the session manager finds the password
// (or asks), the first listing is read, then the tab appears. Main goroutine.
func (w *mainWindow) connect(site session.Site) {
	w.status.SetText("Connecting to " + site.Addr() + "…")
	key := w.env.Sessions.Add(site)
	ctx, done := w.connecting.begin()
	go func() {
		pool, err := w.env.Sessions.Pool(key)
		if err != nil {
			onMain(func() {
				done()
				w.connectFailed(site, err)
			})
			return
		}
		src := remoteSource{pool: pool}
		dir := w.env.Prefs.String("remote.dir." + site.Key())
		if site.RemoteDir != "" {
			dir = site.RemoteDir
		}
		if dir == "" {
			dir, err = src.home(ctx)
		}
		var entries []session.Entry
		if err == nil {
			entries, err = src.list(ctx, dir)
		}
		onMain(func() {
			done()
			if err != nil {
				w.connectFailed(site, err)
				return
			}
			w.addTab(site, key, pool, dir, entries)
		})
	}()
}

func (w *mainWindow) addTab(site session.Site, key string, pool *session.Pool, dir string, entries []session.Entry) {
	if old := w.tabFor(key); old != nil {
		w.reuseTab(old, site, dir, entries)
		return
	}
	t := &siteTab{site: site, key: key}
	t.pane = w.newPane("Server", remoteSource{pool: pool})
	t.pane.onDirty = func() {
		w.env.Prefs.SetString("remote.dir."+site.Key(), t.pane.dir)
		w.markLost(t, false)
	}
	t.pane.onError = func(action string, err error) {
		// Anything but a refusal by the server means the connection is gone;
		// the next action (Refresh, a click) dials again.
		if !session.IsPermanent(err) {
			w.markLost(t, true)
		}
		showError(w.win, action, err)
	}
	t.item = container.NewTabItemWithIcon(t.title(w.env.Store, ""), tabIcon(site, pool.Encrypted()), t.pane.content)
	w.open[t.item] = t
	w.tabs.Append(t.item)
	w.tabs.Select(t.item)
	w.remoteArea.Objects = []fyne.CanvasObject{w.tabs}
	w.remoteArea.Refresh()
	t.pane.show(dir, entries)
	w.updateStatus()
}

// markLost shows plainly in the tab whether its connection was lost.
func (w *mainWindow) markLost(t *siteTab, lost bool) {
	text := t.title(w.env.Store, "")
	if lost {
		text = t.title(w.env.Store, "connection lost")
	}
	if t.item.Text != text {
		t.item.Text = text
		w.tabs.Refresh()
	}
	if lost && t == w.current() {
		w.status.SetText("Lost the connection to " + t.site.Name + "; Refresh connects again")
	} else {
		w.updateStatus()
	}
}

func (w *mainWindow) closedTab(item *container.TabItem) {
	if t := w.open[item]; t != nil {
		w.disconnectSite(t)
		delete(w.open, item)
	}
	if len(w.tabs.Items) == 0 {
		w.remoteArea.Objects = []fyne.CanvasObject{w.placeholder}
		w.remoteArea.Refresh()
		w.active = w.local
	}
	w.updateStatus()
}

func (w *mainWindow) disconnect() {
	if t := w.current(); t != nil {
		w.disconnectSite(t)
		t.item.Text = t.title(w.env.Store, "disconnected")
		w.tabs.Refresh()
		w.status.SetText("Disconnected from " + t.site.Name + "; Reconnect or Refresh connects again")
	}
}

// disconnectSite closes the site's connections unless another tab shows
// the site; transfers finish their current file and connect again.
func (w *mainWindow) disconnectSite(t *siteTab) {
	for _, other := range w.open {
		if other != t && other.key == t.key {
			return
		}
	}
	w.env.Sessions.Reconnect(t.key)
}

// reconnect drops the site's connections; the next listing dials afresh
// (the pane keeps its source: the site's pool stays the same).
func (w *mainWindow) reconnect() {
	t := w.current()
	if t == nil {
		return
	}
	w.env.Sessions.Reconnect(t.key)
	t.item.Text = t.title(w.env.Store, "")
	w.tabs.Refresh()
	t.pane.refresh()
	w.updateStatus()
}

func (w *mainWindow) refreshAll() {
	w.local.refresh()
	if t := w.current(); t != nil {
		if strings.HasSuffix(t.item.Text, "(disconnected)") {
			w.reconnect()
			return
		}
		t.pane.refresh()
	}
}

// transfer queues entries from one pane into the other pane's folder.
func (w *mainWindow) transfer(from *pane, entries []session.Entry) {
	t := w.current()
	if t == nil {
		showError(w.win, "Nothing to transfer to", errors.New("connect to a server first"))
		return
	}
	key := t.key
	var files []string // uploads of plain files go together: one listing for all
	for _, e := range entries {
		dir := e.Type == session.Dir
		var err error
		switch {
		case from == w.local && !dir:
			files = append(files, filepath.Join(w.local.dir, e.Name))
		case from == w.local:
			err = w.env.Queue.Upload(key, filepath.Join(w.local.dir, e.Name), path.Join(t.pane.dir, e.Name), true)
		default:
			err = w.env.Queue.Download(key, path.Join(t.pane.dir, e.Name), filepath.Join(w.local.dir, e.Name), dir)
		}
		if err != nil {
			showError(w.win, "Could not queue the transfer", err)
			return
		}
	}
	if err := w.env.Queue.UploadFiles(key, files, t.pane.dir); err != nil {
		showError(w.win, "Could not queue the transfer", err)
	}
}

// dropped uploads files dropped from the desktop onto the remote pane.
func (w *mainWindow) dropped(pos fyne.Position, uris []fyne.URI) {
	t := w.current()
	if t == nil || paneAt([]*pane{t.pane}, pos) == nil {
		return
	}
	for _, u := range uris {
		if u.Scheme() == "file" {
			w.queueUpload(t, u.Path())
		}
	}
}

// close remembers the layout and stops the engine.
func (w *mainWindow) close() {
	prefs := w.env.Prefs
	size := w.win.Canvas().Size()
	prefs.SetFloat("window.width", float64(size.Width))
	prefs.SetFloat("window.height", float64(size.Height))
	prefs.SetBool("show.log", w.showLog)
	prefs.SetBool("show.queue", w.showQ)
	prefs.SetString("local.dir", w.local.dir)
	w.saveSplits()
	if w.scheduler != nil {
		w.scheduler.close()
	}
	w.queue.stop()
	w.local.watch.close()
	w.log.cancel()
	w.stopEngine()
}

// stopEngine ends pending questions (their dialogs go away unanswered),
// stops the queue and closes every connection. It touches no widget.
func (w *mainWindow) stopEngine() {
	w.endClosing()
	w.env.Queue.Close()
	w.env.Sessions.Close()
}
