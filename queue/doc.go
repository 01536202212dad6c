// Package queue is the transfer queue: jobs, a scheduler with N workers and
// per-site connection limits, resume, retries, file-exists policies, streamed
// directory expansion, persistence and progress snapshots. It never imports
// Fyne; the window and the command line are views over its snapshots.
package queue
