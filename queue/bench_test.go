package queue

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"ferry/internal/ftptest"
)

const (
	benchFiles    = 2000
	benchFileSize = 8 << 10
	benchWorkers  = 8
)

// makeSmallFiles writes benchFiles files of benchFileSize into dir.
func makeSmallFiles(b *testing.B, dir string) {
	b.Helper()
	data := randomBytes(1, benchFileSize)
	for i := range benchFiles {
		writeFile(b, filepath.Join(dir, fmt.Sprintf("f%04d.bin", i)), data)
	}
}

func BenchmarkUploadSmallFiles(b *testing.B) {
	srv := ftptest.Vsftpd(b, false)
	src := filepath.Join(b.TempDir(), "small")
	makeSmallFiles(b, src)
	q := newQueue(b, realSite(srv, benchWorkers), Options{Workers: benchWorkers, Policy: PolicyOverwrite})
	b.ResetTimer()
	for i := range b.N {
		if err := q.Upload(testKey, src, fmt.Sprintf("/up%d", i), true); err != nil {
			b.Fatal(err)
		}
		requireAll(b, wait(b, q), Done)
		b.StopTimer()
		q.ClearFinished()
		b.StartTimer()
	}
	b.ReportMetric(float64(benchFiles*b.N)/b.Elapsed().Seconds(), "files/s")
}

func BenchmarkDownloadSmallFiles(b *testing.B) {
	srv := ftptest.Vsftpd(b, false)
	makeSmallFiles(b, filepath.Join(srv.Root, "small"))
	// vsftpd serves files its user can read; root wrote these 0644.
	q := newQueue(b, realSite(srv, benchWorkers), Options{Workers: benchWorkers})
	b.ResetTimer()
	for range b.N {
		dst := filepath.Join(b.TempDir(), "small")
		if err := q.Download(testKey, "/small", dst, true); err != nil {
			b.Fatal(err)
		}
		requireAll(b, wait(b, q), Done)
		b.StopTimer()
		q.ClearFinished()
		os.RemoveAll(dst)
		b.StartTimer()
	}
	b.ReportMetric(float64(benchFiles*b.N)/b.Elapsed().Seconds(), "files/s")
}
