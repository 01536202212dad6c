//go:build !linux

package queue

import "os"

// syncParts fsyncs every file of the batch.
func syncParts(batch []finishedPart) []error {
	return syncEach(batch)
}

// startWriteback does nothing here: the final fsync writes everything.
func startWriteback(f *os.File, off, n int64) {}
