package session

import (
	"crypto/tls"
	"slices"
	"sync"
	"testing"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

// A server that wants a key exchange group Go does not lead with (vsftpd
// wants P-256) would answer every data connection's handshake with a
// retry: data connections offer only the control connection's group.
func TestDataConnectionsOfferTheControlConnectionsGroup(t *testing.T) {
	var mu sync.Mutex
	var offered [][]tls.CurveID
	cert := ftptest.SelfSignedCert(t)
	srv, err := ftpserver.Start(ftpserver.Options{Root: t.TempDir(), TLS: &tls.Config{
		Certificates:     []tls.Certificate{cert.TLS},
		CurvePreferences: []tls.CurveID{tls.CurveP256},
		GetConfigForClient: func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
			mu.Lock()
			offered = append(offered, slices.Clone(hello.SupportedCurves))
			mu.Unlock()
			return nil, nil
		},
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	site := embeddedSite(srv)
	site.Protocol = ExplicitTLS
	opts := quickOptions()
	opts.Ask = Answers{Trust: TrustOnce}
	c := dialOK(t, site, opts)
	for range 3 {
		if _, err := c.List("/"); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(offered) != 4 {
		t.Fatalf("%d handshakes, want 4 (control and three listings)", len(offered))
	}
	if len(offered[0]) < 2 {
		t.Errorf("the control connection offered %v; want Go's defaults", offered[0])
	}
	for i, groups := range offered[1:] {
		if !slices.Equal(groups, []tls.CurveID{tls.CurveP256}) {
			t.Errorf("data connection %d offered %v, want only P-256", i+1, groups)
		}
	}
}
