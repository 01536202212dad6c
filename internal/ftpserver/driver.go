package ftpserver

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	goftp "goftp.io/server/v2"
)

// rootDriver is the goftp driver over the served directory. Every path goes
// through an os.Root, which refuses to leave the directory.
type rootDriver struct {
	s *Server

	// mu guards root: disk operations hold it for reading, close for writing,
	// so that nothing is created in the directory once close has returned.
	mu     sync.RWMutex
	root   *os.Root
	closed bool
}

var _ goftp.Driver = (*rootDriver)(nil)

// rel turns goftp's absolute, cleaned path ("/a/b") into a path relative to
// the root ("a/b", or "." for the root itself).
func rel(p string) string {
	r := strings.TrimPrefix(path.Clean("/"+p), "/")
	if r == "" {
		return "."
	}
	return r
}

// rel is the package's rel, with the fault LoopDir's folders leading back
// to the folder that holds them.
func (d *rootDriver) rel(p string) string {
	loop := d.s.currentFaults().LoopDir
	if loop == "" {
		return rel(p)
	}
	var kept []string
	for _, part := range strings.Split(p, "/") {
		if part != loop {
			kept = append(kept, part)
		}
	}
	return rel(strings.Join(kept, "/"))
}

// with runs f on the root unless the server is closed.
func (d *rootDriver) with(f func(root *os.Root) error) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return errClosed
	}
	return f(d.root)
}

func (d *rootDriver) close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil
	}
	d.closed = true
	return d.root.Close()
}

// Stat implements goftp.Driver.
func (d *rootDriver) Stat(_ *goftp.Context, p string) (info os.FileInfo, err error) {
	err = d.with(func(root *os.Root) error {
		info, err = root.Stat(d.rel(p))
		return err
	})
	return info, err
}

// ListDir implements goftp.Driver. The fault HostileNames adds entries.
func (d *rootDriver) ListDir(_ *goftp.Context, p string, callback func(os.FileInfo) error) error {
	var entries []fs.DirEntry
	err := d.with(func(root *os.Root) error {
		dir, err := root.Open(d.rel(p))
		if err != nil {
			return err
		}
		defer dir.Close()
		entries, err = dir.ReadDir(-1)
		return err
	})
	if err != nil {
		return err
	}
	for _, e := range entries {
		info, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed since it was read
		}
		if err != nil {
			return err
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			info = d.follow(path.Join(d.rel(p), e.Name()), info)
		}
		if err := callback(info); err != nil {
			return err
		}
	}
	faults := d.s.currentFaults()
	for _, name := range faults.HostileNames {
		if err := callback(fakeFile{name: name, modTime: time.Now()}); err != nil {
			return err
		}
	}
	if faults.LoopDir != "" {
		return callback(fakeFile{name: faults.LoopDir, modTime: time.Now(), dir: true})
	}
	return nil
}

// follow lists a symbolic link as what it points to, as servers that stat
// their entries do; a link to nothing (or outside the root) stays a link.
func (d *rootDriver) follow(name string, link os.FileInfo) os.FileInfo {
	info := link
	d.with(func(root *os.Root) error {
		if target, err := root.Stat(name); err == nil {
			info = target
		}
		return nil
	})
	return info
}

// DeleteDir implements goftp.Driver: it removes an empty directory only.
func (d *rootDriver) DeleteDir(_ *goftp.Context, p string) error {
	return d.with(func(root *os.Root) error {
		info, err := root.Lstat(d.rel(p))
		if err != nil {
			return err
		}
		if !info.IsDir() {
			return fmt.Errorf("%s is not a directory", p)
		}
		return root.Remove(d.rel(p))
	})
}

// DeleteFile implements goftp.Driver: it refuses directories.
func (d *rootDriver) DeleteFile(_ *goftp.Context, p string) error {
	return d.with(func(root *os.Root) error {
		info, err := root.Lstat(d.rel(p))
		if err != nil {
			return err
		}
		if info.IsDir() {
			return fmt.Errorf("%s is a directory", p)
		}
		return root.Remove(d.rel(p))
	})
}

// Rename implements goftp.Driver.
func (d *rootDriver) Rename(_ *goftp.Context, from, to string) error {
	return d.with(func(root *os.Root) error {
		return root.Rename(d.rel(from), d.rel(to))
	})
}

// MakeDir implements goftp.Driver.
func (d *rootDriver) MakeDir(_ *goftp.Context, p string) error {
	return d.with(func(root *os.Root) error {
		return root.Mkdir(d.rel(p), 0o755)
	})
}

// GetFile implements goftp.Driver: it reads from offset, through the faults.
func (d *rootDriver) GetFile(_ *goftp.Context, p string, offset int64) (int64, io.ReadCloser, error) {
	var f *os.File
	err := d.with(func(root *os.Root) (err error) {
		f, err = root.Open(d.rel(p))
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	size, err := seekWithin(f, offset)
	if err != nil {
		f.Close()
		return 0, nil, err
	}
	reader := d.s.newFaultyReader(f, &d.s.sent)
	return size - offset, readCloser{reader, f}, nil
}

// PutFile implements goftp.Driver. APPE appends; STOR after REST keeps the
// first offset bytes and writes from there; a plain STOR (offset -1)
// replaces the file. The data connection is closed when the data ends or
// the transfer fails, which is what cuts the client off after a drop.
func (d *rootDriver) PutFile(ctx *goftp.Context, p string, data io.Reader, offset int64) (int64, error) {
	if c, ok := data.(io.Closer); ok {
		defer c.Close()
	}
	flag := os.O_WRONLY | os.O_CREATE
	switch {
	case ctx.Cmd == "APPE":
		flag |= os.O_APPEND
	case offset < 0:
		flag |= os.O_TRUNC
	}
	var f *os.File
	err := d.with(func(root *os.Root) (err error) {
		f, err = root.OpenFile(d.rel(p), flag, 0o644)
		return err
	})
	if err != nil {
		return 0, err
	}
	if ctx.Cmd != "APPE" && offset > 0 {
		if err := truncateAt(f, offset); err != nil {
			f.Close()
			return 0, err
		}
	}
	n, err := io.Copy(f, d.s.newFaultyReader(data, &d.s.received))
	return n, errors.Join(err, f.Close())
}

// seekWithin moves f to offset and returns the file's size; an offset past
// the end or a directory is an error.
func seekWithin(f *os.File, offset int64) (int64, error) {
	info, err := f.Stat()
	if err != nil {
		return 0, err
	}
	if info.IsDir() {
		return 0, fmt.Errorf("%s is a directory", info.Name())
	}
	if offset > info.Size() {
		return 0, fmt.Errorf("restart offset %d is past the end (%d bytes)", offset, info.Size())
	}
	_, err = f.Seek(offset, io.SeekStart)
	return info.Size(), err
}

// truncateAt cuts f to offset bytes and moves to its end.
func truncateAt(f *os.File, offset int64) error {
	if _, err := seekWithin(f, offset); err != nil {
		return err
	}
	return f.Truncate(offset)
}

type readCloser struct {
	io.Reader
	io.Closer
}

// fakeFile is a listing entry that exists nowhere on disk.
type fakeFile struct {
	name    string
	modTime time.Time
	dir     bool
}

func (f fakeFile) Name() string       { return f.name }
func (f fakeFile) Size() int64        { return 0 }
func (f fakeFile) ModTime() time.Time { return f.modTime }
func (f fakeFile) IsDir() bool        { return f.dir }

func (f fakeFile) Mode() os.FileMode {
	if f.dir {
		return os.ModeDir | 0o755
	}
	return 0o644
}
func (f fakeFile) Sys() any { return nil }
