// Package units writes byte counts for people, the same way in the window
// and on the command line.
package units

import (
	"strconv"
	"strings"
)

// Bytes writes n as "512 B", "300 kB" or "16.8 MB" (powers of 1000, like
// file managers).
func Bytes(n int64) string {
	const unit = 1000
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	v, prefixes := float64(n), "kMGTPE"
	i := -1
	for v >= unit && i < len(prefixes)-1 {
		v /= unit
		i++
	}
	text := strings.TrimSuffix(strconv.FormatFloat(v, 'f', 1, 64), ".0")
	return text + " " + string(prefixes[i]) + "B"
}
