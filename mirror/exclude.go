package mirror

import (
	"fmt"
	"path"
	"strings"
)

// excludes are the paths a comparison leaves out, with gitignore-like
// globs: "*.tmp" matches a name at any depth, ".git/" matches only a folder,
// and a pattern with a slash inside ("build/out") matches from the root.
type excludes struct {
	patterns []pattern
	prefix   string // a folder always left out (the versions folder), "" for none
}

type pattern struct {
	glob    string
	dirOnly bool
	rooted  bool
}

func newExcludes(globs []string) (*excludes, error) {
	ex := &excludes{}
	for _, g := range globs {
		p := pattern{glob: strings.TrimSpace(g)}
		if strings.HasSuffix(p.glob, "/") {
			p.dirOnly = true
			p.glob = strings.TrimRight(p.glob, "/")
		}
		if strings.HasPrefix(p.glob, "/") {
			p.glob = strings.TrimLeft(p.glob, "/")
			p.rooted = true
		}
		if strings.Contains(p.glob, "/") {
			p.rooted = true
		}
		if p.glob == "" {
			return nil, fmt.Errorf("--exclude %q: an empty pattern", g)
		}
		if _, err := path.Match(p.glob, ""); err != nil {
			return nil, fmt.Errorf("--exclude %q: %v", g, err)
		}
		ex.patterns = append(ex.patterns, p)
	}
	return ex, nil
}

// match reports whether rel (slash-separated) is left out.
func (ex *excludes) match(rel string, dir bool) bool {
	if ex == nil {
		return false
	}
	if ex.prefix != "" && (rel == ex.prefix || strings.HasPrefix(rel, ex.prefix+"/")) {
		return true
	}
	for _, p := range ex.patterns {
		if p.dirOnly && !dir {
			continue
		}
		subject := path.Base(rel)
		if p.rooted {
			subject = rel
		}
		if ok, _ := path.Match(p.glob, subject); ok {
			return true
		}
	}
	return false
}

// enters says whether the walk goes into the server folder dir under root
// (for listing ahead, which meets folders before the walk does).
func (ex *excludes) enters(root string) func(dir string) bool {
	return func(dir string) bool { return !ex.match(relPath(root, dir), true) }
}
