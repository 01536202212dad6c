package ui

import (
	"os"
	"path/filepath"
	"testing"
)

func TestViewMenuShowsHiddenFilesAndCompactRowsInEveryPane(t *testing.T) {
	w := testWindow(t, 3)
	dir := w.local.dir
	os.WriteFile(filepath.Join(dir, ".secret"), []byte("x"), 0o644)
	inUI(func() { w.local.show(dir, mustList(t, dir)) })
	inUI(func() {
		if len(w.local.rows) != 3 {
			t.Fatalf("%d rows with hidden files hidden", len(w.local.rows))
		}
		normal := cellOf(t, w.local, 0).MinSize().Height
		w.viewHidden.Action()
		w.viewCompact.Action()
		if len(w.local.rows) != 4 || !w.viewHidden.Checked {
			t.Fatalf("%d rows with hidden files shown", len(w.local.rows))
		}
		if compact := cellOf(t, w.local, 0).MinSize().Height; compact >= normal {
			t.Fatalf("compact rows %v px, normal %v px", compact, normal)
		}
		if !w.env.Prefs.Bool("view.compact") {
			t.Fatal("compact rows are not remembered")
		}
	})
}
