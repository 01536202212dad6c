package session

import "time"

// Options are the caller's hooks and limits for connections.
type Options struct {
	DialTimeout time.Duration // connect + greeting + login; default 15s
	IdleTimeout time.Duration // longest wait for any single read or write; default 30s
	Log         *Log          // message log; nil: none
	Trust       *TrustStore   // remembered certificates; nil: in memory only
	// Ask puts the engine's questions (password, certificate, clear text)
	// to the person. nil asks nothing: certificates nobody vouches for are
	// refused, no password is asked for, and clear text is allowed (the
	// caller chose a plain ftp:// site).
	Ask Questions
	// ActiveDefaults gives the active-mode address (for NAT) and port range
	// ("LOW-HIGH") of sites that set none; read at each data connection,
	// so a changed app setting applies at once. nil: none.
	ActiveDefaults func() (address, ports string)

	// consent remembers the clear-text answer; a Pool shares one among its
	// connections, a Manager one per site for the whole session.
	consent *consent
	// onPassiveRefused is called when a Default-mode connection finds that
	// the server refuses passive mode; the manager saves it with the site.
	onPassiveRefused func()
}

func (o Options) withDefaults() Options {
	if o.DialTimeout <= 0 {
		o.DialTimeout = 15 * time.Second
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 30 * time.Second
	}
	if o.Trust == nil {
		o.Trust, _ = OpenTrustStore("") // in memory: cannot fail
	}
	return o
}

// TrustDecision answers a certificate question.
type TrustDecision int

const (
	Refuse      TrustDecision = iota
	TrustOnce                 // this connection only (this process)
	TrustAlways               // remember in the trust store
)

// PlainDecision answers "send the password in clear?".
type PlainDecision int

const (
	PlainRefuse PlainDecision = iota
	PlainAllowOnce
	PlainAllowAlways // caller should set Site.AllowPlainPassword and save the site
)

// CertInfo describes a server certificate for a trust prompt.
type CertInfo struct {
	HostPort  string
	Subject   string
	Issuer    string
	NotBefore time.Time
	NotAfter  time.Time
	SHA256    string // hex, colon separated, of the leaf DER
	// Reason says why the system roots did not vouch for it (self-signed,
	// expired, wrong host...).
	Reason string
}
