package ui

import (
	"strconv"
	"time"
)

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// formatETA writes d as "1:05:09" or "5:09"; "" when unknown. Less than a
// second left is "0:01", never "0:00", which reads as finished.
func formatETA(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	s := max(1, int(d.Round(time.Second).Seconds()))
	h, m, sec := s/3600, s/60%60, s%60
	if h > 0 {
		return strconv.Itoa(h) + ":" + pad2(m) + ":" + pad2(sec)
	}
	return strconv.Itoa(m) + ":" + pad2(sec)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
