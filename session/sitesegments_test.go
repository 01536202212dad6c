package session

import (
	"os"
	"path/filepath"
	"testing"
)

// A sites file from before sites had a choice of segments loads as
// Automatic, and a choice saved with a site is read back.
func TestASitesChoiceOfSegmentsIsSavedAndOldFilesLoadAsAutomatic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sites.json")
	old := `{"sites":[{"id":"a1","name":"old","protocol":"ftpes","host":"h","logon":"normal","user":"u","maxConns":4}]}`
	if err := os.WriteFile(path, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := OpenStore(path)
	if err != nil {
		t.Fatal(err)
	}
	site, ok := s.Get("old")
	if !ok || site.Segments != 0 || site.MaxConns != 4 {
		t.Fatalf("the old site loads as %+v", site)
	}
	site.Segments = 3
	if err := s.Put(site); err != nil {
		t.Fatal(err)
	}
	again, err := OpenStore(path)
	if err != nil {
		t.Fatal(err)
	}
	if site, _ := again.Get("old"); site.Segments != 3 {
		t.Fatalf("segments read back as %d, want 3", site.Segments)
	}
}
