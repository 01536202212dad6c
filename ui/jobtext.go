package ui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"ferry/internal/units"
	"ferry/queue"
	"ferry/session"
)

// The queue table's columns.
const (
	qcDirection = iota
	qcServer
	qcLocal
	qcRemote
	qcSize
	qcProgress
	qcSpeed
	qcETA
	qcStatus
)

var queueColumns = []string{"Direction", "Server", "Local file", "Server file", "Size", "Progress", "Speed", "ETA", "Status"}

// serverName names a job's server: the saved site's name, or user@host:port.
func serverName(store *session.Store, key string) string {
	if store != nil {
		for _, s := range store.Sites() {
			if session.KeyOf(s) == key || s.Key() == key { // jobs carry a saved site's ID
				return s.Name
			}
		}
	}
	if _, rest, ok := strings.Cut(key, "://"); ok {
		return strings.TrimPrefix(rest, "anonymous@")
	}
	return key
}

// jobCell is the text of one queue cell; server is the job's server name.
func jobCell(j queue.JobStatus, col int, server string) string {
	switch col {
	case qcDirection:
		if j.Dir == queue.Upload {
			return "↑ Upload"
		}
		return "↓ Download"
	case qcServer:
		return server
	case qcLocal:
		return j.Local
	case qcRemote:
		return displayName(j.Remote)
	case qcSize:
		if j.Size < 0 {
			return ""
		}
		return units.Bytes(j.Size)
	case qcSpeed:
		if j.State != queue.Running || j.Speed <= 0 || !j.RetryAt.IsZero() {
			return ""
		}
		return units.Bytes(int64(j.Speed)) + "/s"
	case qcETA:
		if j.State != queue.Running || !j.RetryAt.IsZero() {
			return ""
		}
		return formatETA(j.ETA)
	case qcStatus:
		return jobStatus(j)
	}
	return ""
}

// jobStatus says in words where a job stands.
func jobStatus(j queue.JobStatus) string {
	switch j.State {
	case queue.Queued:
		if j.Attempts > 0 {
			return fmt.Sprintf("Waiting to retry (attempt %d)", j.Attempts+1)
		}
		return "Waiting"
	case queue.Running:
		if !j.RetryAt.IsZero() {
			return retryText(j, time.Now())
		}
		return "Transferring"
	case queue.Paused:
		return "Paused"
	case queue.Done:
		if j.Note != "" {
			return "Done. " + j.Note
		}
		return "Done"
	case queue.Skipped:
		if j.Note != "" { // skipped on purpose while walking a folder
			return j.Note
		}
		return "Skipped: the target was already there"
	case queue.Canceled:
		return "Cancelled"
	}
	if j.Err != "" {
		return j.Err
	}
	return "Failed"
}

// retryText is "Retrying in 8 s (why the last attempt failed)".
func retryText(j queue.JobStatus, now time.Time) string {
	secs := int(math.Ceil(j.RetryAt.Sub(now).Seconds()))
	why := strings.TrimSuffix(strings.TrimPrefix(j.Err, "retrying: "), ".")
	text := "Retrying now"
	if secs > 0 {
		text = fmt.Sprintf("Retrying in %d s", secs)
	}
	if why != "" {
		text += " (" + why + ")"
	}
	return text
}

// totalsText is the queue's summary line; skipped files count apart from
// the ones transferred.
func totalsText(t queue.Totals) string {
	if t.Files == 0 {
		return "No transfers"
	}
	text := fmt.Sprintf("%s: %d done", plural(t.Files, "file"), t.Done)
	if t.Skipped > 0 {
		text += fmt.Sprintf(", %d skipped", t.Skipped)
	}
	text += fmt.Sprintf(", %d failed, %s of %s", t.Failed, units.Bytes(t.BytesDone), units.Bytes(t.Bytes))
	if t.Speed > 0 && t.Running > 0 {
		text += ", " + units.Bytes(int64(t.Speed)) + "/s"
	}
	if eta := formatETA(t.ETA); eta != "" && t.Running > 0 {
		text += ", " + eta + " left"
	}
	return text
}

// leftText is "1 transfer was left" or "3 transfers were left".
func leftText(n int) string {
	if n == 1 {
		return "1 transfer was left"
	}
	return plural(n, "transfer") + " were left"
}
