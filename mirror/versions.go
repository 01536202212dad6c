package mirror

import (
	"context"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// stampLayout names a run's versions folder: <YYYY-MM-DD_HHMMSS>.
const stampLayout = "2006-01-02_150405"

// stampName matches the run folders that prune may remove (a second run in
// the same second gets "-2", "-3"...).
var stampName = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}_\d{6}(-\d+)?$`)

// versions keeps replaced and deleted target files under
// <root>/<stamp>/<path>. Each file is moved with one rename, so a version
// is always a whole file, even when the sync is killed.
type versions struct {
	t          tree
	targetRoot string
	root       string
	stamp      string          // chosen at the first keep
	now        time.Time       // the run's time, for pruning by age
	made       map[string]bool // folders known to exist
}

func newVersions(t tree, targetRoot, root string, now time.Time) *versions {
	if !isAbs(t, root) {
		root = t.join(targetRoot, filepath.ToSlash(root))
	}
	return &versions{t: t, targetRoot: targetRoot, root: root, stamp: now.Format(stampLayout), now: now, made: map[string]bool{}}
}

func isAbs(t tree, p string) bool {
	if t.isRemote() {
		return strings.HasPrefix(p, "/")
	}
	return filepath.IsAbs(p)
}

// insideTarget is the versions folder relative to the target folder, or ""
// when it lies outside it. The comparison leaves it out.
func (v *versions) insideTarget() string {
	if v.t.isRemote() {
		root := strings.TrimSuffix(v.targetRoot, "/")
		if rel, ok := strings.CutPrefix(path.Clean(v.root), root+"/"); ok {
			return rel
		}
		return ""
	}
	rel, err := filepath.Rel(v.targetRoot, v.root)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return ""
	}
	return filepath.ToSlash(rel)
}

// keep moves the target's rel into this run's versions folder.
func (v *versions) keep(ctx context.Context, rel string) error {
	if len(v.made) == 0 {
		if err := v.chooseStamp(ctx); err != nil {
			return err
		}
	}
	to := v.t.join(v.root, v.stamp+"/"+rel)
	dir := v.t.join(v.root, path.Dir(v.stamp+"/"+rel))
	if !v.made[dir] {
		if err := v.t.mkdirAll(ctx, dir); err != nil {
			return err
		}
		v.made[dir] = true
	}
	return v.t.rename(ctx, v.t.join(v.targetRoot, rel), to)
}

// chooseStamp makes sure this run's folder is new.
func (v *versions) chooseStamp(ctx context.Context) error {
	base := v.stamp
	for n := 2; ; n++ {
		there, err := v.t.exists(ctx, v.t.join(v.root, v.stamp))
		if err != nil || !there {
			return err
		}
		v.stamp = fmt.Sprintf("%s-%d", base, n)
	}
}

// prune removes the oldest run folders beyond keep, and those older than
// keepDays days (0: no age limit); the newest stays in any case.
func (v *versions) prune(ctx context.Context, keep, keepDays int) error {
	entries, _, err := v.t.list(ctx, v.root)
	if err != nil {
		if len(v.made) == 0 {
			return nil // no versions folder yet
		}
		return err
	}
	var runs []string
	for _, e := range entries {
		if e.dir && stampName.MatchString(e.name) {
			runs = append(runs, e.name)
		}
	}
	sort.Strings(runs)
	if keepDays > 0 {
		oldest := v.now.AddDate(0, 0, -keepDays)
		for len(runs) > 1 {
			t, err := time.ParseInLocation(stampLayout, runs[0][:len(stampLayout)], v.now.Location())
			if err != nil || !t.Before(oldest) {
				break
			}
			if err := v.t.removeAll(ctx, v.t.join(v.root, runs[0])); err != nil {
				return err
			}
			runs = runs[1:]
		}
	}
	for len(runs) > keep {
		if err := v.t.removeAll(ctx, v.t.join(v.root, runs[0])); err != nil {
			return err
		}
		runs = runs[1:]
	}
	return nil
}
