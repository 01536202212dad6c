package queue

import (
	"os"
	"time"
)

// maxCommitBatch bounds how many finished downloads one sync covers.
const maxCommitBatch = 256

// finishedPart is a download whose bytes are all in its .part file, waiting
// to be made durable and renamed over the target.
type finishedPart struct {
	j       *job
	f       *os.File
	local   string
	srcTime time.Time
}

// committer makes finished downloads durable in batches, off the workers:
// one filesystem sync for many small files costs far less than one fsync
// each, and the workers' connections move on to the next file meanwhile.
func (q *Queue) committer() {
	defer close(q.commitsDone)
	for first := range q.commits {
		batch := []finishedPart{first}
	more:
		for len(batch) < maxCommitBatch {
			select {
			case p, ok := <-q.commits:
				if !ok {
					break more
				}
				batch = append(batch, p)
			default:
				break more
			}
		}
		errs := syncParts(batch)
		for i, p := range batch {
			err := errs[i]
			if err == nil {
				err = renamePart(p)
			} else {
				p.f.Close()
			}
			if err != nil {
				q.finish(p.j, Failed, describe(localErr("write", p.f.Name(), err)))
			} else {
				q.finish(p.j, Done, "")
			}
		}
	}
}

// renamePart closes a synced .part, gives it the source's time and renames
// it over the target.
func renamePart(p finishedPart) error {
	part := p.f.Name()
	if err := p.f.Close(); err != nil {
		return err
	}
	if !p.srcTime.IsZero() {
		// Keeping the server's time lets a later run see the file as identical.
		_ = os.Chtimes(part, p.srcTime, p.srcTime)
	}
	if err := os.Rename(part, p.local); err != nil {
		return err
	}
	removePartRecord(part)
	return nil
}

// syncEach fsyncs every file of the batch.
func syncEach(batch []finishedPart) []error {
	errs := make([]error, len(batch))
	for i, p := range batch {
		errs[i] = p.f.Sync()
	}
	return errs
}
