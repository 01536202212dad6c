package queue

import (
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
