package bench

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"ferry/internal/ftptest"
)

// wanProxy is the shared tool that adds a round-trip time in front of a
// local vsftpd: FERRY_WAN_PROXY, or ../shared/tools/wan-proxy.py beside
// the repository.
func wanProxy(b *testing.B) string {
	b.Helper()
	if p := os.Getenv("FERRY_WAN_PROXY"); p != "" {
		return p
	}
	p, err := filepath.Abs(filepath.Join("..", "..", "shared", "tools", "wan-proxy.py"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		b.Skipf("no WAN proxy at %s (set FERRY_WAN_PROXY)", p)
	}
	return p
}

// startWAN puts the proxy with rtt in front of srv; clients connect to
// 127.0.0.2 on the server's port.
func startWAN(b *testing.B, srv *ftptest.Server, rtt time.Duration) string {
	b.Helper()
	cmd := exec.Command("python3", wanProxy(b), "--rtt-ms", strconv.Itoa(int(rtt.Milliseconds())),
		"--server-port", strconv.Itoa(srv.Port), "--pasv-from", strconv.Itoa(srv.PasvMin),
		"--pasv-to", strconv.Itoa(srv.PasvMax))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := net.JoinHostPort("127.0.0.2", strconv.Itoa(srv.Port))
	for deadline := time.Now().Add(10 * time.Second); ; {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "127.0.0.2"
		}
		if time.Now().After(deadline) {
			b.Fatalf("the WAN proxy did not listen on %s", addr)
		}
		time.Sleep(50 * time.Millisecond) // waiting for a process to listen
	}
}

// 50 ms round trips between client and server (control and data): 200
// files of 8 KiB up at 8 parallel, Ferry against lftp; one small file
// down, Ferry against curl.
func BenchmarkSmallFilesOverWAN(b *testing.B) {
	const files = 200
	requireTools(b, "lftp", "curl", "python3")
	ferry := buildFerry(b)
	srv := ftptest.VsftpdWith(b, ftptest.VsftpdOptions{LogCommands: true, PasvAddress: "127.0.0.2"})
	host := startWAN(b, srv, 50*time.Millisecond)
	src := filepath.Join(b.TempDir(), "src")
	data := make([]byte, smallFileSize)
	if err := os.MkdirAll(src, 0o755); err != nil {
		b.Fatal(err)
	}
	for i := range files {
		data[0] = byte(i)
		if err := os.WriteFile(filepath.Join(src, fmt.Sprintf("w%03d.bin", i)), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(srv.Root, "one.bin"), data, 0o644); err != nil {
		b.Fatal(err)
	}
	srv.Chown(b)
	addr := net.JoinHostPort(host, strconv.Itoa(srv.Port))
	url := fmt.Sprintf("ftp://%s:%s@%s", srv.User, srv.Password, addr)
	r := &runner{b: b, srv: srv}
	j := fmt.Sprint(parallel)

	b.ResetTimer()
	for i := range b.N {
		up := fmt.Sprintf("/wan%d", i)
		r.measure("200 × 8 KiB up, 50 ms RTT", "ferry", files, "files/s",
			[]string{ferry, "put", "-r", "-q", "-j", j, src, url + up + "-ferry"})
		r.measure("200 × 8 KiB up, 50 ms RTT", "lftp", files, "files/s",
			lftpArgs(srv, host, fmt.Sprintf("mirror -R --parallel=%d %s %s-lftp", parallel, src, up)))
		r.measure("1 × 8 KiB down, 50 ms RTT", "ferry", 1, "files/s",
			[]string{ferry, "get", "-q", url + "/one.bin", filepath.Join(b.TempDir(), "one.bin")})
		r.measure("1 × 8 KiB down, 50 ms RTT", "curl", 1, "files/s",
			[]string{"curl", "-sS", "-u", srv.User + ":" + srv.Password, "ftp://" + addr + "/one.bin",
				"-o", filepath.Join(b.TempDir(), "one.bin")})
	}
	b.StopTimer()
	reportRuns(b, "Over a 50 ms round trip", r.runs)
}
