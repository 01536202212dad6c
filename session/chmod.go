package session

import (
	"context"
	"fmt"
	"os"
	"path"
	"strconv"
)

// Chmod sets the permission bits of one remote path (SITE CHMOD).
func (c *Conn) Chmod(p string, mode os.FileMode) error {
	_, err := c.rawOK("SITE CHMOD %03o %s", uint32(mode.Perm()), p)
	if err != nil {
		return fmt.Errorf("chmod %s: %w", p, err)
	}
	return nil
}

// ChmodScope says which entries a recursive chmod changes.
type ChmodScope int

const (
	ChmodAll         ChmodScope = iota // files and folders
	ChmodFilesOnly                     // files; folders are only walked
	ChmodFoldersOnly                   // folders only
)

func (s ChmodScope) matches(t EntryType) bool {
	switch s {
	case ChmodFilesOnly:
		return t != Dir
	case ChmodFoldersOnly:
		return t == Dir
	}
	return true
}

// ChmodTree sets mode on p and, when p is a folder, on everything below it
// that scope selects (p itself too, if scope selects it). It stops at the
// first refusal or when ctx ends. Links below p are left alone (SITE CHMOD
// changes a link's target, which may lie outside the tree); a folder reached
// twice (a link to a parent, on servers that list links as folders) or deeper
// than MaxTreeDepth is an error.
func (c *Conn) ChmodTree(ctx context.Context, p string, mode os.FileMode, scope ChmodScope) (changed int, err error) {
	e, err := c.Stat(p)
	if err != nil {
		return 0, err
	}
	return c.chmodTree(ctx, p, e.Type, mode, scope, treeGuard{}, 0)
}

func (c *Conn) chmodTree(ctx context.Context, p string, t EntryType, mode os.FileMode, scope ChmodScope, seen treeGuard, depth int) (int, error) {
	changed := 0
	if scope.matches(t) {
		if err := c.Chmod(p, mode); err != nil {
			return changed, err
		}
		changed++
	}
	if t != Dir {
		return changed, nil
	}
	l, err := c.ListDir(p)
	if err != nil {
		return changed, err
	}
	if err := seen.enter("change", p, l, depth); err != nil {
		return changed, err
	}
	for _, e := range l.Entries {
		if err := ctx.Err(); err != nil {
			return changed, err
		}
		if e.Type == Link {
			continue // the server would change the link's target, wherever it is
		}
		if !IsCleanName(e.Name) {
			return changed, fmt.Errorf("cannot change %q in %s: the server listed an unsafe name", e.Name, p)
		}
		n, err := c.chmodTree(ctx, path.Join(p, e.Name), e.Type, mode, scope, seen, depth+1)
		changed += n
		if err != nil {
			return changed, err
		}
	}
	return changed, nil
}

// ParseMode reads an octal mode such as "644" or "0755".
func ParseMode(s string) (os.FileMode, error) {
	n, err := strconv.ParseUint(s, 8, 32)
	if err != nil || len(s) < 3 || len(s) > 4 || n > 0o777 {
		return 0, fmt.Errorf("%q is not a permission value: write three octal digits such as 644 or 755", s)
	}
	return os.FileMode(n), nil
}

// ParsePerm reads the permission bits of a listing's "rwxr-xr-x" (with or
// without the leading type letter); ok is false when the listing gave none.
func ParsePerm(s string) (mode os.FileMode, ok bool) {
	if len(s) == 10 {
		s = s[1:]
	}
	if len(s) != 9 {
		return 0, false
	}
	for i := range 9 {
		ch, exec := s[i], i%3 == 2
		switch {
		case ch == "rwxrwxrwx"[i], exec && (ch == 's' || ch == 't'):
			mode |= os.FileMode(1) << (8 - i)
		case ch == '-', exec && (ch == 'S' || ch == 'T'): // setuid/sticky without x
		default:
			return 0, false
		}
	}
	return mode, true
}
