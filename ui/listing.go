package ui

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"ferry/internal/printable"
	"ferry/internal/units"
	"ferry/session"
)

// column is a pane table column.
type column int

const (
	colName column = iota
	colSize
	colType
	colModified
	colPerm  // server only
	colOwner // server only
)

var columnTitles = []string{"Name", "Size", "Type", "Modified", "Permissions", "Owner"}

// sortEntries orders entries by col, folders always first.
func sortEntries(entries []session.Entry, col column, desc bool) {
	slices.SortStableFunc(entries, func(a, b session.Entry) int {
		if fa, fb := a.Type == session.Dir, b.Type == session.Dir; fa != fb {
			if fa {
				return -1
			}
			return 1
		}
		c := compareBy(a, b, col)
		if c == 0 {
			c = cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
		}
		if desc {
			c = -c
		}
		return c
	})
}

func compareBy(a, b session.Entry, col column) int {
	switch col {
	case colSize:
		return cmp.Compare(a.Size, b.Size)
	case colType:
		return cmp.Compare(typeName(a), typeName(b))
	case colModified:
		return a.ModTime.Compare(b.ModTime)
	case colPerm:
		return cmp.Compare(a.Perm, b.Perm)
	case colOwner:
		return cmp.Compare(a.Owner, b.Owner)
	}
	return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
}

// visible drops hidden (dot) files unless showHidden.
func visible(entries []session.Entry, showHidden bool) []session.Entry {
	out := make([]session.Entry, 0, len(entries))
	for _, e := range entries {
		if showHidden || !strings.HasPrefix(e.Name, ".") {
			out = append(out, e)
		}
	}
	return out
}

func typeName(e session.Entry) string {
	switch e.Type {
	case session.Dir:
		return "Folder"
	case session.Link:
		return "Link"
	}
	if i := strings.LastIndexByte(e.Name, '.'); i > 0 && i < len(e.Name)-1 {
		return strings.ToUpper(e.Name[i+1:]) + " file"
	}
	return "File"
}

// cellText is what a table cell shows.
func cellText(e session.Entry, col column) string {
	switch col {
	case colName:
		return displayName(e.Name)
	case colSize:
		if e.Type == session.Dir {
			return ""
		}
		return units.Bytes(e.Size)
	case colType:
		return typeName(e)
	case colModified:
		if e.ModTime.IsZero() {
			return ""
		}
		return modified(e.ModTime, time.Now())
	case colPerm:
		return e.Perm
	case colOwner:
		if e.Group != "" {
			return e.Owner + " " + e.Group
		}
		return e.Owner
	}
	return ""
}

// modified writes a modification time: the date and time, or the date
// only when it is more than a year before now (the time of day of an old
// file tells little, and servers often do not send it).
func modified(t, now time.Time) string {
	if t.Before(now.AddDate(-1, 0, 0)) {
		return t.Local().Format("2006-01-02")
	}
	return t.Local().Format("2006-01-02 15:04")
}

// displayName Go-quotes an untrusted name that holds control characters,
// as the command line does, so a server cannot garble the window.
func displayName(name string) string {
	return printable.Name(name)
}

// summary is a pane's status line.
func summary(rows []session.Entry, sel *selection) string {
	var files, dirs int
	var size int64
	for _, e := range rows {
		if e.Type == session.Dir {
			dirs++
		} else {
			files++
			size += e.Size
		}
	}
	text := plural(files, "file") + " and " + plural(dirs, "folder") + ", " + units.Bytes(size)
	if n := sel.count(); n > 0 {
		text = plural(n, "item") + " selected of " + text
	}
	return text
}
