package queue

import (
	"io"
	"os"
	"time"
)

// unchangedReader reads the local file of an upload and refuses to end
// when the file is not the one that was planned: fewer bytes than its size,
// or a size or modification time that changed while it was read. The
// upload then fails instead of storing a cut or mixed file as done.
type unchangedReader struct {
	f     *os.File
	left  int64 // bytes still expected
	size  int64 // the size planned when the file was opened
	mtime time.Time
}

func newUnchangedReader(f *os.File, offset, size int64, mtime time.Time) *unchangedReader {
	return &unchangedReader{f: f, left: size - offset, size: size, mtime: mtime}
}

func (u *unchangedReader) Read(b []byte) (int, error) {
	if u.left <= 0 {
		return 0, u.check()
	}
	if int64(len(b)) > u.left {
		b = b[:u.left]
	}
	n, err := u.f.Read(b)
	u.left -= int64(n)
	switch {
	case err == io.EOF:
		// The file ended before its planned size: it shrank.
		if cerr := u.check(); cerr != io.EOF {
			return n, cerr
		}
		return n, &changedError{path: u.f.Name(), size: u.size, now: u.size - u.left}
	case err != nil:
		return n, localErr("read", u.f.Name(), err)
	}
	return n, nil
}

// check is io.EOF when the file still has the size and time it had when
// the upload planned it, and a changedError otherwise.
func (u *unchangedReader) check() error {
	fi, err := u.f.Stat()
	if err != nil {
		return localErr("read", u.f.Name(), err)
	}
	if fi.Size() != u.size || !fi.ModTime().Equal(u.mtime) {
		return &changedError{path: u.f.Name(), size: u.size, now: fi.Size()}
	}
	return io.EOF
}
