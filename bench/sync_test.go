package bench

import (
	"bytes"
	"fmt"
	"math/rand/v2"
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
	syncFiles   = 20000
	syncFolders = 200
	syncSize    = 2 << 10
	syncChanged = 10
)

// BenchmarkIncrementalUploadSync uploads a 20,000-file tree with each tool
// into its own folder of one vsftpd, changes 10 files (same size, new
// bytes, newer time), and times each tool's second run. It also says what
// each second run sent (vsftpd's transfer log) and whether the 10 changed
// files arrived: a tool that sends nothing is fast and wrong.
func BenchmarkIncrementalUploadSync(b *testing.B) {
	for _, tool := range []string{"lftp", "rclone"} {
		if _, err := exec.LookPath(tool); err != nil {
			b.Fatalf("%s is not installed (make bench installs it)", tool)
		}
	}
	ferry := buildFerry(b)
	srv := ftptest.Vsftpd(b, false)
	src := filepath.Join(b.TempDir(), "tree")
	rels := writeSyncTree(b, src)
	state := b.TempDir() // Ferry's upload record
	obscured, err := exec.Command("rclone", "obscure", srv.Password).Output()
	if err != nil {
		b.Fatal(err)
	}
	rcloneRemote := fmt.Sprintf(":ftp,host=%s,port=%d,user=%s,pass=%s:", srv.Host, srv.Port, srv.User, strings.TrimSpace(string(obscured)))
	argv := map[string][]string{
		"ferry": {ferry, "sync", "-q", "-j", fmt.Sprint(parallel), src,
			fmt.Sprintf("ftp://%s:%s@%s/ferry", srv.User, srv.Password, srv.Addr())},
		"lftp": {"lftp", "-u", srv.User + "," + srv.Password, "-p", fmt.Sprint(srv.Port), "-e",
			fmt.Sprintf("set ftp:ssl-allow no; set cmd:fail-exit yes; mirror -R --only-newer --parallel=%d %s /lftp; quit", parallel, src),
			srv.Host},
		"rclone": {"rclone", "sync", "-q", "--transfers", fmt.Sprint(parallel), "--checkers", fmt.Sprint(parallel),
			src, rcloneRemote + "/rclone"},
	}
	tools := []string{"ferry", "lftp", "rclone"}
	run := func(tool string) time.Duration {
		syscall.Sync()
		cmd := exec.Command(argv[tool][0], argv[tool][1:]...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "XDG_STATE_HOME="+state, "XDG_CONFIG_HOME="+state, "RCLONE_CONFIG=/dev/null")
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("%s: %v\n%s", tool, err, out.String())
		}
		return time.Since(start)
	}

	type row struct {
		tool           string
		first, second  time.Duration
		sent           int64
		changedArrived int
	}
	var rows []row
	for _, tool := range tools {
		rows = append(rows, row{tool: tool, first: run(tool)})
	}
	changeSyncFiles(b, src, rels[:syncChanged])

	b.ResetTimer()
	for i := range rows {
		before := srv.XferBytes(b, "i", "")
		rows[i].second = run(rows[i].tool)
		rows[i].sent = srv.XferBytes(b, "i", "") - before
		for _, rel := range rels[:syncChanged] {
			want, _ := os.ReadFile(filepath.Join(src, rel))
			got, _ := os.ReadFile(filepath.Join(srv.Root, rows[i].tool, rel))
			if bytes.Equal(want, got) {
				rows[i].changedArrived++
			}
		}
	}
	b.StopTimer()

	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%d files, %d changed\tfirst run s\tsecond run s\tsecond run sent\tchanged files that arrived\tferry's speed-up\n", syncFiles, syncChanged)
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%d B\t%d of %d\t%.2fx\n", r.tool, r.first.Seconds(), r.second.Seconds(),
			r.sent, r.changedArrived, syncChanged, r.second.Seconds()/rows[0].second.Seconds())
		if r.tool != "ferry" {
			b.ReportMetric(r.second.Seconds()/rows[0].second.Seconds(), "incremental-sync/ferry-vs-"+r.tool)
		}
	}
	tw.Flush()
	fmt.Print("\n" + buf.String())
}

// writeSyncTree writes syncFiles files of syncSize bytes in syncFolders
// folders, two hours old, and returns their relative paths.
func writeSyncTree(b *testing.B, dir string) []string {
	b.Helper()
	rng := rand.New(rand.NewPCG(5, 6))
	old := time.Now().Add(-2 * time.Hour)
	data := make([]byte, syncSize)
	rels := make([]string, 0, syncFiles)
	for i := range syncFiles {
		rel := fmt.Sprintf("d%03d/f%05d.bin", i%syncFolders, i)
		p := filepath.Join(dir, rel)
		if i < syncFolders {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				b.Fatal(err)
			}
		}
		for k := range data {
			data[k] = byte(rng.Uint32())
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			b.Fatal(err)
		}
		rels = append(rels, rel)
	}
	return rels
}

// changeSyncFiles gives files new bytes of the same size and a time ten
// minutes ago (newer than the tree, and not in the future, which a listing
// would show by its day only).
func changeSyncFiles(b *testing.B, dir string, rels []string) {
	b.Helper()
	newer := time.Now().Add(-10 * time.Minute)
	for _, rel := range rels {
		p := filepath.Join(dir, rel)
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		for i := range data {
			data[i] ^= 0xa5
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.Chtimes(p, newer, newer); err != nil {
			b.Fatal(err)
		}
	}
}
