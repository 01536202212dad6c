package ui

import (
	"fmt"
	"strconv"
	"strings"

	"ferry/queue"
	"ferry/session"
)

// speedLimitPref is the total transfer speed limit in KiB/s; 0 is none.
const speedLimitPref = "speed.limitKiB"

// askSpeedLimit asks for the limit of all transfers together and applies
// it at once, to running transfers too.
func (w *mainWindow) askSpeedLimit() {
	text := ""
	if kib := w.env.Prefs.Int(speedLimitPref); kib > 0 {
		text = strconv.Itoa(kib)
	}
	w.askNumber(numberQuestion{title: "Speed limit", label: "KiB/s", hint: "All transfers together; empty or 0: no limit",
		text: text, placeHolder: "no limit", failure: "Could not set the speed limit", width: 380,
		parse: parseKiB, apply: w.setSpeedLimit})
}

// setSpeedLimit applies and remembers a limit in KiB/s (0: none).
func (w *mainWindow) setSpeedLimit(kib int) {
	w.env.Prefs.SetInt(speedLimitPref, kib)
	w.env.Queue.SetRateLimit(int64(kib) << 10)
}

// parseKiB reads a whole number of KiB/s; empty is 0.
func parseKiB(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 1<<30 {
		return 0, fmt.Errorf("%q is not a whole number of KiB per second", s)
	}
	return n, nil
}

// applySiteSpeedLimit gives the queue a saved site's own limit, at once.
func applySiteSpeedLimit(q *queue.Queue, site session.Site) {
	if q != nil {
		q.SetSiteRateLimit(session.KeyOf(site), int64(site.SpeedLimitKiB)<<10)
	}
}
