// Package mirror compares a local folder with a server folder and makes one
// match the other. It walks both trees folder by folder (one listing per
// folder on each side, never the whole tree in memory), decides what to
// copy, replace, keep as an old version or delete, and hands the copies to
// the transfer queue, which moves them. It keeps, per sync pair, a record of
// what it uploaded, for servers that cannot set a file's time.
// It never imports Fyne.
package mirror
