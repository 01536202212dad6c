package cli

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/adrg/xdg"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
	"ferry/queue"
)

// isolate points every XDG folder at a temp dir and returns that dir.
func isolate(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	for _, v := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"} {
		t.Setenv(v, filepath.Join(home, strings.ToLower(v)))
	}
	t.Setenv("FERRY_PASSWORD", "")
	xdg.Reload()
	return home
}

// run calls the command line in-process.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func ftpURL(host string, port int, user, password, path string) string {
	return fmt.Sprintf("ftp://%s:%s@%s/%s", user, password, net.JoinHostPort(host, fmt.Sprint(port)), strings.TrimPrefix(path, "/"))
}

func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// sameTree fails unless both trees hold the same files with the same bytes.
func sameTree(t *testing.T, a, b string) {
	t.Helper()
	count := 0
	err := filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		other, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil {
			return err
		}
		if !bytes.Equal(readFile(t, p), other) {
			return fmt.Errorf("%s differs", rel)
		}
		count++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if count == 0 {
		t.Fatal("empty tree")
	}
}

func TestPutAndGetATreeAndAFile(t *testing.T) {
	isolate(t)
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	src := filepath.Join(t.TempDir(), "src")
	for i := range 20 {
		writeFile(t, filepath.Join(src, fmt.Sprintf("d%d", i%3), fmt.Sprintf("f %d ü.txt", i)), bytes.Repeat([]byte{byte(i)}, i*1000))
	}
	base := ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "")

	code, out, errOut := run(t, "put", "-r", "-q", src, base+"tree")
	if code != 0 || out != "" {
		t.Fatalf("put -r: %d %q %q", code, out, errOut)
	}
	sameTree(t, src, filepath.Join(srv.Root, "tree"))

	back := filepath.Join(t.TempDir(), "back")
	code, out, errOut = run(t, "get", base+"tree", back, "-r", "-j", "3")
	if code != 0 || !strings.Contains(out, "20 files") {
		t.Fatalf("get -r: %d %q %q", code, out, errOut)
	}
	sameTree(t, src, back)

	// Again: everything is there already and identical, so all is skipped.
	code, _, errOut = run(t, "get", "-r", "-q", base+"tree", back)
	if code != 0 {
		t.Fatalf("second get -r: %d %q", code, errOut)
	}

	one := filepath.Join(t.TempDir(), "one.txt")
	code, _, errOut = run(t, "get", "-q", base+"tree/d1/f 1 ü.txt", one)
	if code != 0 || !bytes.Equal(readFile(t, one), readFile(t, filepath.Join(src, "d1", "f 1 ü.txt"))) {
		t.Fatalf("get file: %d %q", code, errOut)
	}
	code, out, _ = run(t, "ls", base+"tree/d1")
	if code != 0 || !strings.Contains(out, "f 1 ü.txt") {
		t.Fatalf("ls: %d %q", code, out)
	}
}

func TestFailuresAreOneClearLineAndANonZeroExit(t *testing.T) {
	isolate(t)
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	silentPort := silent.Addr().(*net.TCPAddr).Port
	dst := t.TempDir()

	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"wrong password", []string{"get", ftpURL(srv.Host, srv.Port, srv.User, "wrong", "/x"), dst}, 1, "wrong user name or password"},
		{"silent server", []string{"ls", "--timeout", "300ms", ftpURL("127.0.0.1", silentPort, "u", "p", "/")}, 1, "did not answer in time"},
		{"missing file", []string{"get", ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/nope.bin"), dst}, 1, "1 of 1 transfers failed"},
		{"missing local", []string{"put", filepath.Join(dst, "absent"), ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/")}, 1, "cannot read"},
		{"bad scheme", []string{"ls", "http://127.0.0.1/"}, 2, "not an FTP URL"},
		{"bad flag", []string{"get", "--on-exists", "maybe", "ftp://h/x", dst}, 2, "--on-exists"},
		{"no args", []string{"put"}, 2, "expected two arguments"},
		{"unknown site", []string{"ls", "site:nowhere/"}, 2, "No saved site"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := run(t, c.args...)
			if code != c.code || !strings.Contains(errOut, c.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, errOut, c.code, c.want)
			}
			last := strings.Split(strings.TrimSpace(errOut), "\n")
			if !strings.HasPrefix(last[len(last)-1], "ferry: ") || strings.Contains(errOut, "goroutine") {
				t.Fatalf("not a clean error line: %q", errOut)
			}
		})
	}
}

func TestNewCertificateNeedsConsentAndIsThenRemembered(t *testing.T) {
	isolate(t)
	srv := ftptest.Vsftpd(t, true)
	url := strings.Replace(ftpURL(srv.Host, srv.Port, srv.User, srv.Password, "/"), "ftp://", "ftpes://", 1)

	code, _, errOut := run(t, "ls", url)
	if code != 1 || !strings.Contains(errOut, "--accept-new-cert") || !strings.Contains(errOut, "SHA-256") {
		t.Fatalf("untrusted: exit %d, %q", code, errOut)
	}
	if code, _, errOut = run(t, "ls", "--accept-new-cert", url); code != 0 {
		t.Fatalf("with --accept-new-cert: exit %d, %q", code, errOut)
	}
	if code, _, errOut = run(t, "ls", url); code != 0 {
		t.Fatalf("remembered certificate: exit %d, %q", code, errOut)
	}
}

func TestSitesAddListRemoveAndUse(t *testing.T) {
	isolate(t)
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	writeFile(t, filepath.Join(srv.Root, "pub", "a.txt"), []byte("hello"))
	if code, _, errOut := run(t, "sites", "add", "work", fmt.Sprintf("ftp://%s@%s:%d/pub", srv.User, srv.Host, srv.Port)); code != 0 {
		t.Fatalf("add: %d %q", code, errOut)
	}
	code, out, _ := run(t, "sites", "list")
	if code != 0 || !strings.Contains(out, "work") {
		t.Fatalf("list: %d %q", code, out)
	}
	t.Setenv("FERRY_PASSWORD", srv.Password)
	dst := filepath.Join(t.TempDir(), "a.txt")
	if code, _, errOut := run(t, "get", "-q", "site:work/pub/a.txt", dst); code != 0 || string(readFile(t, dst)) != "hello" {
		t.Fatalf("get via site: %d %q", code, errOut)
	}
	if code, _, _ := run(t, "sites", "remove", "work"); code != 0 {
		t.Fatal("remove failed")
	}
	if _, out, _ := run(t, "sites", "list"); strings.Contains(out, "work") {
		t.Fatalf("removed site still listed: %q", out)
	}
}

func TestParseRate(t *testing.T) {
	for in, want := range map[string]int64{"4096": 4096, "500K": 500 << 10, "1.5MB": 3 << 19, "2M/s": 2 << 20, "1g": 1 << 30} {
		if got, err := parseRate(in); err != nil || got != want {
			t.Errorf("%s -> %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "fast", "-1M", "0"} {
		if _, err := parseRate(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

var built struct {
	gocache string // the build cache, found before tests move XDG_CACHE_HOME
	once    sync.Once
	dir     string
	path    string
	err     error
}

// ferryBinary builds the real binary once, for tests that need a process to
// kill.
func ferryBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "ferry-cli-test")
		if built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "ferry")
		cmd := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", built.path, "ferry")
		cmd.Env = append(os.Environ(), "GOCACHE="+built.gocache)
		out, err := cmd.CombinedOutput()
		if err != nil {
			built.err = fmt.Errorf("build ferry: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

func TestMain(m *testing.M) {
	out, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		fmt.Fprintln(os.Stderr, "go env GOCACHE:", err)
		os.Exit(1)
	}
	built.gocache = strings.TrimSpace(string(out))
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// The site manager's connection count, segments and one-command-at-a-time
// can be given to "sites add" too; a bad value saves nothing.
func TestSitesAddTakesTheSiteManagersSettings(t *testing.T) {
	isolate(t)
	url := "ftp://alice@127.0.0.1:2121/pub"
	if code, _, errOut := run(t, "sites", "add", "--connections", "6", "--segments", "3", "--one-command-at-a-time", "tuned", url); code != 0 {
		t.Fatalf("add: %d %q", code, errOut)
	}
	for _, bad := range [][]string{{"--segments", "-2"}, {"--segments", "17"}, {"--connections", "33"}} {
		if code, _, _ := run(t, append(append([]string{"sites", "add"}, bad...), "bad", url)...); code != exitUsage {
			t.Fatalf("%v: exit %d, want %d", bad, code, exitUsage)
		}
	}
	store, err := openStore()
	if err != nil {
		t.Fatal(err)
	}
	site, ok := store.Get("tuned")
	if !ok || site.MaxConns != 6 || site.Segments != 3 || !site.OneCommandAtATime || site.RemoteDir != "/pub" {
		t.Fatalf("saved %+v", site)
	}
	if _, ok := store.Get("bad"); ok {
		t.Fatal("a site with a bad setting was saved")
	}
}

// The progress line says how a file coming in segments is fetched.
func TestTheProgressLineCountsSegments(t *testing.T) {
	job := queue.JobStatus{Job: queue.Job{ID: 7}}
	page := queue.Page{Jobs: []queue.JobStatus{job}, Segments: map[int64][]queue.SegmentStatus{
		7: {{State: queue.SegmentRunning}, {State: queue.SegmentDone}, {State: queue.SegmentRunning}},
	}}
	if got := segmentsText(page); got != "  3 segments, 2 running" {
		t.Fatalf("segments: %q", got)
	}
	page.Segments = nil
	if got := segmentsText(page); got != "" {
		t.Fatalf("a file in one piece: %q", got)
	}
}
