package session

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

// A time sent with the next command is set, its reply goes to its own
// callback (a refusal too), and the next command still gets its own reply;
// Close sends what still waits.
func TestTimesSentWithTheNextCommandAreSetAndAnsweredInOrder(t *testing.T) {
	for _, srv := range []*ftptest.Server{ftptest.Vsftpd(t, false), ftptest.Vsftpd(t, true), ftptest.PureFTPd(t, false)} {
		p := FTP
		if srv.TLS {
			p = ExplicitTLS
		}
		t.Run(srv.Name+"-"+string(p), func(t *testing.T) {
			opts := quickOptions()
			opts.Ask = Answers{Trust: TrustOnce}
			c := dialOK(t, realSite(srv, p), opts)
			for _, name := range []string{"/a.txt", "/b.txt"} {
				if err := c.Stor(name, strings.NewReader("four"), 0); err != nil {
					t.Fatal(err)
				}
			}
			ta := time.Date(2019, 3, 4, 5, 6, 7, 0, time.UTC)
			tb := time.Date(2018, 1, 2, 3, 4, 5, 0, time.UTC)
			var errA, errB, errMissing error
			calls := 0
			c.SetModTimeLater("/a.txt", ta, func(err error) { calls++; errA = err })
			c.SetModTimeLater("/b.txt", tb, func(err error) { calls++; errB = err })
			if calls != 0 {
				t.Fatal("answered before anything was sent")
			}
			size, err := c.Size("/b.txt")
			if err != nil || size != 4 {
				t.Fatalf("the next command: size %d, %v", size, err)
			}
			if calls != 2 || errA != nil || errB != nil {
				t.Fatalf("%d answers; a: %v; b: %v", calls, errA, errB)
			}
			c.SetModTimeLater("/missing.txt", ta, func(err error) { calls++; errMissing = err })
			if err := c.Close(); err != nil {
				t.Fatal(err)
			}
			if calls != 3 || errMissing == nil {
				t.Fatalf("Close left the time unsent or it was not refused: %d answers, %v", calls, errMissing)
			}
			for name, want := range map[string]time.Time{"a.txt": ta, "b.txt": tb} {
				fi, err := os.Stat(filepath.Join(srv.Root, name))
				if err != nil {
					t.Fatal(err)
				}
				if !fi.ModTime().Equal(want) {
					t.Errorf("%s: mtime %v, want %v", name, fi.ModTime().UTC(), want)
				}
			}
		})
	}
}

func TestATimeTheServerCannotSetSaysSoAndSettleSendsIt(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	c := dialOK(t, embeddedSite(srv), quickOptions())
	if err := c.Stor("/f", strings.NewReader("x"), 0); err != nil {
		t.Fatal(err)
	}
	var got error
	answered := false
	c.SetModTimeLater("/f", time.Now(), func(err error) { answered, got = true, err })
	if err := c.Settle(); err != nil {
		t.Fatal(err)
	}
	if !answered || !errors.Is(got, ErrSetTimeUnsupported) {
		t.Fatalf("answered %v with %v, want ErrSetTimeUnsupported", answered, got)
	}
	// Once refused, it is not sent again.
	answered = false
	c.SetModTimeLater("/f", time.Now(), func(err error) { answered, got = true, err })
	if !answered || !errors.Is(got, ErrSetTimeUnsupported) {
		t.Fatalf("second time: answered %v with %v", answered, got)
	}
	if _, err := c.List("/"); err != nil {
		t.Fatalf("list after: %v", err)
	}
}

// A site that wants one command at a time gets every command answered
// before the next leaves: nothing waits to go with a later one.
func TestASiteWithOneCommandAtATimeSendsNothingLater(t *testing.T) {
	srv := ftptest.Vsftpd(t, false)
	site := realSite(srv, FTP)
	site.OneCommandAtATime = true
	c := dialOK(t, site, quickOptions())
	if err := c.Stor("/a.txt", strings.NewReader("four"), 0); err != nil {
		t.Fatal(err)
	}
	want := time.Date(2019, 3, 4, 5, 6, 7, 0, time.UTC)
	answered := false
	c.SetModTimeLater("/a.txt", want, func(err error) {
		if err != nil {
			t.Errorf("set time: %v", err)
		}
		answered = true
	})
	if !answered {
		t.Fatal("the time waits for a next command")
	}
	if fi, err := os.Stat(filepath.Join(srv.Root, "a.txt")); err != nil || !fi.ModTime().Equal(want) {
		t.Fatalf("mtime %v, %v; want %v", fi.ModTime().UTC(), err, want)
	}
	if l, err := c.ListDir("/"); err != nil || len(l.Entries) != 1 {
		t.Fatalf("listing: %v, %v", l.Entries, err)
	}
	if n := len(c.later.waiting); n != 0 {
		t.Fatalf("%d commands wait for a next one", n)
	}
}

// The way back after a listing goes with the next command, even across
// Settle (a round trip less per folder browsed), and that command still
// gets its own reply.
func TestTheWayBackAfterAListingWaitsForTheNextCommand(t *testing.T) {
	srv := ftptest.Vsftpd(t, false)
	if err := os.MkdirAll(filepath.Join(srv.Root, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(srv.Root, "f.txt"), []byte("four"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv.Chown(t)
	c := dialOK(t, realSite(srv, FTP), quickOptions())
	if _, err := c.ListDir("/sub"); err != nil {
		t.Fatal(err)
	}
	if err := c.Settle(); err != nil {
		t.Fatal(err)
	}
	if n := len(c.later.waiting); n != 1 || c.later.waiting[0].line != "CWD /" {
		t.Fatalf("after Settle, waiting: %+v; want the way back", c.later.waiting)
	}
	if size, err := c.Size("/f.txt"); err != nil || size != 4 {
		t.Fatalf("the next command: size %d, %v", size, err)
	}
	if len(c.later.waiting) != 0 {
		t.Fatal("the way back is still waiting")
	}
	if r, err := c.raw("PWD"); err != nil || !strings.Contains(r.Message, `"/"`) {
		t.Fatalf("PWD: %v %v; want back at /", r, err)
	}
}
