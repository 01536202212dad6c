package mirror

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"ferry/session"
)

// Kind is how a path compares between the local folder ("here") and the
// server folder ("there").
type Kind int

const (
	// Same: both sides hold it, alike as far as can be told.
	Same Kind = iota
	// OnlyHere: only the local folder has it.
	OnlyHere
	// OnlyThere: only the server has it.
	OnlyThere
	// Differs: the sizes differ and the times do not say which is newer.
	Differs
	// NewerHere: the local copy is newer (beyond what the server's times can show).
	NewerHere
	// NewerThere: the server's copy is newer.
	NewerThere
	// Conflict: a folder on one side, a file on the other.
	Conflict
)

var kindNames = [...]string{"same", "only here", "only there", "differs", "newer here", "newer there", "folder and file"}

// String is the kind in words, e.g. "only here".
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "unknown"
	}
	return kindNames[k]
}

// Info describes one side of a path.
type Info struct {
	Dir     bool
	Size    int64
	ModTime time.Time // zero when unknown
}

// Item is one path of a comparison.
type Item struct {
	Path          string // slash-separated, relative to both folders
	Kind          Kind
	Local, Remote *Info // nil on the side that lacks it
}

// IsDir reports a folder (on the side or sides that have it).
func (it Item) IsDir() bool {
	return (it.Local != nil && it.Local.Dir) || (it.Remote != nil && it.Remote.Dir)
}

// walker compares two trees folder by folder, depth first.
type walker struct {
	local, remote         tree
	localRoot, remoteRoot string
	exclude               *excludes
	// known answers from the upload record; nil: none.
	known func(rel string, local, remote Info) (Kind, bool)
	// skipped receives every entry left out of a listing.
	skipped func(msg string)
	// missingRoot says which root may be missing (the target): it is then
	// compared as empty. A missing source is an error.
	missingLocalOK, missingRemoteOK bool
	// remoteRootMissing is set when the server folder turned out missing.
	remoteRootMissing bool
}

// pair is a folder to compare and the sides that have it.
type pair struct {
	rel           string
	local, remote bool
}

// errSkipDir returned by a visit leaves a folder's contents out.
var errSkipDir = errors.New("skip this folder")

// walk calls visit for every path below the roots (a folder before its
// contents). A folder that cannot be listed stops the walk with an error:
// it is never taken for empty.
func (w *walker) walk(ctx context.Context, visit func(Item) error) error {
	stack := []pair{{local: true, remote: true}}
	for len(stack) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		// Servers that list a link to a parent as a folder would be walked forever.
		if d.rel != "" && strings.Count(d.rel, "/") >= session.MaxTreeDepth {
			return fmt.Errorf("did not enter %s: it is more than %d folders deep (a loop on the server?)", d.rel, session.MaxTreeDepth)
		}
		var ls, rs []entry
		var err error
		if d.local {
			if ls, err = w.listSide(ctx, w.local, w.localRoot, d.rel, w.missingLocalOK); err != nil {
				return err
			}
		}
		if d.remote {
			if rs, err = w.listSide(ctx, w.remote, w.remoteRoot, d.rel, w.missingRemoteOK); err != nil {
				return err
			}
		}
		var subdirs []pair
		for _, it := range w.merge(d.rel, ls, rs) {
			if w.exclude.match(it.Path, it.IsDir()) {
				continue
			}
			err := visit(it)
			if errors.Is(err, errSkipDir) {
				continue
			}
			if err != nil {
				return err
			}
			l, r := it.Local != nil && it.Local.Dir, it.Remote != nil && it.Remote.Dir
			if l || r {
				subdirs = append(subdirs, pair{rel: it.Path, local: l, remote: r})
			}
		}
		for i := len(subdirs) - 1; i >= 0; i-- { // the first subfolder is walked first
			stack = append(stack, subdirs[i])
		}
		w.listAhead(stack)
	}
	return nil
}

// listAhead starts listing the server folders the walk comes to next.
func (w *walker) listAhead(stack []pair) {
	rt, ok := w.remote.(remoteTree)
	if !ok || rt.ahead == nil {
		return
	}
	for i := len(stack) - 1; i >= 0 && i >= len(stack)-prefetchAhead; i-- {
		if stack[i].remote {
			rt.listAhead(rt.join(w.remoteRoot, stack[i].rel))
		}
	}
}

// listSide lists one side's folder; the root of a side that may be missing
// is empty when it is missing.
func (w *walker) listSide(ctx context.Context, t tree, root, rel string, missingOK bool) ([]entry, error) {
	dir := t.join(root, rel)
	entries, skipped, err := t.list(ctx, dir)
	if err != nil {
		if rel == "" && missingOK && errors.Is(err, errMissing) {
			w.remoteRootMissing = w.remoteRootMissing || t.isRemote()
			return nil, nil
		}
		return nil, &ListError{Path: dir, Remote: t.isRemote(), Err: err}
	}
	if w.skipped != nil {
		for _, s := range skipped {
			w.skipped(s)
		}
	}
	return entries, nil
}

// ListError is a folder that could not be listed.
type ListError struct {
	Path   string
	Remote bool
	Err    error
}

func (e *ListError) Error() string {
	where := "the local folder"
	if e.Remote {
		where = "the server folder"
	}
	return fmt.Sprintf("could not list %s %s: %v", where, e.Path, e.Err)
}

func (e *ListError) Unwrap() error { return e.Err }

// merge pairs two listings of one folder by name, in name order.
func (w *walker) merge(dir string, ls, rs []entry) []Item {
	byName := make(map[string]*Item, len(ls)+len(rs))
	items := make([]*Item, 0, max(len(ls), len(rs)))
	get := func(name string) *Item {
		it, ok := byName[name]
		if !ok {
			p := name
			if dir != "" {
				p = dir + "/" + name
			}
			it = &Item{Path: p}
			byName[name] = it
			items = append(items, it)
		}
		return it
	}
	for _, e := range ls {
		get(e.name).Local = &Info{Dir: e.dir, Size: e.size, ModTime: e.mtime}
	}
	for _, e := range rs {
		get(e.name).Remote = &Info{Dir: e.dir, Size: e.size, ModTime: e.mtime}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].Path < items[j].Path })
	out := make([]Item, len(items))
	for i, it := range items {
		it.Kind = w.classify(it)
		out[i] = *it
	}
	return out
}

// classify decides an item's kind.
func (w *walker) classify(it *Item) Kind {
	l, r := it.Local, it.Remote
	switch {
	case r == nil:
		return OnlyHere
	case l == nil:
		return OnlyThere
	case l.Dir != r.Dir:
		return Conflict
	case l.Dir:
		return Same
	}
	if w.known != nil {
		if k, ok := w.known(it.Path, *l, *r); ok {
			return k
		}
	}
	return compareFiles(*l, *r)
}

// compareFiles compares a local and a server file by size and time; the
// times are compared at the precision the server shows.
func compareFiles(l, r Info) Kind {
	switch c := compareTimes(l.ModTime, r.ModTime); {
	case c > 0:
		return NewerHere
	case c < 0:
		return NewerThere
	case l.Size != r.Size:
		return Differs
	}
	return Same
}

// compareTimes is +1 when local is newer than remote, -1 when older, 0 when
// they agree at the remote time's precision or either is unknown. A listing
// with no seconds shows minutes; one at midnight exactly may show only the
// day (ls shows the year instead of the time for old files).
func compareTimes(local, remote time.Time) int {
	if local.IsZero() || remote.IsZero() {
		return 0
	}
	prec := time.Second
	if remote.Nanosecond() == 0 && remote.Second() == 0 {
		prec = time.Minute
		if remote.Minute() == 0 && remote.Hour() == 0 {
			prec = 24 * time.Hour
		}
	}
	l, r := local.UTC().Truncate(prec), remote.UTC().Truncate(prec)
	switch {
	case l.After(r):
		return 1
	case l.Before(r):
		return -1
	}
	return 0
}
