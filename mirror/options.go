package mirror

import (
	"time"

	"ferry/queue"
	"ferry/session"
)

// Options describe one sync: which way, between which folders, and what it
// may do to the target.
type Options struct {
	// Direction: queue.Upload makes the server folder match the local one,
	// queue.Download the local folder match the server one.
	Direction queue.Direction
	Local     string // local folder (absolute)
	Remote    string // server folder
	SiteKey   string // the queue's key for Pool's site (the record goes by the site's address)
	Pool      *session.Pool
	Queue     *queue.Queue // runs the copies; unused by a dry run

	Delete bool // also remove what only the target has
	DryRun bool // decide and report, change nothing
	// Force lets a sync delete more than the safety limit allows.
	Force bool
	// Versions is a folder on the target side (absolute, or relative to
	// the target folder) where replaced and deleted files are kept, under
	// a folder per run named by its time; "" keeps none.
	Versions string
	// Keep is how many run folders Versions keeps (default 30).
	Keep int
	// KeepDays, when above 0, also removes run folders older than that
	// many days (the newest run folder always stays).
	KeepDays int
	// Exclude are globs of paths left alone on both sides (".git/", "*.tmp").
	Exclude []string
	// Records is the upload record; nil keeps none.
	Records *Records
	// Now is the run's time, which names its versions folder (default: now).
	Now time.Time
	// OnAction hears of every action as it is decided (a dry run's plan).
	OnAction func(Action)
	// OnNote hears of paths left out (links, unsafe names).
	OnNote func(string)
}

// DefaultKeep is how many version folders are kept when Options.Keep is 0.
const DefaultKeep = 30

// Verb is what an action does.
type Verb int

const (
	// Copy brings a file the target lacks.
	Copy Verb = iota
	// Update replaces a target file that differs.
	Update
	// Delete removes a file or folder only the target has.
	Delete
	// KeepVersion moves a target file into the versions folder first.
	KeepVersion
)

// Action is one step of a sync's plan.
type Action struct {
	Verb Verb
	Path string // relative, slash-separated
	Dir  bool   // a folder (Delete only)
	Size int64  // bytes a Copy or Update moves
	// direction names the copy ("upload" or "download").
	direction queue.Direction
}

// String is the plan line: "upload a/b.txt", "update d.txt", "delete c.txt",
// "keep e.txt as version".
func (a Action) String() string {
	switch a.Verb {
	case Copy:
		return a.direction.String() + " " + a.Path
	case Update:
		return "update " + a.Path
	case Delete:
		if a.Dir {
			return "delete " + a.Path + "/"
		}
		return "delete " + a.Path
	}
	return "keep " + a.Path + " as version"
}

// Result is what a sync did (or, dry, would do).
type Result struct {
	Copies, Updates, Deletes, Versions int
	Bytes                              int64 // bytes the copies and updates move
	SourceFiles, TargetFiles           int
	// Jobs are the queue's IDs of the copies and updates.
	Jobs []int64
	// Problems are sentences about what could not be done; a sync with any
	// has failed.
	Problems []string
}
