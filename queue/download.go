package queue

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"time"

	"ferry/internal/printable"
	"ferry/session"
)

// partSuffix marks a download in progress; it is renamed over the target
// only once complete.
const partSuffix = ".part"

// downloadTarget is where a single-file download lands: local itself, or
// inside local when that is an existing directory.
func downloadTarget(remote, local string) (string, error) {
	fi, err := os.Stat(local)
	if err != nil || !fi.IsDir() {
		return local, nil
	}
	target, err := session.SafeLocalPath(local, path.Base(remote))
	if err != nil {
		return "", fmt.Errorf("download %s: %w", remote, err)
	}
	return target, nil
}

// download decides what to do about the target (once per job) and fetches
// the file into NAME.part. A complete .part is returned for the committer,
// which syncs it and renames it over NAME.
func (q *Queue) download(ctx context.Context, j *job, l *lease) (State, *finishedPart, error) {
	conn := l.conn
	q.mu.Lock()
	local, remote, size, srcTime := j.Local, j.Remote, j.Size, j.sourceTime
	started, attempts := j.started, j.Attempts
	q.mu.Unlock()

	// The listing's size is trusted on the first try; a retry, or a .part
	// about to be resumed, asks again, in case the file changed.
	restart := false
	if size < 0 || attempts > 1 || started {
		e, err := conn.Stat(remote)
		if err != nil {
			return Failed, nil, err
		}
		if e.Type == session.Dir {
			return Failed, nil, &policyError{fmt.Sprintf("%s is a folder on the server; download it as a folder.", printable.Name(remote))}
		}
		if started && changedSince(size, srcTime, e) {
			// What the .part holds began as another version of the file.
			restart = true
			q.note(j, noteChanged)
		}
		size, srcTime = e.Size, e.ModTime
		q.mu.Lock()
		j.Size, j.sourceTime = size, srcTime
		q.mu.Unlock()
	}

	if started && !restart && finishedBefore(local, size) {
		// A crash after the rename but before the queue was saved.
		j.done.Store(size)
		return Done, nil, nil
	}
	if !started {
		tgt, err := localTarget(local)
		if err != nil {
			return Failed, nil, err
		}
		act, err := q.choose(ctx, j, facts{name: local, dir: Download, srcSize: size, srcTime: srcTime, tgt: tgt})
		if err != nil {
			return Failed, nil, err
		}
		switch act {
		case actSkip:
			return Skipped, nil, nil
		case actOverwrite:
			restart = true
		case actRename:
			local = freeLocalName(local)
			restart = true
		case actResume:
			if err := adoptAsPart(local); err != nil {
				return Failed, nil, err
			}
		}
		q.mu.Lock()
		j.Local, j.started = local, true
		q.touchLocked(j)
		q.mu.Unlock()
	}
	part, err := q.fetchSplit(ctx, j, l, local, remote, size, srcTime, restart)
	if err != nil {
		return Failed, nil, err
	}
	if err := q.verifyDownload(ctx, j, l, part.f, local, remote); err != nil {
		part.f.Close()
		return Failed, nil, err
	}
	return Done, part, nil
}

// fetch writes remote into local's .part from where it stopped and returns
// it, still open, once the byte count matches size.
func fetch(ctx context.Context, q *Queue, j *job, conn *session.Conn, local, remote string, size int64, srcTime time.Time, restart bool) (done *finishedPart, err error) {
	part := local + partSuffix
	if err := os.MkdirAll(filepath.Dir(local), 0o755); err != nil {
		return nil, localErr("create the folder for", local, err)
	}
	_, statErr := os.Lstat(part)
	created := errors.Is(statErr, fs.ErrNotExist)
	f, err := openPart(part)
	if err != nil {
		return nil, localErr("create", part, err)
	}
	defer func() {
		if done == nil {
			// A transfer that never started leaves no empty .part behind.
			if fi, err := f.Stat(); created && err == nil && fi.Size() == 0 {
				os.Remove(part)
				removePartRecord(part)
			}
			f.Close()
		}
	}()
	offset, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, localErr("read", part, err)
	}
	if !restart && offset > 0 && partOfAnotherVersion(part, size, srcTime) {
		restart = true
		q.note(j, noteChanged)
	}
	if restart || (size >= 0 && offset > size) {
		if offset, err = rewind(f); err != nil {
			return nil, localErr("truncate", part, err)
		}
	}
	if offset == 0 {
		writePartRecord(part, size, srcTime)
	}
	j.done.Store(offset)
	if size < 0 || offset < size {
		if err := retrieve(ctx, q, j, conn, f, remote, offset); err != nil {
			return nil, err
		}
	}
	total, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, localErr("read", part, err)
	}
	if size >= 0 && total != size {
		return nil, &sizeMismatchError{name: local, got: total, want: size}
	}
	return &finishedPart{j: j, f: f, local: local, srcTime: srcTime}, nil
}

// retrieve copies remote from offset to the end of f. A server that refuses
// REST gets the whole file again, and the job says so.
func retrieve(ctx context.Context, q *Queue, j *job, conn *session.Conn, f *os.File, remote string, offset int64) error {
	finish := conn.AbortOn(ctx) // a pause stops the transfer at once
	defer finish()
	rc, err := conn.Retr(remote, offset)
	if offset > 0 && isNoResume(err) {
		q.note(j, noteRestart)
		if _, err := rewind(f); err != nil {
			return localErr("truncate", f.Name(), err)
		}
		j.done.Store(0)
		rc, err = conn.Retr(remote, 0)
	}
	if err != nil {
		return err
	}
	body := &closeOnce{ReadCloser: rc}
	pos, _ := f.Seek(0, io.SeekCurrent) // the offset, or 0 after a rewind
	out := &writebackWriter{localWriter: localWriter{w: f, path: f.Name()}, wb: writeback{f: f, from: pos}, off: pos}
	_, err = io.Copy(out, &progressReader{ctx: ctx, r: body, j: j, q: q})
	if cerr := body.Close(); err == nil {
		err = cerr
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil && !isLocal(err) {
		// The server accepted RETR; whatever its words now, the data stopped
		// short and the next attempt resumes.
		return &cutError{err}
	}
	return err
}

// finishedBefore reports a complete target with no .part beside it.
func finishedBefore(local string, size int64) bool {
	if _, err := os.Lstat(local + partSuffix); !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	tgt, err := localTarget(local)
	return err == nil && tgt.Exists && size >= 0 && tgt.Size == size
}

// rewind empties f for a transfer from zero.
func rewind(f *os.File) (int64, error) {
	if err := f.Truncate(0); err != nil {
		return 0, err
	}
	return f.Seek(0, io.SeekStart)
}

// openPart opens (or creates, 0644) a .part file for writing without ever
// following a symlink onto another file.
func openPart(part string) (*os.File, error) {
	if fi, err := os.Lstat(part); err == nil && !fi.Mode().IsRegular() {
		return nil, errors.New("it exists and is not a regular file")
	}
	return os.OpenFile(part, os.O_RDWR|os.O_CREATE|noFollow, 0o644)
}

// localTarget describes the local file a download would replace.
func localTarget(local string) (targetInfo, error) {
	fi, err := os.Lstat(local)
	if errors.Is(err, fs.ErrNotExist) {
		return targetInfo{Known: true}, nil
	}
	if err != nil {
		return targetInfo{}, localErr("inspect", local, err)
	}
	if fi.IsDir() {
		return targetInfo{}, &policyError{fmt.Sprintf("%s is a folder, so a file cannot be saved there.", printable.Name(local))}
	}
	return targetInfo{Known: true, Exists: true, Size: fi.Size(), Time: fi.ModTime()}, nil
}

// adoptAsPart makes a partial target the .part to resume, unless a .part
// is already there (then that one is resumed and the target replaced).
func adoptAsPart(local string) error {
	part := local + partSuffix
	if _, err := os.Lstat(part); err == nil {
		return nil
	}
	return localErr("rename", local, os.Rename(local, part))
}

// freeLocalName is the first "name (n).ext" beside local with neither it
// nor its .part on disk.
func freeLocalName(local string) string {
	dir, base := filepath.Split(local)
	for n := 1; ; n++ {
		c := filepath.Join(dir, renamed(base, n))
		_, err1 := os.Lstat(c)
		_, err2 := os.Lstat(c + partSuffix)
		if errors.Is(err1, fs.ErrNotExist) && errors.Is(err2, fs.ErrNotExist) {
			return c
		}
	}
}

// changedSince reports a server file that is not the one a download began
// with: another size, or another time when the time known before was exact
// to the second (a LIST time is not, and would differ without a change).
func changedSince(size int64, modTime time.Time, now session.Entry) bool {
	if size >= 0 && now.Size != size {
		return true
	}
	exact := !modTime.IsZero() && (modTime.Second() != 0 || modTime.Nanosecond() != 0)
	return exact && !now.ModTime.IsZero() && !now.ModTime.Truncate(time.Second).Equal(modTime.Truncate(time.Second))
}

// Remarks that stay on a job (Job.Note) and go to the log, with its name.
const (
	noteRestart = "The server refused to resume, so the transfer started again from zero."
	noteChanged = "The file changed on the server since the download began, so it started again from zero."
	noteOneConn = "The server cannot start a transfer at an offset, so the file came over one connection from zero."
)

// note gives j a remark for the user and writes it in the log.
func (q *Queue) note(j *job, remark string) {
	q.mu.Lock()
	j.Note = remark
	name := j.Remote
	q.touchLocked(j)
	q.mu.Unlock()
	q.notef("%s: %s", name, remark)
}
