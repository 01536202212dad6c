package ftpserver_test

import (
	"bytes"
	"errors"
	"io"
	"net/textproto"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jlaffaye/ftp"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

func TestDropCutsDownloadsAfterNBytesOnlyDropTimesTimes(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{DropAfter: 10_000, DropTimes: 1})
	data := pattern(100_000)
	writeFile(t, filepath.Join(srv.Root, "f"), data)
	c := dial(t, srv)

	resp, err := c.Retr("f")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp)
	if err := resp.Close(); err == nil {
		t.Error("a dropped download ended with a success reply")
	}
	if !bytes.Equal(got, data[:10_000]) {
		t.Fatalf("dropped download gave %d bytes, want the first 10000", len(got))
	}
	if got := retr(t, c, "f", 10_000); !bytes.Equal(got, data[10_000:]) {
		t.Fatalf("second download gave %d bytes, want the remaining %d", len(got), len(data)-10_000)
	}
	if got := srv.BytesSent(); got != int64(len(data)) {
		t.Errorf("BytesSent = %d, want %d", got, len(data))
	}
}

func TestDropCutsUploadsAfterNBytes(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{DropAfter: 20_000})
	data := pattern(4 << 20) // more than socket buffers hold
	c := dial(t, srv)

	if err := c.Stor("up", bytes.NewReader(data)); err == nil {
		t.Fatal("a dropped upload succeeded")
	}
	assertFile(t, filepath.Join(srv.Root, "up"), data[:20_000])
	if got := srv.BytesReceived(); got != 20_000 {
		t.Errorf("BytesReceived = %d, want 20000", got)
	}
	// Every transfer drops while DropTimes is 0, also a fresh connection's.
	c2 := dial(t, srv)
	if err := c2.StorFrom("up", bytes.NewReader(data[20_000:]), 20_000); err == nil {
		t.Fatal("the second upload succeeded with DropTimes 0")
	}
	assertFile(t, filepath.Join(srv.Root, "up"), data[:40_000])

	srv.SetFaults(ftpserver.Faults{})
	if err := c2.StorFrom("up", bytes.NewReader(data[40_000:]), 40_000); err != nil {
		t.Fatalf("upload after the faults were cleared: %v", err)
	}
	assertFile(t, filepath.Join(srv.Root, "up"), data)
}

func TestStallHoldsTheTransferUntilClose(t *testing.T) {
	srv, err := ftpserver.Start(ftpserver.Options{Root: t.TempDir(), Faults: ftpserver.Faults{StallAfter: 5_000}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	writeFile(t, filepath.Join(srv.Root, "f"), pattern(50_000))
	c := dial(t, srv)
	resp, err := c.Retr("f")
	if err != nil {
		t.Fatal(err)
	}
	if err := resp.SetDeadline(time.Now().Add(300 * time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp)
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("stalled read ended with %v, want a deadline error", err)
	}
	if len(got) != 5_000 {
		t.Fatalf("stalled download gave %d bytes, want 5000", len(got))
	}
	if err := srv.Close(); err != nil {
		t.Fatalf("Close with a stalled transfer: %v", err)
	}
}

func TestNoRESTRefusesRestartWith502(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{NoREST: true})
	writeFile(t, filepath.Join(srv.Root, "f"), pattern(1000))
	c := dial(t, srv)

	_, err := c.RetrFrom("f", 10)
	var reply *textproto.Error
	if !errors.As(err, &reply) || reply.Code != ftp.StatusNotImplemented {
		t.Fatalf("RETR after REST: %v, want a 502 reply", err)
	}
	if got := retr(t, c, "f", 0); len(got) != 1000 {
		t.Fatalf("plain RETR after a refused REST gave %d bytes, want 1000", len(got))
	}
}

func TestNoMLSDHidesItFromFEATAndRefusesIt(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	writeFile(t, filepath.Join(srv.Root, "f"), []byte("x"))
	before := dial(t, srv) // connected while MLSD was advertised
	srv.SetFaults(ftpserver.Faults{NoMLSD: true})

	c := dial(t, srv)
	entries, err := c.List("/")
	if err != nil || len(entries) != 1 || entries[0].Name != "f" {
		t.Fatalf("LIST without MLSD: %v, %+v", err, entries)
	}
	if cmds := srv.Commands(); slices.Contains(cmds, "MLSD /") || !slices.Contains(cmds, "LIST /") {
		t.Fatalf("commands %q: want LIST and no MLSD", cmds)
	}
	_, err = before.List("/")
	var reply *textproto.Error
	if !errors.As(err, &reply) || reply.Code != ftp.StatusBadCommand {
		t.Fatalf("MLSD with NoMLSD: %v, want a 500 reply", err)
	}
}

func TestListingLinesReplaceTheListing(t *testing.T) {
	lines := []string{
		"-rw-r--r-- 1 u g 5 Jan 01 2024 ../../escape",
		"-rw-r--r-- 1 u g 5 Jan 01 2024 /etc/passwd",
		"drwxr-xr-x 1 u g 0 Jan 01 2024 ..",
		"this line is not a listing",
	}
	srv := ftptest.Embedded(t, ftpserver.Faults{NoMLSD: true, ListingLines: lines})
	c := dial(t, srv)
	entries, err := c.List("/")
	if err != nil {
		t.Fatalf("LIST: %v", err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name)
	}
	if !slices.Contains(names, "../../escape") || !slices.Contains(names, "/etc/passwd") {
		t.Fatalf("names %q lack the hostile ones", names)
	}
}

func TestHostileNamesJoinRealListingsInBothFormats(t *testing.T) {
	hostile := []string{"..", "../../escape", "/etc/passwd", "a\x01b", "sub/../../x"}
	for _, noMLSD := range []bool{false, true} {
		srv := ftptest.Embedded(t, ftpserver.Faults{NoMLSD: noMLSD, HostileNames: hostile})
		writeFile(t, filepath.Join(srv.Root, "real"), []byte("x"))
		c := dial(t, srv)
		entries, err := c.List("/")
		if err != nil {
			t.Fatalf("list (NoMLSD %v): %v", noMLSD, err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name)
		}
		for _, want := range append([]string{"real"}, hostile...) {
			if !slices.Contains(names, want) {
				t.Errorf("list (NoMLSD %v) names %q lack %q", noMLSD, names, want)
			}
		}
		if cmds := strings.Join(srv.Commands(), "\n"); strings.Contains(cmds, "MLSD") == noMLSD {
			t.Errorf("NoMLSD %v, but commands were %q", noMLSD, cmds)
		}
	}
}

func TestStallTimesLetsLaterTransfersThrough(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{StallAfter: 1_000, StallTimes: 1})
	data := pattern(30_000)
	writeFile(t, filepath.Join(srv.Root, "f"), data)
	stalledConn := dial(t, srv)
	resp, err := stalledConn.Retr("f")
	if err != nil {
		t.Fatal(err)
	}
	resp.SetDeadline(time.Now().Add(300 * time.Millisecond))
	if got, err := io.ReadAll(resp); len(got) != 1_000 || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("first transfer gave %d bytes and %v, want 1000 and a stall", len(got), err)
	}
	if got := retr(t, dial(t, srv), "f", 1_000); !bytes.Equal(got, data[1_000:]) {
		t.Fatalf("second transfer gave %d bytes, want %d", len(got), len(data)-1_000)
	}
}
