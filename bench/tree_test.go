package bench

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"ferry/internal/ftptest"
)

// The tree the folder benchmarks upload: 8 top folders, each with 2
// children, each child with 1 grandchild (40 folders, 3 deep), and 5 files
// of 8 KiB in every folder (200 files).
const (
	treeTop         = 8
	treeChildren    = 2
	treeFilesPerDir = 5
	treeFolders     = treeTop * (1 + 2*treeChildren)
	treeFiles       = treeFolders * treeFilesPerDir
)

// writeTree writes the benchmark's tree under dir.
func writeTree(b *testing.B, dir string) {
	b.Helper()
	data := make([]byte, smallFileSize)
	n := 0
	fill := func(folder string) {
		if err := os.MkdirAll(folder, 0o755); err != nil {
			b.Fatal(err)
		}
		for i := range treeFilesPerDir {
			n++
			data[0], data[1] = byte(n), byte(n>>8)
			if err := os.WriteFile(filepath.Join(folder, fmt.Sprintf("f%d.bin", i)), data, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	for t := range treeTop {
		top := filepath.Join(dir, fmt.Sprintf("top%d", t))
		fill(top)
		for c := range treeChildren {
			child := filepath.Join(top, fmt.Sprintf("child%d", c))
			fill(child)
			fill(filepath.Join(child, "leaf"))
		}
	}
	if n != treeFiles {
		b.Fatalf("wrote %d files, want %d", n, treeFiles)
	}
}

// A tree of 40 folders (3 deep) with 200 files of 8 KiB, up at 8 parallel
// over a 50 ms round trip and over loopback: Ferry's put -r (and its sync)
// against lftp's mirror -R, with the commands each sends per file; then the same again,
// when every folder and file is already there and only the folders'
// listings are needed. The folders are where round trips add up: each MKD
// or listing is one or more.
func BenchmarkTreeUpload(b *testing.B) {
	requireTools(b, "lftp", "python3")
	ferry := buildFerry(b)
	srv := ftptest.VsftpdWith(b, ftptest.VsftpdOptions{LogCommands: true, PasvAddress: "127.0.0.2"})
	host := startWAN(b, srv, 50*time.Millisecond)
	src := filepath.Join(b.TempDir(), "tree")
	writeTree(b, src)
	srv.Chown(b)
	wan := net.JoinHostPort(host, strconv.Itoa(srv.Port))
	j := fmt.Sprint(parallel)
	r := &runner{b: b, srv: srv}

	b.ResetTimer()
	for i := range b.N {
		for _, over := range []struct{ task, host, addr string }{
			{", 50 ms RTT", host, wan},
			{"", srv.Host, srv.Addr()},
		} {
			up := fmt.Sprintf("/tree%d-%s", i, over.host)
			url := fmt.Sprintf("ftp://%s:%s@%s", srv.User, srv.Password, over.addr)
			for _, task := range []string{"40 folders × 5 × 8 KiB up", "the same again, all there"} {
				r.measure(task+over.task, "ferry", treeFiles, "files/s",
					[]string{ferry, "put", "-r", "-q", "-j", j, src, url + up + "-ferry"})
				r.measure(task+over.task, "lftp", treeFiles, "files/s",
					lftpArgs(srv, over.host, fmt.Sprintf("mirror -R --parallel=%d %s %s-lftp", parallel, src, up)))
				r.measure(task+over.task, "ferry sync", treeFiles, "files/s",
					[]string{ferry, "sync", "-q", "-j", j, src, url + up + "-sync"})
				for _, tool := range []string{"ferry", "lftp", "sync"} {
					checkTree(b, filepath.Join(srv.Root, up+"-"+tool))
				}
			}
		}
	}
	b.StopTimer()
	reportRuns(b, "A tree of folders", r.runs)
}

// checkTree fails the benchmark unless dir holds the whole tree.
func checkTree(b *testing.B, dir string) {
	b.Helper()
	files, folders := 0, 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && p != dir:
			folders++
		case d.Type().IsRegular():
			files++
		}
		return nil
	})
	if err != nil || files != treeFiles || folders != treeFolders {
		b.Fatalf("%s holds %d files in %d folders, want %d in %d (%v)", dir, files, folders, treeFiles, treeFolders, err)
	}
}
