package ui

import (
	"os"
	"path/filepath"
	"testing"
)

func TestTheLocalPaneFollowsFilesCreatedAndRemovedWithoutF5(t *testing.T) {
	w := testWindow(t, 3)
	var dir string
	inUI(func() {
		dir = w.local.dir
		press(cellOf(t, w.local, 1), 0) // f001.txt stays selected across refreshes
	})
	if err := os.WriteFile(filepath.Join(dir, "new.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return len(w.local.rows) == 4 })
	os.Remove(filepath.Join(dir, "f000.txt"))
	waitFor(t, func() bool { return len(w.local.rows) == 3 })
	inUI(func() {
		if got := names(w.local.selected()); got != "f001.txt" {
			t.Fatalf("selection after the refreshes: %q", got)
		}
	})
}
