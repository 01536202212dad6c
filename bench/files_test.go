package bench

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func writeSmallFiles(b *testing.B, dir string) {
	b.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, smallFileSize)
	for i := range smallFiles {
		for k := range data {
			data[k] = byte(rng.Uint32())
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%04d.bin", i)), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// writeBigFile writes pseudo-random data (not sparse: every byte is read).
func writeBigFile(b *testing.B, path string) {
	b.Helper()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rng := rand.New(rand.NewPCG(3, 4))
	block := make([]byte, 1<<20)
	for i := range block {
		block[i] = byte(rng.Uint32())
	}
	for i := range bigFileSize / len(block) {
		block[0] = byte(i)
		if _, err := f.Write(block); err != nil {
			b.Fatal(err)
		}
	}
}

func copyTree(b *testing.B, from, to string) {
	b.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		copyFile(b, filepath.Join(from, e.Name()), filepath.Join(to, e.Name()))
	}
}

func copyFile(b *testing.B, from, to string) {
	b.Helper()
	src, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		b.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		b.Fatal(err)
	}
}

// buildFerry builds the binary under test, with the usual build cache.
func buildFerry(b *testing.B) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "ferry")
	cmd := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, "ferry")
	if out, err := exec.Command("go", "env", "GOCACHE").Output(); err == nil {
		cmd.Env = append(os.Environ(), "GOCACHE="+strings.TrimSpace(string(out)))
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("build ferry: %v\n%s", err, out)
	}
	return bin
}
