package queue

import "os"

// writeback hands a big download's bytes to the disk while it still runs,
// a stretch at a time, so that the fsync that makes it durable at the end
// has little left to wait for (a 512 MiB file waited a second or more,
// which curl and lftp, never syncing, do not pay).
type writeback struct {
	f    *os.File
	from int64 // the start of the bytes not yet handed to the disk
}

// writebackStretch is how much is written before it is handed on.
const writebackStretch = 8 << 20

// wrote notes that the bytes up to end are written.
func (w *writeback) wrote(end int64) {
	if end-w.from >= writebackStretch {
		startWriteback(w.f, w.from, end-w.from)
		w.from = end
	}
}

// writebackWriter writes in order from an offset, handing each stretch on.
type writebackWriter struct {
	localWriter
	wb  writeback
	off int64
}

func (w *writebackWriter) Write(b []byte) (int, error) {
	n, err := w.localWriter.Write(b)
	w.off += int64(n)
	w.wb.wrote(w.off)
	return n, err
}
