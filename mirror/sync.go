package mirror

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"time"

	"ferry/queue"
	"ferry/session"
)

// ErrTooManyDeletes stops a sync whose deletions look like a mistake: more
// than half of the target's files, or any file when the source is empty.
// Options.Force lets it go on.
var ErrTooManyDeletes = errors.New("the sync would delete too many files")

// safetyError says how many files the sync would have deleted.
type safetyError struct{ deletes, target, source int }

func (e *safetyError) Error() string {
	if e.source == 0 {
		return fmt.Sprintf("the source folder is empty, so the sync would delete all %d files of the target; "+
			"nothing was deleted", e.deletes)
	}
	return fmt.Sprintf("the sync would delete %d of the target's %d files, more than half; "+
		"nothing was deleted", e.deletes, e.target)
}

func (e *safetyError) Unwrap() error { return ErrTooManyDeletes }

// batchSize is how many copies are handed to the queue at once.
const batchSize = 64

// syncer is one run of Sync.
type syncer struct {
	ctx              context.Context
	o                Options
	local, remote    tree
	src, tgt         tree
	srcRoot, tgtRoot string
	pair             string
	w                *walker
	versions         *versions // nil without Options.Versions
	res              Result

	batch    []queue.Planned
	marks    map[string]uploaded // pending marks of the batch, by path
	uploads  map[string]uploaded // every upload planned, by path
	deletes  []Action            // held back until the walk has ended
	rootMade bool
	// newFolders are the server folders to make before the batch's files
	// go (an upload's), parents first.
	newFolders []string
}

// Sync makes the target folder match the source and returns what it did.
// Copies stream into the queue while the folders are walked; deletions
// wait until the whole walk has succeeded and passed the safety check. It
// returns when the queue has finished the copies. An error means the sync
// stopped short; Result.Problems lists what failed along the way.
func Sync(ctx context.Context, o Options) (Result, error) {
	if o.Keep <= 0 {
		o.Keep = DefaultKeep
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if !o.DryRun && o.Queue == nil {
		return Result{}, errors.New("a sync needs a transfer queue")
	}
	o.Remote = path.Clean("/" + o.Remote)
	ex, err := newExcludes(o.Exclude)
	if err != nil {
		return Result{}, err
	}
	ahead := newPrefetch(ctx, o.Pool, ex.enters(o.Remote))
	defer ahead.close()
	s := &syncer{ctx: ctx, o: o, local: localTree{}, remote: remoteTree{pool: o.Pool, ahead: ahead},
		pair: pairKey(o.Pool.Site().Key(), o.Remote, o.Local), marks: map[string]uploaded{}, uploads: map[string]uploaded{}}
	s.src, s.tgt, s.srcRoot, s.tgtRoot = s.local, s.remote, o.Local, o.Remote
	if o.Direction == queue.Download {
		s.src, s.tgt, s.srcRoot, s.tgtRoot = s.remote, s.local, o.Remote, o.Local
	}
	if o.Versions != "" {
		s.versions = newVersions(s.tgt, s.tgtRoot, o.Versions, o.Now)
		ex.prefix = s.versions.insideTarget()
	}
	s.w = &walker{local: s.local, remote: s.remote, localRoot: o.Local, remoteRoot: o.Remote, exclude: ex,
		skipped: s.problem, missingLocalOK: o.Direction == queue.Download, missingRemoteOK: o.Direction == queue.Upload}
	if o.Records != nil && o.Direction == queue.Upload {
		s.w.known = s.fromRecord
	}
	defer o.Records.closeQuietly()

	walkErr := s.w.walk(ctx, s.visit)
	ahead.close() // its connections go back to the queue
	if err := s.flush(ctx); err != nil && walkErr == nil {
		walkErr = err
	}
	if err := o.Records.closeQuietly(); err != nil {
		s.problem(err.Error())
	}
	var deleteErr error
	if walkErr == nil {
		deleteErr = s.runDeletes(ctx)
	}
	s.finishCopies(ctx)
	if walkErr == nil && deleteErr == nil && s.versions != nil && !o.DryRun {
		if err := s.versions.prune(ctx, o.Keep, o.KeepDays); err != nil {
			s.problem("Could not prune old versions: " + err.Error())
		}
	}
	return s.res, errors.Join(walkErr, deleteErr)
}

func (s *syncer) problem(msg string) {
	s.res.Problems = append(s.res.Problems, msg)
	if s.o.OnNote != nil {
		s.o.OnNote(msg)
	}
}

func (s *syncer) act(a Action) {
	a.direction = s.o.Direction
	switch a.Verb {
	case Copy:
		s.res.Copies++
		s.res.Bytes += a.Size
	case Update:
		s.res.Updates++
		s.res.Bytes += a.Size
	case Delete:
		if !a.Dir {
			s.res.Deletes++
		}
	case KeepVersion:
		s.res.Versions++
	}
	if s.o.OnAction != nil {
		s.o.OnAction(a)
	}
}

// sides splits an item into its source and target.
func (s *syncer) sides(it Item) (src, tgt *Info) {
	if s.o.Direction == queue.Upload {
		return it.Local, it.Remote
	}
	return it.Remote, it.Local
}

// visit decides about one path.
func (s *syncer) visit(it Item) error {
	src, tgt := s.sides(it)
	if it.Kind == Conflict {
		s.problem(fmt.Sprintf("Left %s alone: it is a folder on one side and a file on the other.", it.Path))
		return errSkipDir
	}
	if src != nil && !src.Dir {
		s.res.SourceFiles++
	}
	if tgt != nil && !tgt.Dir {
		s.res.TargetFiles++
	}
	switch {
	case it.IsDir() && src == nil:
		if s.o.Delete {
			s.deletes = append(s.deletes, Action{Verb: Delete, Path: it.Path, Dir: true})
		}
		return nil
	case it.IsDir() && tgt == nil:
		if s.o.DryRun {
			return nil
		}
		if s.o.Direction == queue.Upload {
			s.newFolders = append(s.newFolders, s.tgt.join(s.tgtRoot, it.Path))
			return nil
		}
		return s.tgt.mkdirAll(s.ctx, s.tgt.join(s.tgtRoot, it.Path))
	case it.IsDir():
		return nil
	case src == nil:
		if s.o.Delete {
			s.deletes = append(s.deletes, Action{Verb: Delete, Path: it.Path})
		}
		return nil
	case tgt == nil:
		s.act(Action{Verb: Copy, Path: it.Path, Size: src.Size})
		return s.plan(it, *src, nil, queue.PolicyOverwrite)
	case it.Kind == Same:
		return nil
	}
	policy := queue.PolicyOverwrite
	if s.resumable(it) {
		// Ferry's own upload was cut short: continue it; the old file
		// was already kept (or there was none).
		policy = queue.PolicyResume
	} else if s.versions != nil {
		s.act(Action{Verb: KeepVersion, Path: it.Path})
		if !s.o.DryRun {
			if err := s.versions.keep(s.ctx, it.Path); err != nil {
				s.problem(fmt.Sprintf("Left %s alone: could not keep the old version: %v", it.Path, err))
				return nil
			}
			tgt = nil // moved away
		}
	}
	s.act(Action{Verb: Update, Path: it.Path, Size: src.Size})
	return s.plan(it, *src, tgt, policy)
}

// plan adds a copy to the batch for the queue.
func (s *syncer) plan(it Item, src Info, tgt *Info, policy queue.Policy) error {
	if s.o.DryRun {
		return nil
	}
	p := queue.Planned{
		Dir: s.o.Direction, SiteKey: s.o.SiteKey, Policy: policy, Size: src.Size, SourceTime: src.ModTime,
		Local: s.local.join(s.o.Local, it.Path), Remote: s.remote.join(s.o.Remote, it.Path),
	}
	if s.o.Direction == queue.Upload {
		p.TargetKnown = true
		if tgt != nil {
			p.TargetExists, p.TargetSize, p.TargetTime = true, tgt.Size, tgt.ModTime
		}
		u := uploaded{size: src.Size, localTime: src.ModTime, pending: true}
		s.marks[it.Path] = u
		s.uploads[it.Path] = u
	}
	s.batch = append(s.batch, p)
	if len(s.batch) >= batchSize {
		return s.flush(s.ctx)
	}
	return nil
}

// flush marks the batch's uploads as pending in the record, then queues it.
func (s *syncer) flush(ctx context.Context) error {
	if len(s.batch) == 0 && len(s.newFolders) == 0 {
		return nil
	}
	if s.o.Direction == queue.Upload && !s.rootMade && s.w.remoteRootMissing {
		if err := s.remote.mkdirAll(ctx, s.o.Remote); err != nil {
			return fmt.Errorf("could not create %s: %w", s.o.Remote, err)
		}
		s.rootMade = true
	}
	if err := s.makeNewFolders(ctx); err != nil {
		return err
	}
	if len(s.batch) == 0 {
		return nil
	}
	if s.o.Records != nil && len(s.marks) > 0 {
		if err := s.o.Records.put(s.pair, s.marks); err != nil {
			return err
		}
		clear(s.marks)
	}
	ids, err := s.o.Queue.AddPlanned(s.batch)
	s.res.Jobs = append(s.res.Jobs, ids...)
	s.batch = s.batch[:0]
	return err
}

// makeNewFolders makes the server folders the walk found missing: their
// MKDs go together, in walk order (parents first), one round trip for all
// instead of one each. A refused one is made again the careful way, which
// tells a folder that is there after all from one that cannot be made.
func (s *syncer) makeNewFolders(ctx context.Context) error {
	folders := s.newFolders
	s.newFolders = nil
	if len(folders) == 0 {
		return nil
	}
	var refused []string
	err := s.o.Pool.Browse(ctx, func(c *session.Conn) error {
		for _, dir := range folders {
			c.MkdirLater(dir, func(err error) {
				if err != nil {
					refused = append(refused, dir)
				}
			})
		}
		return c.Settle()
	})
	if err != nil {
		return err
	}
	for _, dir := range refused {
		if err := s.remote.mkdirAll(ctx, dir); err != nil {
			return err
		}
	}
	return nil
}

// fromRecord answers the walker from the upload record.
func (s *syncer) fromRecord(rel string, l, r Info) (Kind, bool) {
	u, ok, err := s.o.Records.get(s.pair, rel)
	if err != nil || !ok {
		return 0, false
	}
	return knownFromRecord(u, l, r)
}

// resumable reports a target that is a partial copy of the same local file
// from a run that was cut short.
func (s *syncer) resumable(it Item) bool {
	if s.o.Records == nil || s.o.Direction != queue.Upload {
		return false
	}
	u, ok, err := s.o.Records.get(s.pair, it.Path)
	return err == nil && ok && u.pending && it.Local.Size == u.size && it.Local.ModTime.Equal(u.localTime) &&
		it.Remote.Size <= u.size
}

// runDeletes removes (or keeps as versions) what only the target has,
// unless that is more than the safety limit allows.
func (s *syncer) runDeletes(ctx context.Context) error {
	files := 0
	for _, d := range s.deletes {
		if !d.Dir {
			files++
		}
	}
	if files > 0 && !s.o.Force && (s.res.SourceFiles == 0 || files*2 > s.res.TargetFiles) {
		return &safetyError{deletes: files, target: s.res.TargetFiles, source: s.res.SourceFiles}
	}
	var gone []string
	for _, d := range s.deletes { // files first
		if d.Dir {
			continue
		}
		if s.versions != nil {
			s.act(Action{Verb: KeepVersion, Path: d.Path})
		}
		s.act(d)
		if s.o.DryRun {
			continue
		}
		var err error
		if s.versions != nil {
			err = s.versions.keep(ctx, d.Path)
		} else {
			err = s.tgt.remove(ctx, s.tgt.join(s.tgtRoot, d.Path))
		}
		if err != nil {
			s.problem(fmt.Sprintf("Could not delete %s: %v", d.Path, err))
			continue
		}
		gone = append(gone, d.Path)
	}
	for i := len(s.deletes) - 1; i >= 0; i-- { // then folders, deepest first
		d := s.deletes[i]
		if !d.Dir {
			continue
		}
		s.act(d)
		if s.o.DryRun {
			continue
		}
		if err := s.tgt.removeDir(ctx, s.tgt.join(s.tgtRoot, d.Path)); err != nil {
			s.problem(fmt.Sprintf("Could not delete the folder %s: %v", d.Path, err))
		}
	}
	if s.o.Records != nil && s.o.Direction == queue.Upload {
		if err := s.o.Records.drop(s.pair, gone); err != nil {
			s.problem(err.Error())
		}
		if err := s.o.Records.closeQuietly(); err != nil {
			s.problem(err.Error())
		}
	}
	return nil
}

// finishCopies waits for the queue, reports failed copies and records the
// uploads that arrived.
func (s *syncer) finishCopies(ctx context.Context) {
	if len(s.res.Jobs) == 0 {
		return
	}
	jobs, err := s.o.Queue.WaitJobs(ctx, s.res.Jobs)
	if err != nil {
		s.problem("Interrupted before every copy had finished; run the sync again to finish it.")
	}
	arrived := map[string][]string{} // folder → names of uploads that arrived
	for _, j := range jobs {
		switch j.State {
		case queue.Done, queue.Skipped:
			if j.Dir == queue.Upload {
				dir, name := path.Split(j.Remote)
				arrived[dir] = append(arrived[dir], name)
			}
		default:
			name := j.Remote
			if j.Dir == queue.Upload {
				name = j.Local
			}
			msg := j.Err
			if msg == "" {
				msg = "not copied (" + j.State.String() + ")"
			}
			s.problem(fmt.Sprintf("%s: %s", name, msg))
		}
	}
	if s.o.Records != nil && err == nil {
		if err := s.record(ctx, arrived); err != nil {
			s.problem("Could not update the sync record: " + err.Error())
		}
	}
}

// record lists each folder that received uploads once, and writes what the
// server now shows for them into the record. The folders are listed several
// at once, as the walk lists ahead (one after another, a tree of 40 folders
// took 6 s over a 50 ms round trip).
func (s *syncer) record(ctx context.Context, arrived map[string][]string) error {
	defer s.o.Records.closeQuietly()
	ahead := newPrefetch(ctx, s.o.Pool, nil) // the folders that received files, no others
	defer ahead.close()
	remote := remoteTree{pool: s.o.Pool, ahead: ahead}
	dirs := slices.Sorted(maps.Keys(arrived))
	for i, dir := range dirs {
		for _, next := range dirs[i:min(len(dirs), i+prefetchAhead)] {
			remote.listAhead(next)
		}
		names := arrived[dir]
		entries, _, err := remote.list(ctx, dir)
		if err != nil {
			return err
		}
		shown := make(map[string]entry, len(entries))
		for _, e := range entries {
			shown[e.name] = e
		}
		recs := map[string]uploaded{}
		for _, name := range names {
			rel := relPath(s.o.Remote, dir+name)
			e, ok := shown[name]
			u, planned := s.uploads[rel]
			if !ok || !planned || e.dir || e.size != u.size {
				continue // it changed or vanished since: the next run looks again
			}
			u.remoteTime, u.pending = e.mtime, false
			recs[rel] = u
		}
		if err := s.o.Records.put(s.pair, recs); err != nil {
			return err
		}
	}
	return nil
}

// relPath is p relative to the remote root root.
func relPath(root, p string) string {
	if root == "/" {
		return p[1:]
	}
	return p[len(root)+1:]
}
