//go:build !linux

package queue

// syncParts fsyncs every file of the batch.
func syncParts(batch []finishedPart) []error {
	return syncEach(batch)
}
