// Package fynecache shortens how long Fyne keeps what it drew after its last
// use, from a minute to ten seconds, unless FYNE_CACHE says otherwise.
//
// Fyne keeps a texture for every distinct text it drew for that long. A busy
// transfer queue and message log draw thousands of distinct lines a minute,
// and without a GPU (a software renderer) those textures live in Ferry's own
// memory: uploading 100,000 files from the window peaked 60–80 MB higher
// with a minute than with ten seconds.
//
// Import it for its side effect, before Fyne: Fyne reads FYNE_CACHE while
// its packages initialise, and Go initialises packages in import-path order
// once their own imports are done, so this one, needing only os, runs before
// any fyne.io package.
package fynecache

import "os"

// Keep is how long Fyne keeps a texture, renderer or icon nothing drew.
const Keep = "10s"

func init() {
	if os.Getenv("FYNE_CACHE") == "" {
		os.Setenv("FYNE_CACHE", Keep)
	}
}
