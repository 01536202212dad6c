package queue

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"ferry/internal/ftptest"
	"ferry/session"
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

// benchSite is vsftpd, over explicit TLS with secure.
func benchSite(b *testing.B, secure bool) (*ftptest.Server, session.Site) {
	srv := ftptest.Vsftpd(b, secure)
	site := realSite(srv, benchWorkers)
	if secure {
		site.Protocol = session.ExplicitTLS
	}
	return srv, site
}

func BenchmarkUploadSmallFiles(b *testing.B)    { benchUploadSmallFiles(b, false) }
func BenchmarkUploadSmallFilesTLS(b *testing.B) { benchUploadSmallFiles(b, true) }

func benchUploadSmallFiles(b *testing.B, secure bool) {
	_, site := benchSite(b, secure)
	src := filepath.Join(b.TempDir(), "small")
	makeSmallFiles(b, src)
	q := newQueue(b, site, Options{Workers: benchWorkers, Policy: PolicyOverwrite})
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

func BenchmarkDownloadSmallFiles(b *testing.B)    { benchDownloadSmallFiles(b, false) }
func BenchmarkDownloadSmallFilesTLS(b *testing.B) { benchDownloadSmallFiles(b, true) }

func benchDownloadSmallFiles(b *testing.B, secure bool) {
	srv, site := benchSite(b, secure)
	makeSmallFiles(b, filepath.Join(srv.Root, "small"))
	// vsftpd serves files its user can read; root wrote these 0644.
	q := newQueue(b, site, Options{Workers: benchWorkers})
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
