package bench

import (
	"fmt"
	"path/filepath"
	"testing"

	"ferry/internal/ftptest"
)

// 100,000 empty files up at 8 parallel: Ferry against lftp, with the peak
// memory of each.
func BenchmarkHundredThousandEmptyFilesUp(b *testing.B) {
	const files = 100_000
	requireTools(b, "lftp")
	ferry := buildFerry(b)
	srv := ftptest.Vsftpd(b, false)
	src := filepath.Join(b.TempDir(), "empty")
	emptyFiles(b, src, files)
	url := fmt.Sprintf("ftp://%s:%s@%s", srv.User, srv.Password, srv.Addr())
	r := &runner{b: b, srv: srv}
	j := fmt.Sprint(parallel)

	b.ResetTimer()
	for i := range b.N {
		up := fmt.Sprintf("/many%d", i)
		r.measure("100,000 empty files up", "ferry", files, "files/s",
			[]string{ferry, "put", "-r", "-q", "-j", j, src, url + up + "-ferry"})
		r.measure("100,000 empty files up", "lftp", files, "files/s",
			lftpArgs(srv, srv.Host, fmt.Sprintf("mirror -R --parallel=%d %s %s-lftp", parallel, src, up)))
	}
	b.StopTimer()
	reportRuns(b, "Many files", r.runs)
}
