package session

import (
	"bytes"
	"errors"
	"io"
	"syscall"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

// The data connection is dialed while the command travels: when the dial
// fails, the server still waits for it, and Ferry must not wait with it.
func TestAFailedDataDialEndsTheTransferAtOnce(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	opts := quickOptions()
	opts.IdleTimeout = 2 * time.Minute // waiting for the server would hang the test
	put := dialOK(t, embeddedSite(srv), opts)
	if err := put.Stor("/a.bin", bytes.NewReader([]byte("data")), 0); err != nil {
		t.Fatal(err)
	}
	transfers := map[string]func(c *Conn) error{
		"retr": func(c *Conn) error {
			r, err := c.Retr("/a.bin", 0)
			if err != nil {
				return err
			}
			// Some servers say 150 before the connection is there.
			_, err = io.ReadAll(r)
			return errors.Join(err, r.Close())
		},
		"stor": func(c *Conn) error { return c.Stor("/b.bin", bytes.NewReader([]byte("data")), 0) },
		"list": func(c *Conn) error { _, err := c.ListDir("/"); return err },
	}
	for name, transfer := range transfers {
		t.Run(name, func(t *testing.T) {
			srv.SetFaults(ftpserver.Faults{DeadPassivePort: true})
			c := dialOK(t, embeddedSite(srv), opts)
			err := transfer(c)
			if !errors.Is(err, syscall.ECONNREFUSED) {
				t.Fatalf("error %v (%s), want the refused data connection", err, Describe(err))
			}
			if !c.broken.Load() {
				t.Error("the connection stays in use although the server waits for a data connection")
			}
			srv.SetFaults(ftpserver.Faults{})
			if err := transfer(dialOK(t, embeddedSite(srv), opts)); err != nil {
				t.Fatalf("without the fault: %v", err)
			}
		})
	}
}
