package session

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

func TestCertificateTrustOnFirstUseAndChangeRefused(t *testing.T) {
	srv, _ := ftptest.EmbeddedTLS(t, ftpserver.Faults{})
	site := embeddedSite(srv)
	site.Protocol = ExplicitTLS
	path := filepath.Join(t.TempDir(), "trusted.json")

	store, err := OpenTrustStore(path)
	if err != nil {
		t.Fatal(err)
	}
	var asked []CertInfo
	opts := quickOptions()
	opts.Trust = store
	opts.Ask = askFuncs{cert: func(c CertInfo) TrustDecision { asked = append(asked, c); return TrustAlways }}
	dialOK(t, site, opts)
	if len(asked) != 1 || asked[0].SHA256 == "" || asked[0].HostPort != site.Addr() {
		t.Fatalf("questions = %+v", asked)
	}
	if fileMode(t, path) != 0o600 {
		t.Errorf("trust file mode %v", fileMode(t, path))
	}

	// A new process: the file vouches for the certificate, no question.
	store2, err := OpenTrustStore(path)
	if err != nil {
		t.Fatal(err)
	}
	opts.Trust = store2
	opts.Ask = askFuncs{cert: func(CertInfo) TrustDecision { t.Error("asked again about a trusted certificate"); return Refuse }}
	dialOK(t, site, opts)

	// The server's certificate changes: refused without asking.
	if err := os.WriteFile(path, []byte(`{"`+site.Addr()+`": "00:11"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	store3, err := OpenTrustStore(path)
	if err != nil {
		t.Fatal(err)
	}
	opts.Trust = store3
	_, err = Dial(context.Background(), site, opts)
	var ce *CertError
	if !errors.As(err, &ce) || !ce.Changed || !IsPermanent(err) {
		t.Fatalf("err = %v, want a changed-certificate refusal", err)
	}
	if ce.Pinned != "00:11" || ce.Cert.SHA256 == "" || ce.Cert.SHA256 == ce.Pinned || ce.Cert.NotAfter.IsZero() {
		t.Fatalf("the refusal does not carry both certificates: pinned %q, presented %+v", ce.Pinned, ce.Cert)
	}
	if msg := Describe(err); !strings.Contains(msg, "has changed") {
		t.Errorf("message = %q", msg)
	}
}

func TestRefusedCertificateSendsNoPassword(t *testing.T) {
	srv, _ := ftptest.EmbeddedTLS(t, ftpserver.Faults{})
	site := embeddedSite(srv)
	site.Protocol = ExplicitTLS
	_, err := Dial(context.Background(), site, quickOptions()) // nil Ask refuses
	if !errors.Is(err, ErrCertRefused) {
		t.Fatalf("err = %v, want ErrCertRefused", err)
	}
	for _, c := range srv.Commands() {
		if strings.HasPrefix(c, "PASS") || strings.HasPrefix(c, "USER") {
			t.Fatal("credentials were sent to an untrusted server")
		}
	}
}

// A damaged trust file keeps plain FTP working, refuses certificates (it
// may hold a pin that would refuse them) with a sentence naming the file,
// and is never overwritten.
func TestADamagedTrustFileBlocksOnlyTLS(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trusted.json")
	damaged := []byte(`{"127.0.0.1:21": "AA:BB"`)
	if err := os.WriteFile(path, damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	store, err := OpenTrustStore(path)
	if err != nil || store.Damaged() == nil {
		t.Fatalf("open: %v, damaged %v", err, store.Damaged())
	}
	opts := quickOptions()
	opts.Trust = store
	opts.Ask = Answers{Trust: TrustAlways, Plain: PlainAllowOnce}

	plain := ftptest.Embedded(t, ftpserver.Faults{})
	dialOK(t, embeddedSite(plain), opts)

	srv, _ := ftptest.EmbeddedTLS(t, ftpserver.Faults{})
	site := embeddedSite(srv)
	site.Protocol = ExplicitTLS
	_, err = Dial(context.Background(), site, opts)
	if err == nil || !IsPermanent(err) || !strings.Contains(Describe(err), "damaged") {
		t.Fatalf("TLS with a damaged trust file: %v (%s)", err, Describe(err))
	}
	if got, _ := os.ReadFile(path); string(got) != string(damaged) {
		t.Fatalf("the damaged file was rewritten: %q", got)
	}
	if _, err := store.Forget("127.0.0.1:21"); err == nil {
		t.Fatal("Forget on a damaged file succeeded")
	}
}
