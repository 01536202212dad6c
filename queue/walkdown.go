package queue

import (
	"fmt"
	"os"
	"path"
	"strings"

	"ferry/session"
)

// DefaultMaxDepth is how many folders deep a recursive download goes below
// its root unless Options.MaxDepth says otherwise.
const DefaultMaxDepth = 64

// expandDownload queues every file under remote (or remote itself when it
// is a file), creating the local folders as it goes.
func (q *Queue) expandDownload(siteKey, remote, local string) {
	remote = trimRemote(remote)
	w, err := q.openWalker(siteKey)
	if err != nil {
		q.addFailed(Download, siteKey, local, remote, describe(err))
		return
	}
	defer w.close()
	var e session.Entry
	err = w.do(func(c *session.Conn) (err error) {
		if e, err = c.Stat(remote); err == nil && e.Type == session.Link {
			e, err = c.FollowLink(remote)
		}
		return err
	})
	if err != nil && isPermanent(err) {
		q.addFailed(Download, siteKey, local, remote, fmt.Sprintf("Could not open %s: %s", remote, describe(err)))
		return
	}
	if err == nil && e.Type == session.File {
		target, err := downloadTarget(remote, local)
		if err != nil {
			q.addFailed(Download, siteKey, local, remote, err.Error())
			return
		}
		q.addBatch([]*job{{Job: Job{Dir: Download, SiteKey: siteKey, Local: target, Remote: remote, Size: e.Size},
			sourceTime: e.ModTime}})
		return
	}
	d := &downloadWalk{q: q, w: w, siteKey: siteKey, root: remote, seen: map[string]string{}}
	d.run(folderToWalk{remote: remote, local: local})
}

// downloadWalk is one recursive download's walk of the server's tree. It
// follows links to files and folders, and enters each folder once: a folder
// seen before (the same MLSD "unique" fact or server path) is a loop.
type downloadWalk struct {
	q       *Queue
	w       *walker
	siteKey string
	root    string            // the folder being downloaded
	seen    map[string]string // folder ID -> the path it was first listed at
}

// folderToWalk is a folder still to walk and where its files go.
type folderToWalk struct {
	remote, local string
	depth         int    // folders below the walk's root
	id            string // the folder's ID in its parent's listing, if any
}

func (d *downloadWalk) run(root folderToWalk) {
	stack := []folderToWalk{root}
	for len(stack) > 0 && d.q.ctx.Err() == nil {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		entries, ok := d.enter(f)
		if !ok {
			continue
		}
		batch, subdirs := d.sort(f, entries)
		d.q.addBatch(batch)
		for i := len(subdirs) - 1; i >= 0; i-- { // the first subfolder is walked first
			stack = append(stack, subdirs[i])
		}
	}
}

// enter lists f and creates its local folder; false when f is not walked.
func (d *downloadWalk) enter(f folderToWalk) ([]session.Entry, bool) {
	q := d.q
	if f.depth > q.opts.MaxDepth {
		q.addFailed(Download, d.siteKey, f.local, f.remote, fmt.Sprintf(
			"Did not enter %s: it is more than %d folders deep (a loop on the server? see --max-depth).",
			f.remote, q.opts.MaxDepth))
		return nil, false
	}
	if d.seenBefore(f, f.id) {
		return nil, false
	}
	l, err := d.w.listDir(f.remote)
	if err != nil { // the local folder is not created for a folder that cannot be read
		q.addFailed(Download, d.siteKey, f.local, f.remote,
			fmt.Sprintf("Could not list %s: %s", f.remote, describe(err)))
		return nil, false
	}
	if l.ID == "" && f.depth == 0 {
		l.ID = d.rootID(f.remote, l.Entries)
	}
	if l.ID != f.id && d.seenBefore(f, l.ID) {
		return nil, false
	}
	if err := os.MkdirAll(f.local, 0o755); err != nil {
		q.addFailed(Download, d.siteKey, f.local, f.remote, localErr("create", f.local, err).Error())
		return nil, false
	}
	return l.Entries, true
}

// rootID finds the ID of the walk's root on a server that gives IDs to the
// entries of a listing but not to the listed folder itself (pyftpdlib): in
// its parent's listing. Without it a link back to the root would be walked
// once more before the loop shows.
func (d *downloadWalk) rootID(root string, entries []session.Entry) string {
	hasIDs := false
	for _, e := range entries {
		hasIDs = hasIDs || e.ID != ""
	}
	if !hasIDs || root == "/" {
		return ""
	}
	parent, err := d.w.list(path.Dir(root))
	if err != nil {
		return ""
	}
	for _, e := range parent {
		if e.Name == path.Base(root) {
			return e.ID
		}
	}
	return ""
}

// seenBefore reports (with a note) a folder whose ID was walked before,
// and otherwise remembers the ID.
func (d *downloadWalk) seenBefore(f folderToWalk, id string) bool {
	if id == "" {
		return false
	}
	if first, ok := d.seen[id]; ok {
		d.q.addNote(Download, d.siteKey, f.local, f.remote, fmt.Sprintf(
			"Did not enter %s: it is the same folder as %s (a link or a loop on the server).", f.remote, first))
		return true
	}
	d.seen[id] = f.remote
	return false
}

// sort turns a folder's entries into jobs and subfolders to walk.
func (d *downloadWalk) sort(f folderToWalk, entries []session.Entry) (batch []*job, subdirs []folderToWalk) {
	q := d.q
	for _, e := range entries {
		rp := joinRemote(f.remote, e.Name)
		lp, err := session.SafeLocalPath(f.local, e.Name)
		if err != nil {
			msg := fmt.Sprintf("Skipped %q in %s: the server sent a name that is not safe to save.", e.Name, f.remote)
			q.notef("%s", msg)
			batch = append(batch, failedJob(Download, d.siteKey, f.local, rp, msg))
			continue
		}
		if e.Type == session.Link {
			target := e.Target
			if e, err = d.follow(rp); err != nil {
				msg := fmt.Sprintf("Skipped the link %s: %s", rp, describe(err))
				if isPermanent(err) { // a link to nothing: there is nothing to fetch
					batch = append(batch, noteJob(Download, d.siteKey, lp, rp, msg))
				} else {
					batch = append(batch, failedJob(Download, d.siteKey, lp, rp, msg))
				}
				continue
			}
			if target, inside := d.within(f.remote, target); inside && e.Type == session.Dir {
				batch = append(batch, noteJob(Download, d.siteKey, lp, rp, fmt.Sprintf(
					"Did not follow the link %s to %s: that folder is part of this download, or holds it.", rp, target)))
				continue
			}
		}
		switch e.Type {
		case session.Dir:
			subdirs = append(subdirs, folderToWalk{remote: rp, local: lp, depth: f.depth + 1, id: e.ID})
		case session.File:
			batch = append(batch, &job{Job: Job{Dir: Download, SiteKey: d.siteKey, Local: lp, Remote: rp, Size: e.Size},
				sourceTime: e.ModTime})
		}
	}
	return batch, subdirs
}

// follow says what the link rp points to.
func (d *downloadWalk) follow(rp string) (e session.Entry, err error) {
	err = d.w.do(func(c *session.Conn) (err error) {
		e, err = c.FollowLink(rp)
		return err
	})
	return e, err
}

// within resolves the listed target of a link in dir and reports whether
// following it would walk folders this download already walks: the
// download's root or a folder below it, or one of the folders above dir (a
// loop). Links whose target the listing does not show are followed; the
// folder IDs and the depth limit stop those.
func (d *downloadWalk) within(dir, target string) (string, bool) {
	if target == "" {
		return "", false
	}
	if !path.IsAbs(target) {
		target = path.Join(dir, target)
	}
	target = path.Clean(target)
	under := func(p, folder string) bool {
		return folder == "/" || p == folder || strings.HasPrefix(p, folder+"/")
	}
	return target, under(target, d.root) || under(dir, target)
}

// noteJob records something the walk skipped on purpose, and why; it shows
// in the queue and in the command line's report without failing the run.
func noteJob(dir Direction, siteKey, local, remote, msg string) *job {
	return &job{Job: Job{Dir: dir, SiteKey: siteKey, Local: local, Remote: remote, Size: -1, State: Skipped, Note: msg}}
}

// addNote adds a noteJob, unless the walk stopped because the queue is closing.
func (q *Queue) addNote(dir Direction, siteKey, local, remote, msg string) {
	if q.ctx.Err() != nil {
		return
	}
	q.addBatch([]*job{noteJob(dir, siteKey, local, remote, msg)})
}
