package bench

import (
	"fmt"
	"path/filepath"
	"testing"

	"ferry/internal/ftptest"
)

// The 2,000 small files up and down on plain vsftpd again, with the server
// on one processor and the client on the other: each side's share of its
// own processor shows which one sets the pace. When the server's processor
// is full for Ferry and lftp alike, files per second are the server's
// number, whatever the client saves.
func BenchmarkSmallFilesServerBound(b *testing.B) {
	requireTools(b, "lftp", "taskset")
	ferry := buildFerry(b)
	srv := ftptest.VsftpdWith(b, ftptest.VsftpdOptions{LogCommands: true})
	srv.PinTo(b, 1)
	small := filepath.Join(b.TempDir(), "small")
	writeSmallFiles(b, small)
	copyTree(b, small, filepath.Join(srv.Root, "small"))
	srv.Chown(b)
	fresh := func(name string) string { return filepath.Join(b.TempDir(), name) }
	onCPU0 := func(argv ...string) []string { return append([]string{"taskset", "-c", "0"}, argv...) }
	url := fmt.Sprintf("ftp://%s:%s@%s", srv.User, srv.Password, srv.Addr())
	j := fmt.Sprint(parallel)
	var runs []run

	b.ResetTimer()
	for i := range b.N {
		r := &runner{b: b, srv: srv}
		up := fmt.Sprintf("/up%d", i)
		r.measure("2000 × 8 KiB up, pinned", "ferry", smallFiles, "files/s",
			onCPU0(ferry, "put", "-r", "-q", "-j", j, small, url+up+"-ferry"))
		r.measure("2000 × 8 KiB up, pinned", "lftp", smallFiles, "files/s",
			onCPU0(lftpArgs(srv, srv.Host, fmt.Sprintf("mirror -R --parallel=%d %s %s-lftp", parallel, small, up))...))
		r.measure("2000 × 8 KiB down, pinned", "ferry", smallFiles, "files/s",
			onCPU0(ferry, "get", "-r", "-q", "-j", j, url+"/small", fresh("ferry")))
		r.measure("2000 × 8 KiB down, pinned", "lftp", smallFiles, "files/s",
			onCPU0(lftpArgs(srv, srv.Host, fmt.Sprintf("mirror --parallel=%d /small %s", parallel, fresh("lftp")))...))
		runs = append(runs, r.runs...)
	}
	b.StopTimer()
	reportRuns(b, "Small files, server on processor 1, client on processor 0", runs)
	fmt.Println("\nEach side's share of its own processor (100 % = the processor was never idle):")
	for _, r := range runs {
		fmt.Printf("  %-26s %-5s client %3.0f %%  server %3.0f %%\n", r.task, r.tool,
			100*r.clientCPU/r.seconds, 100*r.serverCPU/r.seconds)
	}
}
