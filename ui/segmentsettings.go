package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/widget"

	"ferry/queue"
	"ferry/session"
)

// segmentThresholdPref is the smallest download split into segments, in
// MiB; 0 is the engine's default (64 MiB).
const segmentThresholdPref = "segments.thresholdMiB"

// defaultSegmentThresholdMiB is what an unset threshold means.
const defaultSegmentThresholdMiB = 64

// maxSiteSegments is the largest number of segments the site manager offers.
const maxSiteSegments = 8

// segmentChoices are the site manager's choices of segments: Automatic
// (Site.Segments 0), Off (1), then 2 to maxSiteSegments.
func segmentChoices() []string {
	names := []string{"Automatic (free connections, at most 8)", "Off (one connection per file)"}
	for n := 2; n <= maxSiteSegments; n++ {
		names = append(names, strconv.Itoa(n)+" connections per file")
	}
	return names
}

// newSegmentsSelect is the site manager's field for Site.Segments.
func newSegmentsSelect() *widget.Select {
	return widget.NewSelect(segmentChoices(), nil)
}

// loadSegments shows n (a Site.Segments) in sel; a number beyond the
// choices, written by hand in the sites file, is added to them so that
// saving the site keeps it.
func loadSegments(sel *widget.Select, n int) {
	sel.Options = segmentChoices()
	if n > maxSiteSegments {
		sel.Options = append(sel.Options, strconv.Itoa(n)+" connections per file")
		sel.SetSelectedIndex(len(sel.Options) - 1)
		return
	}
	sel.SetSelectedIndex(max(0, n))
}

// selectedSegments is the Site.Segments that sel shows: the choices' index
// is the number, beyond them the number added by loadSegments.
func selectedSegments(sel *widget.Select) int {
	if i := sel.SelectedIndex(); i <= maxSiteSegments {
		return max(0, i)
	}
	n, _ := strconv.Atoi(strings.Fields(sel.Selected)[0])
	return n
}

// askSegmentThreshold asks from what size downloads are split into
// segments, and applies it from the next download on.
func (w *mainWindow) askSegmentThreshold() {
	w.askNumber(numberQuestion{title: "Segmented downloads", label: "Split files from (MiB)",
		hint: "Downloads this big use several connections; how many is set per site",
		text: strconv.Itoa(w.segmentThresholdMiB()), failure: "Could not set the size for segmented downloads",
		width: 480, parse: parseMiB, apply: w.setSegmentThreshold})
}

// segmentThresholdMiB is the remembered threshold, or the default.
func (w *mainWindow) segmentThresholdMiB() int {
	if mib := w.env.Prefs.Int(segmentThresholdPref); mib > 0 {
		return mib
	}
	return defaultSegmentThresholdMiB
}

// setSegmentThreshold applies and remembers a threshold in MiB.
func (w *mainWindow) setSegmentThreshold(mib int) {
	w.env.Prefs.SetInt(segmentThresholdPref, mib)
	w.env.Queue.SetSegmentThreshold(int64(mib) << 20)
}

// parseMiB reads a whole, positive number of MiB.
func parseMiB(s string) (int, error) {
	s = strings.TrimSpace(s)
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 1<<30 {
		return 0, fmt.Errorf("%q is not a whole number of MiB of at least 1", s)
	}
	return n, nil
}

// applySiteSegments gives the queue a saved site's choice of segments, at
// once (its pool may still hold the site as it was before an edit).
func applySiteSegments(q *queue.Queue, site session.Site) {
	if q != nil {
		q.SetSiteSegments(session.KeyOf(site), site.Segments)
	}
}
