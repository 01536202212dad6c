package session

import (
	"fmt"
	"path"
)

// RemoveAll removes a file or a folder tree. It never deletes through a
// symbolic link: a folder is first tried with DELE, which removes a link
// (servers that list links as folders give no other sign of one) and fails
// on a real folder. A folder reached twice, or deeper than 64, is an error.
func (c *Conn) RemoveAll(p string) error {
	e, err := c.Stat(p)
	if err != nil {
		return err
	}
	if e.Type != Dir {
		return c.Delete(p)
	}
	return c.removeTree(p, treeGuard{}, 0)
}

func (c *Conn) removeTree(p string, seen treeGuard, depth int) error {
	if err := c.Delete(p); err == nil || !isReply(err) {
		return err // err == nil: p was a link, and only the link is gone
	}
	l, err := c.ListDir(p)
	if err != nil {
		return err
	}
	if err := seen.enter("delete", p, l, depth); err != nil {
		return err
	}
	for _, e := range l.Entries {
		if !IsCleanName(e.Name) {
			return fmt.Errorf("cannot delete %q in %s: the server listed an unsafe name", e.Name, p)
		}
		child := path.Join(p, e.Name)
		if e.Type == Dir {
			err = c.removeTree(child, seen, depth+1)
		} else {
			err = c.Delete(child)
		}
		if err != nil {
			return err
		}
	}
	return c.check(c.sc.RemoveDir(p))
}
