// Package units writes byte counts for people, the same way in the window
// and on the command line.
package units

import "strconv"

// Bytes writes n in binary units with one decimal: "512 B", "5.0 KiB",
// "16.0 MiB", "1.1 GiB" (as FileZilla does).
func Bytes(n int64) string {
	const unit = 1024
	if n < unit && n > -unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	v, prefixes := float64(n), "KMGTPE"
	i := -1
	for (v >= unit || v <= -unit) && i < len(prefixes)-1 {
		v /= unit
		i++
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " " + string(prefixes[i]) + "iB"
}
