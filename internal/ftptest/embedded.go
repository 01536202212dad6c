package ftptest

import (
	"crypto/tls"
	"testing"

	"ferry/internal/ftpserver"
)

// Embedded starts an in-process server over a fresh temp dir, closed at cleanup.
func Embedded(t testing.TB, faults ftpserver.Faults) *ftpserver.Server {
	t.Helper()
	return startEmbedded(t, ftpserver.Options{Root: t.TempDir(), Faults: faults})
}

// EmbeddedTLS starts an in-process server that offers explicit TLS (AUTH TLS)
// with a fresh self-signed certificate, returned as PEM.
func EmbeddedTLS(t testing.TB, faults ftpserver.Faults) (*ftpserver.Server, []byte) {
	t.Helper()
	cert := SelfSignedCert(t)
	srv := startEmbedded(t, ftpserver.Options{
		Root:   t.TempDir(),
		Faults: faults,
		TLS:    &tls.Config{Certificates: []tls.Certificate{cert.TLS}, MinVersion: tls.VersionTLS12},
	})
	return srv, cert.CertPEM
}

func startEmbedded(t testing.TB, opts ftpserver.Options) *ftpserver.Server {
	t.Helper()
	srv, err := ftpserver.Start(opts)
	if err != nil {
		t.Fatalf("start embedded FTP server: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close embedded FTP server: %v", err)
		}
	})
	return srv
}
