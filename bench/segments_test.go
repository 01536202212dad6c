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

	b.ResetTimer()
	for range b.N {
		r.measure(task, "ferry --segments 4", size, "MB/s",
			[]string{ferry, "get", "-q", "--segments", "4", url, fresh("ferry4.bin")})
		r.measure(task, "ferry --segments 1", size, "MB/s",
			[]string{ferry, "get", "-q", "--segments", "1", url, fresh("ferry1.bin")})
		r.measure(task, "ferry (automatic)", size, "MB/s",
			[]string{ferry, "get", "-q", url, fresh("ferry0.bin")})
		r.measure(task, "lftp pget -n 4", size, "MB/s",
			lftpArgs(srv, srv.Host, fmt.Sprintf("pget -n 4 /big.bin -o %s", fresh("lftp.bin"))))
		r.measure(task, "curl", size, "MB/s",
			[]string{"curl", "-sS", "-u", srv.User + ":" + srv.Password, "ftp://" + srv.Addr() + "/big.bin",
				"-o", fresh("curl.bin")})
	}
	b.StopTimer()
	reportRuns(b, "Segmented download", r.runs)
}
