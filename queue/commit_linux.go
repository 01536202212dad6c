package queue

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// syncParts makes a batch durable with one syncfs per filesystem the files
// are on (a single file gets a plain fsync). Errors are per file.
func syncParts(batch []finishedPart) []error {
	if len(batch) == 1 {
		return syncEach(batch)
	}
	errs := make([]error, len(batch))
	synced := map[uint64]error{}
	for i, p := range batch {
		var st syscall.Stat_t
		if err := syscall.Fstat(int(p.f.Fd()), &st); err != nil {
			errs[i] = err
			continue
		}
		err, done := synced[st.Dev]
		if !done {
			err = unix.Syncfs(int(p.f.Fd()))
			synced[st.Dev] = err
		}
		if err != nil {
			errs[i] = p.f.Sync() // try the file alone
		}
	}
	return errs
}

// startWriteback asks the kernel to start writing a range of f to disk,
// without waiting for it.
func startWriteback(f *os.File, off, n int64) {
	unix.SyncFileRange(int(f.Fd()), off, n, unix.SYNC_FILE_RANGE_WRITE)
}
