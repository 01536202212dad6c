package ftptest

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// vsftpdPath is where Debian's vsftpd package installs the server.
const vsftpdPath = "/usr/sbin/vsftpd"

// Vsftpd starts vsftpd (tls: explicit TLS required, require_ssl_reuse=YES).
func Vsftpd(t testing.TB, tls bool) *Server {
	t.Helper()
	return VsftpdWith(t, VsftpdOptions{TLS: tls})
}

// VsftpdImplicitTLS starts vsftpd speaking TLS from the first byte (ftps://).
func VsftpdImplicitTLS(t testing.TB) *Server {
	t.Helper()
	return VsftpdWith(t, VsftpdOptions{TLS: true, Implicit: true})
}

// VsftpdOptions choose a vsftpd configuration.
type VsftpdOptions struct {
	TLS       bool // explicit TLS required, require_ssl_reuse=YES
	Implicit  bool // with TLS: TLS from the first byte
	NoPassive bool // pasv_enable=NO: active mode only
	IPv6      bool // listen on [::1] only
	Expired   bool // with TLS: a certificate that has expired
	// MaxRate caps each data connection in bytes per second
	// (local_max_rate), as shared hosts do; 0: no cap.
	MaxRate int
	// MaxClients and MaxPerIP limit the sessions vsftpd accepts at once, in
	// all and from one address; 0: no limit.
	MaxClients, MaxPerIP int
	// LogCommands records every command in CommandLog (log_ftp_protocol).
	LogCommands bool
	// PasvAddress is the address passive replies name, for a proxy in
	// front of the server (pasv_address); "": the server's own.
	PasvAddress string
}

// VsftpdWith starts vsftpd configured by o.
func VsftpdWith(t testing.TB, o VsftpdOptions) *Server {
	t.Helper()
	tls, implicit := o.TLS, o.Implicit
	binary := vsftpdPath
	if _, err := os.Stat(binary); err != nil {
		missing(t, "vsftpd is not installed (%s)", binary)
	}
	needRoot(t, "vsftpd")

	conf := t.TempDir()
	s := &Server{Name: "vsftpd", Host: "127.0.0.1", Port: freePort(t), Root: servedDir(t), TLS: tls}
	s.XferLog = filepath.Join(conf, "xferlog")
	s.User, s.Password = addUser(t, s.Root)
	emptyDir := filepath.Join(conf, "empty")
	if err := os.Mkdir(emptyDir, 0o755); err != nil {
		t.Fatal(err)
	}
	lo, hi := freePortRange(t, 32)
	lines := []string{
		"listen=YES",
		"listen_ipv6=NO",
		"listen_address=127.0.0.1",
		"listen_port=" + strconv.Itoa(s.Port),
		"background=NO",
		"anonymous_enable=NO",
		"local_enable=YES",
		"write_enable=YES",
		"local_umask=022",
		"local_root=" + s.Root,
		"chroot_local_user=YES",
		"allow_writeable_chroot=YES",
		"pasv_enable=" + yesNo(!o.NoPassive),
		"pasv_min_port=" + strconv.Itoa(lo),
		"pasv_max_port=" + strconv.Itoa(hi),
		"connect_from_port_20=NO",
		"secure_chroot_dir=" + emptyDir,
		"pam_service_name=vsftpd",
		"seccomp_sandbox=NO",
		"max_clients=" + strconv.Itoa(o.MaxClients),
		"max_per_ip=" + strconv.Itoa(o.MaxPerIP),
		"xferlog_enable=YES",
		"xferlog_std_format=YES",
		"xferlog_file=" + s.XferLog,
		"dual_log_enable=YES",
		"vsftpd_log_file=" + filepath.Join(conf, "vsftpd.log"),
	}
	if tls {
		cert := SelfSignedCert(t)
		if o.Expired {
			cert = ExpiredCert(t)
		}
		s.CertPEM = cert.CertPEM
		certFile := writeConf(t, conf, "cert.pem", cert.CertPEM)
		keyFile := writeConf(t, conf, "key.pem", cert.KeyPEM)
		lines = append(lines,
			"ssl_enable=YES",
			"rsa_cert_file="+certFile,
			"rsa_private_key_file="+keyFile,
			"force_local_logins_ssl=YES",
			"force_local_data_ssl=YES",
			"require_ssl_reuse=YES",
			"ssl_ciphers=HIGH",
		)
		if implicit {
			lines = append(lines, "implicit_ssl=YES")
		}
	}
	if o.IPv6 {
		s.Host = "::1"
		lines = append(lines, "listen=NO", "listen_ipv6=YES", "listen_address6=::1")
	}
	if o.LogCommands {
		s.CommandLog = filepath.Join(conf, "vsftpd.log")
		lines = append(lines, "log_ftp_protocol=YES")
	}
	if o.PasvAddress != "" {
		lines = append(lines, "pasv_address="+o.PasvAddress)
	}
	s.PasvMin, s.PasvMax = lo, hi
	if o.MaxRate > 0 {
		lines = append(lines, "local_max_rate="+strconv.Itoa(o.MaxRate))
	}
	confFile := writeConf(t, conf, "vsftpd.conf", []byte(strings.Join(lines, "\n")+"\n"))
	p := launch(t, []string{filepath.Join(conf, "vsftpd.log"), s.XferLog}, binary, confFile)
	p.waitReady(t, s.Host, s.Port, implicit)
	s.pid = p.cmd.Process.Pid
	return s
}

func yesNo(b bool) string {
	if b {
		return "YES"
	}
	return "NO"
}

// writeConf writes a root-only file into dir and returns its path.
func writeConf(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// XferBytes sums the bytes vsftpd logged for transfers of files whose path
// ends with suffix (direction "o" outgoing/download, "i" incoming/upload).
// vsftpd logs a transfer when it ends, complete or not, with the path seen
// by the user (under the chroot).
func (s *Server) XferBytes(t testing.TB, direction, suffix string) int64 {
	t.Helper()
	total, _ := s.xfers(t, direction, suffix)
	return total
}

// XferCount is how many transfers vsftpd logged for files whose path ends
// with suffix, in direction.
func (s *Server) XferCount(t testing.TB, direction, suffix string) int {
	t.Helper()
	_, n := s.xfers(t, direction, suffix)
	return n
}

// XferIncomplete is how many transfers vsftpd logged as incomplete (cut,
// aborted) for files whose path ends with suffix, in direction.
func (s *Server) XferIncomplete(t testing.TB, direction, suffix string) int {
	t.Helper()
	n := 0
	s.eachXfer(t, direction, suffix, func(x xfer) {
		if !x.complete {
			n++
		}
	})
	return n
}

func (s *Server) xfers(t testing.TB, direction, suffix string) (total int64, count int) {
	t.Helper()
	s.eachXfer(t, direction, suffix, func(x xfer) {
		total += x.bytes
		count++
	})
	return total, count
}

// eachXfer calls f for every transfer in vsftpd's log of a file whose path
// ends with suffix, in direction.
func (s *Server) eachXfer(t testing.TB, direction, suffix string, f func(xfer)) {
	t.Helper()
	if s.XferLog == "" {
		t.Fatalf("%s keeps no transfer log", s.Name)
	}
	log, err := os.Open(s.XferLog)
	if os.IsNotExist(err) {
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	suffix = xferlogName(suffix)
	lines := bufio.NewScanner(log)
	for lines.Scan() {
		x, ok := parseXferLine(lines.Text())
		if ok && x.direction == direction && strings.HasSuffix(x.path, suffix) {
			f(x)
		}
	}
	if err := lines.Err(); err != nil {
		t.Fatal(err)
	}
}

// xferlogName spells name as vsftpd writes it in the xferlog: spaces become
// "_" and every byte that is not printable ASCII becomes "?".
func xferlogName(name string) string {
	b := []byte(name)
	for i, c := range b {
		switch {
		case c == ' ':
			b[i] = '_'
		case c < 0x20 || c >= 0x7f:
			b[i] = '?'
		}
	}
	return string(b)
}

// xfer is one line of an xferlog: "DAY MON DD HH:MM:SS YYYY SECONDS HOST
// BYTES PATH TYPE ACTION DIRECTION MODE USER SERVICE AUTH AUTHUSER STATUS".
// PATH may hold spaces, so it is what lies between the 8 fields before and
// the 9 after.
type xfer struct {
	bytes     int64
	path      string
	direction string
	complete  bool // the last field: "c" complete, "i" incomplete
}

func parseXferLine(line string) (xfer, bool) {
	f := strings.Fields(line)
	if len(f) != 18 {
		return xfer{}, false
	}
	n, err := strconv.ParseInt(f[7], 10, 64)
	if err != nil {
		return xfer{}, false
	}
	return xfer{bytes: n, path: f[8], direction: f[len(f)-7], complete: f[len(f)-1] == "c"}, true
}
