package session

import "time"

// EntryType is the kind of a directory entry.
type EntryType int

const (
	File EntryType = iota
	Dir
	Link
)

func (t EntryType) String() string {
	switch t {
	case Dir:
		return "folder"
	case Link:
		return "link"
	}
	return "file"
}

// Entry is one item of a remote (or local) listing. Name is untrusted when it
// comes from a server: see SafeLocalPath.
type Entry struct {
	Name    string
	Type    EntryType
	Size    int64
	ModTime time.Time // zero when unknown
	Perm    string    // e.g. "rwxr-xr-x" or MLSD "perm" facts; "" when unknown
	Owner   string
	Group   string
	Target  string // symlink target when known
	// ID is the server's MLSD "unique" fact: two entries with the same ID
	// are the same file or folder (one reached through a link). "" when
	// not sent.
	ID string
}
