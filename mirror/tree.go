package mirror

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"time"

	"ferry/session"
)

// entry is one file or folder of a listing.
type entry struct {
	name  string
	dir   bool
	size  int64
	mtime time.Time // zero when unknown
}

// tree is one side of a comparison. Paths are full paths in the side's own
// namespace (OS paths locally, slash paths on the server).
type tree interface {
	// list returns a folder's files and folders; anything else (a link, a
	// device, an unsafe name) is left out and described in skipped.
	list(ctx context.Context, dir string) (entries []entry, skipped []string, err error)
	join(dir, rel string) string
	mkdirAll(ctx context.Context, dir string) error
	// rename moves a file; it refuses to replace an existing one.
	rename(ctx context.Context, from, to string) error
	remove(ctx context.Context, file string) error
	removeAll(ctx context.Context, p string) error
	// removeDir removes an empty folder; one that is not empty stays.
	removeDir(ctx context.Context, dir string) error
	exists(ctx context.Context, p string) (bool, error)
	// isRemote says which side this is.
	isRemote() bool
}

// errMissing marks a folder that does not exist (as opposed to one that
// could not be listed).
var errMissing = errors.New("no such folder")

// localTree is the local disk.
type localTree struct{}

func (localTree) isRemote() bool { return false }

func (localTree) join(dir, rel string) string {
	if rel == "" {
		return dir
	}
	return filepath.Join(dir, filepath.FromSlash(rel))
}

func (localTree) list(_ context.Context, dir string) ([]entry, []string, error) {
	des, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("%s: %w", dir, errMissing)
	}
	if err != nil {
		return nil, nil, err
	}
	out := make([]entry, 0, len(des))
	var skipped []string
	for _, d := range des {
		p := filepath.Join(dir, d.Name())
		info, err := os.Stat(p) // follows a link to a file
		if err != nil {
			return nil, nil, err
		}
		switch {
		case d.IsDir():
			out = append(out, entry{name: d.Name(), dir: true, mtime: info.ModTime()})
		case info.Mode().IsRegular():
			out = append(out, entry{name: d.Name(), size: info.Size(), mtime: info.ModTime()})
		default:
			skipped = append(skipped, fmt.Sprintf("Skipped %s: not a regular file or folder.", p))
		}
	}
	return out, skipped, nil
}

func (localTree) mkdirAll(_ context.Context, dir string) error { return os.MkdirAll(dir, 0o755) }

func (localTree) rename(_ context.Context, from, to string) error {
	if _, err := os.Lstat(to); err == nil {
		return fmt.Errorf("cannot move %s to %s: a file of that name is there", from, to)
	}
	return os.Rename(from, to)
}

func (localTree) remove(_ context.Context, file string) error { return os.Remove(file) }

func (localTree) removeDir(_ context.Context, dir string) error { return os.Remove(dir) }

func (localTree) removeAll(_ context.Context, p string) error { return os.RemoveAll(p) }

func (localTree) exists(_ context.Context, p string) (bool, error) {
	_, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// remoteTree is a server, reached through the pool's browsing connection
// and, for listing ahead, a few of its transfer connections.
type remoteTree struct {
	pool  *session.Pool
	ahead *prefetch // nil: no listing ahead
}

func (remoteTree) isRemote() bool { return true }

func (remoteTree) join(dir, rel string) string {
	if rel == "" {
		return dir
	}
	return path.Join(dir, rel)
}

func (t remoteTree) do(ctx context.Context, op func(*session.Conn) error) error {
	return t.pool.Browse(ctx, op)
}

func (t remoteTree) list(ctx context.Context, dir string) ([]entry, []string, error) {
	var listed []session.Entry
	var err error
	ok := false
	if t.ahead != nil {
		listed, ok, err = t.ahead.take(dir)
	}
	if !ok {
		err = t.do(ctx, func(c *session.Conn) (err error) {
			listed, err = c.List(dir)
			return err
		})
	}
	if errors.Is(err, session.ErrNotExist) {
		return nil, nil, fmt.Errorf("%s: %w", dir, errMissing)
	}
	if err != nil {
		return nil, nil, err
	}
	out := make([]entry, 0, len(listed))
	var skipped []string
	for _, e := range listed {
		switch {
		case !session.IsCleanName(e.Name):
			skipped = append(skipped, fmt.Sprintf("Skipped %q in %s: the server sent a name that is not safe to use.", e.Name, dir))
		case e.Type == session.Dir:
			out = append(out, entry{name: e.Name, dir: true, mtime: e.ModTime})
		case e.Type == session.File:
			out = append(out, entry{name: e.Name, size: e.Size, mtime: e.ModTime})
		default:
			skipped = append(skipped, fmt.Sprintf("Skipped %s: the listing shows a link, not a file.", path.Join(dir, e.Name)))
		}
	}
	return out, skipped, nil
}

func (t remoteTree) mkdirAll(ctx context.Context, dir string) error {
	return t.do(ctx, func(c *session.Conn) error { return c.MkdirAll(dir) })
}

func (t remoteTree) rename(ctx context.Context, from, to string) error {
	return t.do(ctx, func(c *session.Conn) error {
		if _, err := c.Stat(to); err == nil {
			return fmt.Errorf("cannot move %s to %s: a file of that name is there", from, to)
		} else if !errors.Is(err, session.ErrNotExist) {
			return err
		}
		return c.Rename(from, to)
	})
}

func (t remoteTree) remove(ctx context.Context, file string) error {
	return t.do(ctx, func(c *session.Conn) error { return c.Delete(file) })
}

func (t remoteTree) removeAll(ctx context.Context, p string) error {
	return t.do(ctx, func(c *session.Conn) error { return c.RemoveAll(p) })
}

func (t remoteTree) exists(ctx context.Context, p string) (bool, error) {
	err := t.do(ctx, func(c *session.Conn) error { _, err := c.Stat(p); return err })
	if errors.Is(err, session.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

func (t remoteTree) removeDir(ctx context.Context, dir string) error {
	return t.do(ctx, func(c *session.Conn) error {
		entries, err := c.List(dir)
		if err != nil {
			return err
		}
		if len(entries) > 0 {
			return fmt.Errorf("%s is not empty", dir)
		}
		return c.RemoveAll(dir)
	})
}

// listAhead starts listing dir in the background.
func (t remoteTree) listAhead(dir string) {
	if t.ahead != nil {
		t.ahead.start(dir)
	}
}
