package queue

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"ferry/internal/printable"
	"ferry/session"
)

// uploadJob makes the job for one local file; remote ending in "/" is the
// folder it goes into.
func uploadJob(siteKey, local, remote string) (*job, error) {
	fi, err := os.Stat(local) // never opens it: a FIFO would block
	if err != nil {
		return nil, localErr("open", local, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s is a folder; upload it as a folder", printable.Name(local))
	}
	if !fi.Mode().IsRegular() {
		return nil, &skipNote{NotRegular(local, fi.Mode())}
	}
	if strings.HasSuffix(remote, "/") {
		remote += filepath.Base(local)
	}
	return &job{
		Job:        Job{Dir: Upload, SiteKey: siteKey, Local: local, Remote: remote, Size: fi.Size()},
		sourceTime: fi.ModTime(),
	}, nil
}

// upload decides what to do about the remote target (once per job) and
// sends the file under its real name, resuming from the server's size.
func (q *Queue) upload(ctx context.Context, j *job, conn *session.Conn) (State, *finishedPart, error) {
	q.mu.Lock()
	local, remote, started, tgt := j.Local, j.Remote, j.started, j.target
	q.mu.Unlock()

	f, fi, err := openRegular(local)
	if err != nil {
		return Failed, nil, err
	}
	defer f.Close()
	size := fi.Size()
	q.mu.Lock()
	j.Size, j.sourceTime = size, fi.ModTime()
	q.mu.Unlock()

	var offset int64
	if started {
		// A later attempt, or a restart after a crash: what arrived stays.
		if offset, err = remoteSize(conn, remote); err != nil {
			return Failed, nil, err
		}
		if offset > size {
			offset = 0
		}
	} else {
		if !tgt.Known {
			if tgt, err = remoteTarget(conn, remote); err != nil {
				return Failed, nil, err
			}
		}
		act, err := q.choose(ctx, j, facts{name: remote, dir: Upload, srcSize: size, srcTime: fi.ModTime(), tgt: tgt})
		if err != nil {
			return Failed, nil, err
		}
		switch act {
		case actSkip:
			return Skipped, nil, nil
		case actResume:
			offset = tgt.Size
		case actRename:
			if remote, err = freeRemoteName(conn, remote); err != nil {
				return Failed, nil, err
			}
		}
		q.mu.Lock()
		j.Remote, j.started = remote, true
		q.touchLocked(j)
		q.mu.Unlock()
	}
	if offset > 0 && offset == size {
		j.done.Store(size)
	} else if err := sendCreatingFolder(ctx, q, j, conn, f, fi, remote, offset); err != nil {
		var changed *changedError
		if errors.As(err, &changed) {
			// What reached the server began as another version of the
			// file: a retry replaces it rather than resume after it.
			q.mu.Lock()
			j.started, j.Policy = false, PolicyOverwrite
			q.touchLocked(j)
			q.mu.Unlock()
		}
		return Failed, nil, err
	}
	if err := q.afterUpload(ctx, j, conn, f, remote, fi.ModTime()); err != nil {
		return Failed, nil, err
	}
	return Done, nil, nil
}

// send stores f from offset at remote. A server that refuses REST gets the
// whole file again, and the job says so.
// Every byte read is checked against the size and time planned in fi.
func send(ctx context.Context, q *Queue, j *job, conn *session.Conn, f *os.File, fi os.FileInfo, remote string, offset int64) error {
	finish := conn.AbortOn(ctx) // a pause stops the transfer at once
	defer finish()
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return localErr("read", f.Name(), err)
	}
	j.done.Store(offset)
	src := &progressReader{ctx: ctx, r: newUnchangedReader(f, offset, fi.Size(), fi.ModTime()), j: j, q: q, stop: conn.Abort}
	err := conn.Stor(remote, src, offset)
	if offset > 0 && isNoResume(err) {
		q.note(j, noteRestart)
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return localErr("read", f.Name(), err)
		}
		j.done.Store(0)
		src.r = newUnchangedReader(f, 0, fi.Size(), fi.ModTime())
		err = conn.Stor(remote, src, 0)
	}
	var changed *changedError
	if errors.As(err, &changed) {
		return changed // the server's words about the cut do not matter
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// sendCreatingFolder is send; when the server refused a new file because
// its folder is missing, it creates the folder and its parents (as put -r
// does) and sends again.
func sendCreatingFolder(ctx context.Context, q *Queue, j *job, conn *session.Conn, f *os.File, fi os.FileInfo, remote string, offset int64) error {
	err := send(ctx, q, j, conn, f, fi, remote, offset)
	if err != nil && offset == 0 && session.IsPermanent(err) && createdFolder(conn, remote) {
		err = send(ctx, q, j, conn, f, fi, remote, 0)
	}
	return err
}

// createdFolder creates the folder of remote, and its parents, when it is
// missing, and reports whether it did.
func createdFolder(conn *session.Conn, remote string) bool {
	dir := path.Dir(remote)
	if _, err := conn.Stat(dir); !errors.Is(err, session.ErrNotExist) {
		return false
	}
	return conn.MkdirAll(dir) == nil
}

// remoteSize is the size of what arrived on the server, 0 when nothing did.
func remoteSize(conn *session.Conn, remote string) (int64, error) {
	n, err := conn.Size(remote)
	if errors.Is(err, session.ErrNotExist) {
		return 0, nil
	}
	return n, err
}

// remoteTarget describes the remote file an upload would replace.
func remoteTarget(conn *session.Conn, remote string) (targetInfo, error) {
	e, err := conn.Stat(remote)
	if errors.Is(err, session.ErrNotExist) {
		return targetInfo{Known: true}, nil
	}
	if err != nil {
		return targetInfo{}, err
	}
	if e.Type == session.Dir {
		return targetInfo{}, &policyError{fmt.Sprintf("%s is a folder on the server, so a file cannot be stored there.", printable.Name(remote))}
	}
	return targetInfo{Known: true, Exists: true, Size: e.Size, Time: e.ModTime}, nil
}

// freeRemoteName is the first "name (n).ext" beside remote that the server
// does not have.
func freeRemoteName(conn *session.Conn, remote string) (string, error) {
	dir, base := path.Split(remote)
	for n := 1; ; n++ {
		c := dir + renamed(base, n)
		_, err := conn.Stat(c)
		if errors.Is(err, session.ErrNotExist) {
			return c, nil
		}
		if err != nil {
			return "", err
		}
	}
}
