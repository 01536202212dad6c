package session

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

func TestSetModTimeOnRealServersMatchesToTheSecond(t *testing.T) {
	for _, start := range []func(testing.TB, bool) *ftptest.Server{ftptest.Vsftpd, ftptest.PureFTPd} {
		srv := start(t, false)
		t.Run(srv.Name, func(t *testing.T) {
			c := dialOK(t, realSite(srv, FTP), quickOptions())
			if err := c.Stor("/stamped.txt", strings.NewReader("x"), 0); err != nil {
				t.Fatal(err)
			}
			want := time.Date(2019, 3, 4, 5, 6, 7, 0, time.UTC)
			if err := c.SetModTime("/stamped.txt", want); err != nil {
				t.Fatalf("set time: %v", err)
			}
			fi, err := os.Stat(filepath.Join(srv.Root, "stamped.txt"))
			if err != nil {
				t.Fatal(err)
			}
			if !fi.ModTime().Equal(want) {
				t.Errorf("mtime on disk = %v, want %v", fi.ModTime().UTC(), want)
			}
		})
	}
}

func TestSetModTimeOnAServerWithoutEitherFormSaysUnsupportedOnce(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	c := dialOK(t, embeddedSite(srv), quickOptions())
	if err := c.Stor("/f", strings.NewReader("x"), 0); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := c.SetModTime("/f", time.Now()); !errors.Is(err, ErrSetTimeUnsupported) {
			t.Fatalf("err = %v, want ErrSetTimeUnsupported", err)
		}
	}
	mdtmSet := 0
	for _, cmd := range srv.Commands() {
		if strings.HasPrefix(cmd, "MDTM 2") {
			mdtmSet++
		}
	}
	if mdtmSet != 1 {
		t.Errorf("MDTM with a time sent %d times, want once per connection", mdtmSet)
	}
	// The library's view of the connection is intact.
	if _, err := c.List("/"); err != nil {
		t.Fatalf("list after raw commands: %v", err)
	}
}

func TestQuoteSendsOneCommandAndKeepsTheConnectionUsable(t *testing.T) {
	srv := ftptest.Vsftpd(t, true)
	opts := quickOptions()
	opts.Ask = Answers{Trust: TrustOnce, Plain: PlainAllowOnce}
	log := NewLog(1000)
	opts.Log = log
	c := dialOK(t, realSite(srv, ExplicitTLS), opts)
	r, err := c.Quote(context.Background(), "SYST")
	if err != nil || r.Code != 215 {
		t.Fatalf("SYST = %v, %v", r, err)
	}
	r, err = c.Quote(context.Background(), "HELP")
	if err != nil || r.Code != 214 || !strings.Contains(r.Message, "\n") {
		t.Fatalf("multi-line HELP = %v, %v", r, err)
	}
	for _, bad := range []string{"NOOP\r\nDELE x", "NOOP\nDELE x", "  "} {
		if _, err := c.Quote(context.Background(), bad); !errors.Is(err, ErrBadCommand) {
			t.Errorf("Quote(%q) = %v, want ErrBadCommand", bad, err)
		}
	}
	if err := c.Stor("/after.bin", bytes.NewReader([]byte("data")), 0); err != nil {
		t.Fatalf("upload after raw commands: %v", err)
	}
	found := false
	for _, e := range log.Lines() {
		found = found || e.Text == "215 UNIX Type: L8"
	}
	if !found {
		t.Error("the reply to SYST is not in the message log")
	}
}
