package session

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// CertError is a server certificate Ferry did not accept.
type CertError struct {
	HostPort string
	Changed  bool   // differs from the one the user trusted before
	Reason   string // why the system roots did not vouch for it
	// With Changed: the fingerprint trusted before, and the certificate
	// presented now, so that the user can compare them.
	Pinned string
	Cert   CertInfo
}

func (e *CertError) Error() string {
	if e.Changed {
		return fmt.Sprintf("the certificate of %s has changed since you trusted it; Ferry refuses to connect because someone may be intercepting the connection", e.HostPort)
	}
	return fmt.Sprintf("the certificate of %s is not trusted (%s)", e.HostPort, e.Reason)
}

func (e *CertError) Unwrap() error { return ErrCertRefused }

// verifier checks the certificates of one control connection and its data
// connections. All of them share one TLS session cache and ServerName, which
// servers requiring TLS session reuse (vsftpd's default) insist on.
type verifier struct {
	c        *Conn
	hostPort string
	cfg      *tls.Config

	mu       sync.Mutex
	accepted string // fingerprint of the certificate accepted for the control connection

	// expiredAt is the end of validity (Unix nanoseconds) of an expired
	// certificate the user accepted, 0 for any other.
	expiredAt atomic.Int64

	// data is the configuration of data connections once the control
	// connection is secured: the same, offering only the key exchange group
	// the server chose for the control connection.
	data atomic.Pointer[tls.Config]
}

func newVerifier(c *Conn, hostPort string) *verifier {
	v := &verifier{c: c, hostPort: hostPort}
	v.cfg = &tls.Config{
		ServerName: c.site.Host,
		// Verification happens in VerifyConnection: system roots first,
		// then the certificates the user chose to trust.
		InsecureSkipVerify: true,
		VerifyConnection:   v.verify,
		ClientSessionCache: tls.NewLRUClientSessionCache(8),
		MinVersion:         tls.VersionTLS12,
		Time:               v.now,
	}
	return v
}

// now is the TLS clock. Go's client never resumes a session whose
// certificate has expired, and servers that require session reuse on data
// connections (vsftpd) then refuse every transfer. Once the user accepted
// an expired certificate, the clock stops just before its expiry, so that
// it works as any trusted one; it is used only for session resumption,
// since the certificate itself is checked in verify.
func (v *verifier) now() time.Time {
	now := time.Now()
	if end := v.expiredAt.Load(); end != 0 && now.UnixNano() >= end {
		return time.Unix(0, end).Add(-time.Minute)
	}
	return now
}

func (v *verifier) config() *tls.Config { return v.cfg }

// secured learns the control connection's key exchange group. By default
// Go offers a hybrid post-quantum key share and X25519; a server that
// wants another group (vsftpd asks for P-256) answers every data
// connection's handshake with a retry, which cost a round trip, a wasted
// ML-KEM key and a second key share per file. Offering the group the
// server already chose makes each data connection one flight.
func (v *verifier) secured(cs tls.ConnectionState) {
	d := v.cfg.Clone()
	if cs.CurveID != 0 { // else TLS 1.2 without ECDHE: nothing to choose
		d.CurvePreferences = []tls.CurveID{cs.CurveID}
	}
	d.ClientSessionCache = keptSessions{v.cfg.ClientSessionCache}
	v.data.Store(d)
}

// dataConfig is the configuration of a data connection.
func (v *verifier) dataConfig() *tls.Config {
	if d := v.data.Load(); d != nil {
		return d
	}
	return v.cfg
}

// keptSessions is the session cache as data connections use it: a
// handshake that fails does not throw the session away. Go drops a session
// whose resumption failed, but a data connection's handshake also fails
// when the server refuses the command and closes the port (a missing file,
// a read-only folder, a cancelled transfer), and every later data
// connection must resume that very session (vsftpd refuses any other).
type keptSessions struct{ tls.ClientSessionCache }

func (k keptSessions) Put(key string, cs *tls.ClientSessionState) {
	if cs != nil {
		k.ClientSessionCache.Put(key, cs)
	}
}

func (v *verifier) verify(cs tls.ConnectionState) error {
	if len(cs.PeerCertificates) == 0 {
		return &CertError{HostPort: v.hostPort, Reason: "the server sent no certificate"}
	}
	leaf := cs.PeerCertificates[0]
	fp := fingerprint(leaf.Raw)
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.accepted != "" {
		// A data connection must present the control connection's certificate.
		if fp != v.accepted {
			return &CertError{HostPort: v.hostPort, Changed: true}
		}
		return nil
	}
	inter := x509.NewCertPool()
	for _, c := range cs.PeerCertificates[1:] {
		inter.AddCert(c)
	}
	_, err := leaf.Verify(x509.VerifyOptions{DNSName: v.c.site.Host, Intermediates: inter})
	if err == nil {
		v.accepted = fp
		return nil
	}
	info := CertInfo{
		HostPort:  v.hostPort,
		Subject:   leaf.Subject.String(),
		Issuer:    leaf.Issuer.String(),
		NotBefore: leaf.NotBefore,
		NotAfter:  leaf.NotAfter,
		SHA256:    fp,
		Reason:    certReason(err),
	}
	if err := v.c.opts.Trust.decide(v.c.dialCtx, info, v.ask); err != nil {
		return err
	}
	v.accepted = fp
	if time.Now().After(leaf.NotAfter) {
		v.expiredAt.Store(leaf.NotAfter.UnixNano())
	}
	return nil
}

// ask puts the question to the person; the login deadline waits meanwhile.
func (v *verifier) ask(ctx context.Context, info CertInfo) (TrustDecision, error) {
	if v.c.opts.Ask == nil {
		return Refuse, nil
	}
	ic := v.c.idle
	ic.setHard(time.Time{})
	defer ic.setHard(time.Now().Add(v.c.opts.DialTimeout))
	return v.c.opts.Ask.Certificate(ctx, info)
}

// fingerprint is the SHA-256 of a DER certificate as colon-separated hex.
func fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}

func certReason(err error) string {
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var host x509.HostnameError
	switch {
	case errors.As(err, &unknown):
		return "it is self-signed or signed by an unknown authority"
	case errors.As(err, &host):
		return "it was issued for another host name"
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return "it has expired or is not yet valid"
	}
	return err.Error()
}
