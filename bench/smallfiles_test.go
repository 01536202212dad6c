package bench

import (
	"fmt"
	"path/filepath"
	"testing"

	"ferry/internal/ftptest"
)

// 2,000 files of 8 KiB up and down at 8 parallel on vsftpd, plain and over
// explicit TLS: Ferry against lftp and rclone, with the FTP commands each
// sends per file (counted in vsftpd's log) and where the time goes (the
// client's, the server's and the whole machine's processor time).
func BenchmarkSmallFilesCommandsPerFile(b *testing.B) {
	requireTools(b, "lftp", "rclone")
	ferry := buildFerry(b)
	plain := ftptest.VsftpdWith(b, ftptest.VsftpdOptions{LogCommands: true})
	secure := ftptest.VsftpdWith(b, ftptest.VsftpdOptions{TLS: true, LogCommands: true})
	small := filepath.Join(b.TempDir(), "small")
	writeSmallFiles(b, small)
	for _, srv := range []*ftptest.Server{plain, secure} {
		copyTree(b, small, filepath.Join(srv.Root, "small"))
		srv.Chown(b)
	}
	certs := filepath.Join(b.TempDir(), "data")
	fresh := func(name string) string { return filepath.Join(b.TempDir(), name) }
	j := fmt.Sprint(parallel)
	var runs []run

	b.ResetTimer()
	for i := range b.N {
		for _, srv := range []*ftptest.Server{plain, secure} {
			r := &runner{b: b, srv: srv}
			scheme, suffix, env := "ftp", "", []string(nil)
			if srv.TLS {
				// --accept-new-cert remembers the test certificate in a
				// data folder of the benchmark's own.
				scheme, suffix, env = "ftpes", " (TLS)", []string{"XDG_DATA_HOME=" + certs}
			}
			url := fmt.Sprintf("%s://%s:%s@%s", scheme, srv.User, srv.Password, srv.Addr())
			up := fmt.Sprintf("/up%d", i)
			r.measure("2000 × 8 KiB up"+suffix, "ferry", smallFiles, "files/s",
				[]string{ferry, "put", "-r", "-q", "--accept-new-cert", "-j", j, small, url + up + "-ferry"}, env...)
			r.measure("2000 × 8 KiB up"+suffix, "lftp", smallFiles, "files/s",
				lftpArgs(srv, srv.Host, fmt.Sprintf("mirror -R --parallel=%d %s %s-lftp", parallel, small, up)))
			if !srv.TLS { // rclone 1.60 fails vsftpd's require_ssl_reuse
				r.measure("2000 × 8 KiB up"+suffix, "rclone", smallFiles, "files/s",
					[]string{"rclone", "copy", "--transfers", j, "--checkers", j, small, rcloneRemote(b, srv) + up + "-rclone"})
			}
			r.measure("2000 × 8 KiB down"+suffix, "ferry", smallFiles, "files/s",
				[]string{ferry, "get", "-r", "-q", "--accept-new-cert", "-j", j, url + "/small", fresh("ferry")}, env...)
			r.measure("2000 × 8 KiB down"+suffix, "lftp", smallFiles, "files/s",
				lftpArgs(srv, srv.Host, fmt.Sprintf("mirror --parallel=%d /small %s", parallel, fresh("lftp"))))
			if !srv.TLS {
				r.measure("2000 × 8 KiB down"+suffix, "rclone", smallFiles, "files/s",
					[]string{"rclone", "copy", "--transfers", j, "--checkers", j, rcloneRemote(b, srv) + "/small", fresh("rclone")})
			}
			runs = append(runs, r.runs...)
		}
	}
	b.StopTimer()
	reportRuns(b, "Small files", runs)
	reportMachine(runs)
	tlsCost := func(task string) float64 {
		var p, s float64
		for _, r := range runs {
			if r.tool == "ferry" && r.task == task {
				p = r.seconds
			}
			if r.tool == "ferry" && r.task == task+" (TLS)" {
				s = r.seconds
			}
		}
		return s / p
	}
	fmt.Printf("Ferry's time over TLS / plain: up %.2fx, down %.2fx\n", tlsCost("2000 × 8 KiB up"), tlsCost("2000 × 8 KiB down"))
}
