package ui

import "fyne.io/fyne/v2"

// onMain runs f on the main goroutine; background work reaches widgets only
// through it. Tests replace it to serialise with their own widget access,
// since Fyne's test driver has no main goroutine.
var onMain = fyne.Do
