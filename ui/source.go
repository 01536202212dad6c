package ui

import (
	"context"
	"os"
	"path"
	"path/filepath"

	"ferry/session"
)

// source is where a pane's files live: the local disk or a server.
type source interface {
	remote() bool
	list(ctx context.Context, dir string) ([]session.Entry, error)
	home(ctx context.Context) (string, error)
	join(dir, name string) string
	parent(dir string) string
	mkdir(ctx context.Context, p string) error
	rename(ctx context.Context, from, to string) error
	remove(ctx context.Context, p string) error
}

// localSource is the local disk.
type localSource struct{}

func (localSource) remote() bool { return false }

func (localSource) list(_ context.Context, dir string) ([]session.Entry, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := make([]session.Entry, 0, len(des))
	for _, d := range des {
		e := session.Entry{Name: d.Name(), Type: session.File}
		if fi, err := os.Stat(filepath.Join(dir, d.Name())); err == nil { // follows links
			e.Size, e.ModTime, e.Perm = fi.Size(), fi.ModTime(), fi.Mode().Perm().String()[1:]
			if fi.IsDir() {
				e.Type = session.Dir
			}
		}
		out = append(out, e)
	}
	return out, nil
}

func (localSource) home(context.Context) (string, error) { return os.UserHomeDir() }

func (localSource) join(dir, name string) string { return filepath.Join(dir, name) }

func (localSource) parent(dir string) string { return filepath.Dir(dir) }

func (localSource) mkdir(_ context.Context, p string) error { return os.Mkdir(p, 0o755) }

func (localSource) rename(_ context.Context, from, to string) error {
	if _, err := os.Lstat(to); err == nil {
		return os.ErrExist // never replace a file by renaming onto it
	}
	return os.Rename(from, to)
}

func (localSource) remove(_ context.Context, p string) error { return os.RemoveAll(p) }

// remoteSource is a server, through its pool's browsing connection.
type remoteSource struct{ pool *session.Pool }

func (remoteSource) remote() bool { return true }

func (r remoteSource) list(ctx context.Context, dir string) (entries []session.Entry, err error) {
	err = r.pool.Browse(ctx, func(c *session.Conn) error {
		entries, err = c.List(dir)
		return err
	})
	return entries, err
}

func (r remoteSource) home(ctx context.Context) (dir string, err error) {
	err = r.pool.Browse(ctx, func(c *session.Conn) error {
		dir, err = c.Pwd()
		return err
	})
	return dir, err
}

func (remoteSource) join(dir, name string) string { return path.Join(dir, name) }

func (remoteSource) parent(dir string) string { return path.Dir(dir) }

func (r remoteSource) mkdir(ctx context.Context, p string) error {
	return r.pool.Browse(ctx, func(c *session.Conn) error { return c.Mkdir(p) })
}

func (r remoteSource) rename(ctx context.Context, from, to string) error {
	return r.pool.Browse(ctx, func(c *session.Conn) error { return c.Rename(from, to) })
}

func (r remoteSource) remove(ctx context.Context, p string) error {
	return r.pool.Browse(ctx, func(c *session.Conn) error { return c.RemoveAll(p) })
}
