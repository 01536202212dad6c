// Package schedule keeps timed and watched syncs: the schedules
// ($XDG_CONFIG_HOME/ferry/schedules.json), what is due, the result of each
// run ($XDG_STATE_HOME/ferry/), watch mode (a sync a moment after a local
// change) and the systemd user units that run them while nothing else does.
// The work of a run is done by a Runner that the caller gives (the command
// line or the window), through mirror. It never imports Fyne.
package schedule
