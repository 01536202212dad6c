package queue

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// expandUpload queues every file under local (or local itself when it is a
// file). The local walk runs ahead while the folders it finds are made on
// the server (see folderMaker); each file is queued once its folder is there.
func (q *Queue) expandUpload(siteKey, local, remote string) {
	fi, err := os.Stat(local)
	if err != nil {
		q.addFailed(Upload, siteKey, local, remote, localErr("open", local, err).Error())
		return
	}
	if !fi.IsDir() {
		j, err := uploadJob(siteKey, local, remote)
		if err != nil {
			q.addFailed(Upload, siteKey, local, remote, err.Error())
			return
		}
		q.addBatch([]*job{j})
		return
	}
	remote = trimRemote(remote)
	m, err := q.newFolderMaker(siteKey)
	if err != nil {
		q.addFailed(Upload, siteKey, local, remote, describe(err))
		return
	}
	defer m.wait()
	root := &remoteDir{path: remote, local: local}
	folders := map[string]*remoteDir{".": root} // by path relative to local
	m.add(root)

	_ = filepath.WalkDir(local, func(p string, d fs.DirEntry, err error) error {
		if q.ctx.Err() != nil {
			return q.ctx.Err()
		}
		if err != nil {
			q.addFailed(Upload, siteKey, p, "", localErr("read", p, err).Error())
			return skipIfDir(d)
		}
		rel, err := filepath.Rel(local, p)
		if err != nil || rel == "." {
			return nil
		}
		rp := joinRemote(remote, filepath.ToSlash(rel))
		parent := folders[filepath.Dir(rel)] // a walk meets a folder before its entries
		if d.IsDir() {
			dir := &remoteDir{path: rp, name: d.Name(), local: p, parent: parent}
			folders[rel] = dir
			m.add(dir)
			return nil
		}
		info, err := os.Stat(p) // follows a symlink to a file
		if err != nil {
			q.addFailed(Upload, siteKey, p, rp, localErr("read", p, err).Error())
			return nil
		}
		if !info.Mode().IsRegular() {
			note := NotRegular(p, info.Mode())
			q.notef("%s", note)
			q.addNote(Upload, siteKey, p, rp, note)
			return nil
		}
		m.addFile(parent, &job{
			Job:        Job{Dir: Upload, SiteKey: siteKey, Local: p, Remote: rp, Size: info.Size()},
			sourceTime: info.ModTime(),
		})
		return nil
	})
}

// UploadFiles queues the local files (not folders) into the remote folder
// dir. The folder is listed once for all of them, as a tree upload lists
// its folders: each file's target is known from that listing, instead of
// asked about file by file (a round trip each) when it runs.
func (q *Queue) UploadFiles(siteKey string, locals []string, dir string) error {
	if len(locals) == 0 {
		return nil
	}
	if dir == "" {
		return errors.New("upload: the remote folder is required")
	}
	return q.startExpansion(func() { q.expandFiles(siteKey, locals, trimRemote(dir)) })
}

func (q *Queue) expandFiles(siteKey string, locals []string, dir string) {
	m, err := q.newFolderMaker(siteKey)
	if err != nil {
		for _, local := range locals {
			q.addFailed(Upload, siteKey, local, joinRemote(dir, filepath.Base(local)), describe(err))
		}
		return
	}
	defer m.wait()
	root := &remoteDir{path: dir, local: filepath.Dir(locals[0])}
	m.add(root)
	for _, local := range locals {
		remote := joinRemote(dir, filepath.Base(local))
		j, err := uploadJob(siteKey, local, remote)
		var note *skipNote
		switch {
		case errors.As(err, &note):
			q.notef("%s", note.msg)
			q.addNote(Upload, siteKey, local, remote, note.msg)
		case err != nil:
			q.addFailed(Upload, siteKey, local, remote, err.Error())
		default:
			m.addFile(root, j)
		}
	}
}
