// Package bench compares Ferry with lftp and curl on the same vsftpd, in one
// run: many small files and one big file, up and down. Run it with
// "make bench"; it is a benchmark, never a pass/fail test of speed.
package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"text/tabwriter"
	"time"

	"ferry/internal/ftptest"
)

const (
	smallFiles    = 2000
	smallFileSize = 8 << 10
	parallel      = 8
	bigFileSize   = 1 << 30
)

// result is one tool's time for one task.
type result struct {
	task, tool string
	seconds    float64
	units      float64 // files or bytes moved
	unit       string  // "files/s" or "MB/s"
}

func (r result) rate() float64 {
	if r.unit == "MB/s" {
		return r.units / 1e6 / r.seconds
	}
	return r.units / r.seconds
}

func BenchmarkFerryVersusLftpAndCurl(b *testing.B) {
	for _, tool := range []string{"lftp", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			b.Fatalf("%s is not installed (make bench installs it)", tool)
		}
	}
	ferry := buildFerry(b)
	srv := ftptest.Vsftpd(b, false)
	work := b.TempDir()
	small := filepath.Join(work, "small")
	writeSmallFiles(b, small)
	big := filepath.Join(work, "big.bin")
	writeBigFile(b, big)
	// The server's copies for downloads, owned by the FTP user.
	copyTree(b, small, filepath.Join(srv.Root, "small"))
	copyFile(b, big, filepath.Join(srv.Root, "big.bin"))
	srv.Chown(b)
	// Ferry makes downloads durable before renaming them (one syncfs per
	// batch); flush the setup's gigabyte first so that it is not billed to
	// the first download measured.
	syscall.Sync()

	url := fmt.Sprintf("ftp://%s:%s@%s", srv.User, srv.Password, srv.Addr())
	lftp := func(script string) []string {
		return []string{"lftp", "-u", srv.User + "," + srv.Password, "-p", fmt.Sprint(srv.Port),
			"-e", "set ftp:ssl-allow no; set cmd:fail-exit yes; " + script + "; quit", srv.Host}
	}
	curlUser := srv.User + ":" + srv.Password
	fresh := func(name string) string { return filepath.Join(b.TempDir(), name) }
	j := fmt.Sprint(parallel)

	var results []result
	measure := func(task, tool string, units float64, unit string, argv []string) {
		// Each tool starts with nothing dirty on the disk: Ferry's syncfs
		// would otherwise pay for writing back what the tool before it (and
		// the server) left in the page cache.
		syscall.Sync()
		start := time.Now()
		cmd := exec.Command(argv[0], argv[1:]...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		cmd.Env = append(os.Environ(), "LANG=C.UTF-8")
		if err := cmd.Run(); err != nil {
			b.Fatalf("%s %s: %v\n%s", tool, task, err, out.String())
		}
		results = append(results, result{task, tool, time.Since(start).Seconds(), units, unit})
	}

	b.ResetTimer()
	for i := range b.N {
		up := fmt.Sprintf("/up%d", i)
		measure("2000 small files up", "ferry", smallFiles, "files/s",
			[]string{ferry, "put", "-r", "-q", "-j", j, small, url + up + "-ferry"})
		measure("2000 small files up", "lftp", smallFiles, "files/s",
			lftp(fmt.Sprintf("mirror -R --parallel=%d %s %s-lftp", parallel, small, up)))
		measure("2000 small files up", "curl", smallFiles, "files/s",
			[]string{"curl", "-sS", "--ftp-create-dirs", "--parallel", "--parallel-max", j, "-u", curlUser,
				"-T", small + "/f[0000-1999].bin", "ftp://" + srv.Addr() + up + "-curl/"})

		measure("2000 small files down", "ferry", smallFiles, "files/s",
			[]string{ferry, "get", "-r", "-q", "-j", j, url + "/small", fresh("ferry")})
		measure("2000 small files down", "lftp", smallFiles, "files/s",
			lftp(fmt.Sprintf("mirror --parallel=%d /small %s", parallel, fresh("lftp"))))
		measure("2000 small files down", "curl", smallFiles, "files/s",
			[]string{"curl", "-sS", "--create-dirs", "--parallel", "--parallel-max", j, "-u", curlUser,
				"ftp://" + srv.Addr() + "/small/f[0000-1999].bin", "-o", fresh("curl") + "/f#1.bin"})

		measure("1 GiB file down", "ferry", bigFileSize, "MB/s",
			[]string{ferry, "get", "-q", url + "/big.bin", fresh("ferry.bin")})
		measure("1 GiB file down", "lftp", bigFileSize, "MB/s",
			lftp(fmt.Sprintf("pget -n %d /big.bin -o %s", parallel, fresh("lftp.bin"))))
		measure("1 GiB file down", "curl", bigFileSize, "MB/s",
			[]string{"curl", "-sS", "-u", curlUser, "ftp://" + srv.Addr() + "/big.bin", "-o", fresh("curl.bin")})

		measure("1 GiB file up", "ferry", bigFileSize, "MB/s",
			[]string{ferry, "put", "-q", big, url + up + "-big-ferry.bin"})
		measure("1 GiB file up", "lftp", bigFileSize, "MB/s",
			lftp(fmt.Sprintf("put %s -o %s-big-lftp.bin", big, up)))
		measure("1 GiB file up", "curl", bigFileSize, "MB/s",
			[]string{"curl", "-sS", "-u", curlUser, "-T", big, "ftp://" + srv.Addr() + up + "-big-curl.bin"})
	}
	b.StopTimer()
	report(b, results)
}

// report prints each tool's time and rate, and Ferry's ratio to each.
func report(b *testing.B, results []result) {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "task\ttool\tseconds\trate\tferry's ratio")
	ferry := map[string]result{}
	for _, r := range results {
		if r.tool == "ferry" {
			ferry[r.task] = r
		}
	}
	for _, r := range results {
		f := ferry[r.task]
		fmt.Fprintf(tw, "%s\t%s\t%.2f\t%.1f %s\t%.2fx\n", r.task, r.tool, r.seconds, r.rate(), r.unit, f.rate()/r.rate())
		if r.tool != "ferry" {
			name := strings.ReplaceAll(r.task, " ", "-") + "/ferry-vs-" + r.tool
			b.ReportMetric(f.rate()/r.rate(), name)
		}
	}
	tw.Flush()
	fmt.Print("\n" + buf.String())
}
