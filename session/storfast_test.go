package session

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ferry/internal/ftptest"
)

// Small files go up without waiting for the server's 150: byte-identical
// on every server and over TLS, empty ones too; a refused upload reports
// the server's reply and leaves the connection usable.
func TestSmallUploadsDoNotWaitForTheServersGoAhead(t *testing.T) {
	servers := []*ftptest.Server{ftptest.Vsftpd(t, false), ftptest.Vsftpd(t, true),
		ftptest.PureFTPd(t, false), ftptest.PureFTPd(t, true), ftptest.ProFTPD(t)}
	for _, srv := range servers {
		p := FTP
		if srv.TLS {
			p = ExplicitTLS
		}
		t.Run(srv.Name+"-"+string(p), func(t *testing.T) {
			if err := os.Mkdir(filepath.Join(srv.Root, "locked"), 0o555); err != nil {
				t.Fatal(err)
			}
			srv.Chown(t)
			opts := quickOptions()
			opts.Ask = Answers{Trust: TrustOnce}
			c := dialOK(t, realSite(srv, p), opts)
			files := map[string][]byte{
				"/empty.bin": nil,
				"/small.bin": bytes.Repeat([]byte("ferry\x00\xff"), 1000),
				"/edge.bin":  bytes.Repeat([]byte{7}, fastStorMax),
				"/over.bin":  bytes.Repeat([]byte{9}, fastStorMax+1),
			}
			for name, data := range files {
				if err := c.Stor(name, bytes.NewReader(data), 0); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				got, err := os.ReadFile(filepath.Join(srv.Root, name))
				if err != nil || !bytes.Equal(got, data) {
					t.Fatalf("%s on the server: %d bytes, %v; want %d", name, len(got), err, len(data))
				}
			}
			err := c.Stor("/locked/no.bin", strings.NewReader("refused"), 0)
			if !isReply(err) || replyCode(err) < 400 {
				t.Fatalf("upload into a read-only folder: %v, want the server's refusal", err)
			}
			if _, err := c.List("/"); err != nil {
				t.Fatalf("the connection after the refusal: %v", err)
			}
		})
	}
}
