package queue

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// A download's bytes are handed to the disk a stretch at a time as they
// are written, from where the download started, and arrive intact.
func TestWritebackHandsOnEachStretchAndKeepsTheBytes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.part")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	head := bytes.Repeat([]byte{1}, 1<<20) // a resumed download's first MiB
	if _, err := f.Write(head); err != nil {
		t.Fatal(err)
	}
	w := &writebackWriter{localWriter: localWriter{w: f, path: path}, wb: writeback{f: f, from: 1 << 20}, off: 1 << 20}
	chunk := bytes.Repeat([]byte{7}, 1<<20)
	for range 20 {
		if _, err := w.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if want := int64(1<<20 + 2*writebackStretch); w.wb.from != want {
		t.Errorf("handed on up to %d, want %d (two whole stretches after the first MiB)", w.wb.from, want)
	}
	got, err := os.ReadFile(path)
	if err != nil || len(got) != 21<<20 || !bytes.Equal(got[:1<<20], head) || got[len(got)-1] != 7 {
		t.Fatalf("the file: %d bytes, %v", len(got), err)
	}
}
