package session

import (
	"fmt"
	"os"
	"path/filepath"
)

// writeFileAtomic replaces path with data (mode 0600): a temporary file in
// the same folder, fsync, rename, fsync of the folder. A crash leaves the old
// file or the new one, never half of either.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // fails harmlessly after the rename
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// fileError is a settings file Ferry could not read.
type fileError struct {
	path, what string
	err        error
}

func (e *fileError) Error() string {
	return fmt.Sprintf("the %s file %s is damaged (%v); fix or remove it", e.what, e.path, e.err)
}

func (e *fileError) Unwrap() error { return e.err }

// WriteFileAtomic replaces path with data (mode 0600) so that a crash
// leaves the old file or the new one, never half of either.
func WriteFileAtomic(path string, data []byte) error { return writeFileAtomic(path, data) }
