package demo

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTheSamplesHoldTheirRepeatedLines(t *testing.T) {
	dir := t.TempDir()
	if err := fill(dir); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		got, err := os.ReadFile(filepath.Join(dir, "photos", fmt.Sprintf("sample-%d.bin", i)))
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Repeat(fmt.Sprintf("sample data block %d\n", i), 1<<20/20*i*8)
		if !bytes.Equal(got, []byte(want)) {
			t.Fatalf("sample-%d.bin: %d bytes, want %d bytes of its line", i, len(got), len(want))
		}
	}
}
