package session

import "fmt"

// MaxTreeDepth bounds how deep a walk down a server tree goes: servers that
// list a link to a parent as a folder would otherwise be walked forever.
const MaxTreeDepth = 64

// treeGuard stops a walk down a server tree (delete, chmod) that reaches the
// same folder twice or goes deeper than MaxTreeDepth. It maps a folder's ID
// (see Listing.ID) to the path it was first reached at.
type treeGuard map[string]string

// enter checks the folder p, listed as l, at depth folders below the walk's
// start; verb names the walk in the error ("delete", "change").
func (g treeGuard) enter(verb, p string, l Listing, depth int) error {
	if depth > MaxTreeDepth {
		return fmt.Errorf("cannot %s %s: it is more than %d folders deep (a loop on the server?)", verb, p, MaxTreeDepth)
	}
	if l.ID == "" {
		return nil
	}
	if first, ok := g[l.ID]; ok {
		return fmt.Errorf("cannot %s %s: it is the folder %s again (a loop on the server)", verb, p, first)
	}
	g[l.ID] = p
	return nil
}
