package session

import (
	"net"
	"strconv"
)

// Protocol says how a site's control and data connections are protected.
type Protocol string

const (
	// FTP is plain FTP: commands, the password and data travel in clear.
	FTP Protocol = "ftp"
	// FTPTLSIfAvailable tries AUTH TLS first and falls back to plain FTP
	// (after the caller confirmed sending the password in clear).
	FTPTLSIfAvailable Protocol = "ftp-tls-if-available"
	// ExplicitTLS requires AUTH TLS on the ordinary port (ftpes://).
	ExplicitTLS Protocol = "ftpes"
	// ImplicitTLS speaks TLS from the first byte, usually on port 990 (ftps://).
	ImplicitTLS Protocol = "ftps"
)

// Scheme is the URL scheme that names p: ftp, ftpes or ftps. A site that
// tries TLS first has no scheme of its own and is written ftp.
func (p Protocol) Scheme() string {
	switch p {
	case ExplicitTLS:
		return "ftpes"
	case ImplicitTLS:
		return "ftps"
	}
	return "ftp"
}

// Logon says where a site's credentials come from.
type Logon string

const (
	// Anonymous logs in as "anonymous" with no real password.
	Anonymous Logon = "anonymous"
	// Normal uses the stored user and a password from the keyring.
	Normal Logon = "normal"
	// AskPassword asks for the password at every connect and never stores it.
	AskPassword Logon = "ask"
)

// Site is a saved server bookmark (or an ad-hoc one built from a URL).
type Site struct {
	// ID names a saved site for good: renaming or editing it keeps the ID,
	// and its keyring entry and consents belong to the ID. "" for an ad-hoc
	// site (a URL, quickconnect).
	ID        string   `json:"id,omitempty"`
	Name      string   `json:"name"`
	Folder    string   `json:"folder,omitempty"` // "/"-separated folder path in the site manager
	Protocol  Protocol `json:"protocol"`
	Host      string   `json:"host"`
	Port      int      `json:"port,omitempty"` // 0: the protocol's default
	Logon     Logon    `json:"logon"`
	User      string   `json:"user,omitempty"`
	LocalDir  string   `json:"localDir,omitempty"`
	RemoteDir string   `json:"remoteDir,omitempty"`
	// MaxConns caps the connections to this site, browsing and transfers
	// together (0: default 4). Ferry lowers it when the server refuses more.
	MaxConns int `json:"maxConns,omitempty"`
	// SpeedLimitKiB caps this site's transfers together, in KiB/s, within
	// the limit of all transfers (0: none).
	SpeedLimitKiB int `json:"speedLimitKiB,omitempty"`
	// DisableEPSV makes data connections use PASV only, for old servers and NATs.
	DisableEPSV bool `json:"disableEPSV,omitempty"`
	// OneCommandAtATime waits for each reply before sending the next
	// command, for servers or routers that lose commands sent together
	// (see Conn.sendLater); a small upload then also waits for the 150.
	OneCommandAtATime bool `json:"oneCommandAtATime,omitempty"`
	// TransferMode is Default (passive, active when refused), Passive or Active.
	TransferMode TransferMode `json:"transferMode,omitempty"`
	// PassiveRefused records that the server refused passive mode: in
	// Default mode, connections start in active mode.
	PassiveRefused bool `json:"passiveRefused,omitempty"`
	// ActiveAddress is the address sent in PORT/EPRT, for a client behind
	// NAT; empty: the control connection's local address.
	ActiveAddress string `json:"activeAddress,omitempty"`
	// ActivePorts limits active-mode listeners to "LOW-HIGH"; empty: any.
	ActivePorts string `json:"activePorts,omitempty"`
	// Segments is how many connections download one big file at once: 0
	// automatic (the site's free connections, at most 8), 1 never splits a
	// file, N > 1 splits into N. Only files of at least the app's threshold
	// are split.
	Segments int `json:"segments,omitempty"`
	// VerifyTransfers compares checksums after each transfer where the
	// server offers them.
	VerifyTransfers bool `json:"verifyTransfers,omitempty"`
	// AllowPlainPassword records "always allow" for sending the password in clear.
	AllowPlainPassword bool `json:"allowPlainPassword,omitempty"`
	// SavedPassword is the explicit, warned opt-in for machines without a
	// keyring. Empty unless the user chose it.
	SavedPassword string `json:"savedPassword,omitempty"`

	// Password lives only in memory: filled from the keyring, the environment
	// or a prompt before connecting. Never serialised.
	Password string `json:"-"`
}

// DefaultPort is the port used when Site.Port is 0.
func (s Site) DefaultPort() int {
	if s.Protocol == ImplicitTLS {
		return 990
	}
	return 21
}

// Addr is host:port for dialing.
func (s Site) Addr() string {
	port := s.Port
	if port == 0 {
		port = s.DefaultPort()
	}
	return net.JoinHostPort(s.Host, strconv.Itoa(port))
}

// LoginUser is the user name sent with USER.
func (s Site) LoginUser() string {
	if s.Logon == Anonymous || s.User == "" {
		return "anonymous"
	}
	return s.User
}

// Key identifies the server account a site points at, independent of its
// display name: protocol://user@host:port. Pools and the queue use it.
func (s Site) Key() string {
	return string(s.Protocol) + "://" + s.LoginUser() + "@" + s.Addr()
}

// UsesTLS reports whether the site always or possibly protects the session.
func (s Site) UsesTLS() bool {
	return s.Protocol == ExplicitTLS || s.Protocol == ImplicitTLS || s.Protocol == FTPTLSIfAvailable
}

// Connections is MaxConns with the default applied: the most connections
// Ferry opens to the site at once.
// MaxConnections is the most connections a site may have.
const MaxConnections = 32

func (s Site) Connections() int {
	if s.MaxConns <= 0 {
		return 4
	}
	return s.MaxConns
}

// needsPassword reports a login that a password must be found for.
func (s Site) needsPassword() bool {
	return s.Logon != Anonymous && s.User != "" && s.Password == ""
}
