package mirror

import (
	"context"
	"path"

	"ferry/session"
)

// CompareOptions name the two folders of a comparison.
type CompareOptions struct {
	Local   string // local folder (absolute)
	Remote  string // server folder
	Pool    *session.Pool
	Exclude []string
	// Records, when set, lets files uploaded by an earlier sync of the same
	// pair compare as Same on a server that could not keep their times.
	Records *Records
}

// Compare walks both folders and calls visit for every path, a folder
// before its contents. Both folders must exist and every folder must list.
func Compare(ctx context.Context, o CompareOptions, visit func(Item)) error {
	ex, err := newExcludes(o.Exclude)
	if err != nil {
		return err
	}
	o.Remote = path.Clean("/" + o.Remote)
	ahead := newPrefetch(ctx, o.Pool, ex.enters(o.Remote))
	defer ahead.close()
	w := &walker{local: localTree{}, remote: remoteTree{pool: o.Pool, ahead: ahead}, localRoot: o.Local, remoteRoot: o.Remote, exclude: ex}
	if o.Records != nil {
		pair := pairKey(o.Pool.Site().Key(), o.Remote, o.Local)
		w.known = func(rel string, l, r Info) (Kind, bool) {
			u, ok, err := o.Records.get(pair, rel)
			if err != nil || !ok {
				return 0, false
			}
			return knownFromRecord(u, l, r)
		}
		defer o.Records.closeQuietly()
	}
	return w.walk(ctx, func(it Item) error {
		visit(it)
		return nil
	})
}

// CompareInfo tells how a local and a server entry of the same name
// compare; nil is a side that lacks it. The window marks its rows with it.
func CompareInfo(local, remote *Info) Kind {
	w := walker{}
	return w.classify(&Item{Local: local, Remote: remote})
}
