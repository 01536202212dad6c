package queue

import (
	"fmt"
	"io/fs"
	"os"

	"ferry/internal/printable"
)

// openRegular opens a local file to upload, never blocking on what it
// finds: a FIFO is opened without waiting for a writer, then refused, as
// is any other file that is not a regular one (device, socket).
func openRegular(path string) (*os.File, os.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, nil, localErr("open", path, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, localErr("read", path, err)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, &skipNote{NotRegular(path, fi.Mode())}
	}
	return f, fi, nil
}

// skipNote is a job skipped rather than failed, with the reason the user
// is told, such as a named pipe among the files of a folder.
type skipNote struct{ msg string }

func (e *skipNote) Error() string { return e.msg }

// NotRegular is the note for a local file that is not a regular file and
// so is not uploaded.
func NotRegular(path string, mode fs.FileMode) string {
	return fmt.Sprintf("Skipped %s: it is %s, not a regular file.", printable.Name(path), kindOf(mode))
}

// kindOf names the kind of file mode describes.
func kindOf(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	case mode.IsDir():
		return "a folder"
	}
	return "a special file"
}
