package bench

import (
	"fmt"
	"path/filepath"
	"testing"

	"ferry/internal/ftptest"
)

// One 512 MiB file from a vsftpd that caps each connection at 20 MB/s (as
// shared hosts do): Ferry over four connections against Ferry over one,
// lftp pget -n 4 and curl.
func BenchmarkSegmentedDownload(b *testing.B) {
	const size = 512 << 20
	requireTools(b, "lftp", "curl")
	ferry := buildFerry(b)
	srv := ftptest.VsftpdWith(b, ftptest.VsftpdOptions{MaxRate: 20_000_000})
	writeRandomFile(b, filepath.Join(srv.Root, "big.bin"), size)
	srv.Chown(b)
	url := fmt.Sprintf("ftp://%s:%s@%s/big.bin", srv.User, srv.Password, srv.Addr())
	fresh := func(name string) string { return filepath.Join(b.TempDir(), name) }
	r := &runner{b: b, srv: srv}
	const task = "512 MiB down, 20 MB/s per connection"

	want := fileSum(b, filepath.Join(srv.Root, "big.bin"))
	// got checks that a tool brought the whole file, byte for byte: a rate
	// means nothing for a download that stopped short.
	got := func(path string) {
		b.StopTimer()
		if sum := fileSum(b, path); sum != want {
			b.Fatalf("%s differs from the server's file", path)
		}
		b.StartTimer()
	}

	b.ResetTimer()
	for range b.N {
		for _, t := range []struct {
			tool string
			argv func(out string) []string
		}{
			{"ferry --segments 4", func(out string) []string { return []string{ferry, "get", "-q", "--segments", "4", url, out} }},
			{"ferry --segments 1", func(out string) []string { return []string{ferry, "get", "-q", "--segments", "1", url, out} }},
			{"ferry (automatic)", func(out string) []string { return []string{ferry, "get", "-q", url, out} }},
			{"lftp pget -n 4", func(out string) []string {
				return lftpArgs(srv, srv.Host, fmt.Sprintf("pget -n 4 /big.bin -o %s", out))
			}},
			{"curl", func(out string) []string {
				return []string{"curl", "-sS", "-u", srv.User + ":" + srv.Password, "ftp://" + srv.Addr() + "/big.bin", "-o", out}
			}},
		} {
			out := fresh("big.bin")
			r.measure(task, t.tool, size, "MB/s", t.argv(out))
			got(out)
		}
	}
	b.StopTimer()
	reportRuns(b, "Segmented download", r.runs)
}
