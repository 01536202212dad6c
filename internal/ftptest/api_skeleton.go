// Package ftptest starts FTP servers for tests: the embedded one in-process,
// and real vsftpd and pure-ftpd with their own config in a temp dir on a free
// high port of 127.0.0.1. With CI=true a missing server fails the test;
// otherwise it skips.
package ftptest

// This file is the agreed API; bodies are filled in as it is implemented.

import (
	"testing"

	"ferry/internal/ftpserver"
)

// Embedded starts an in-process server over a fresh temp dir, closed at cleanup.
func Embedded(t testing.TB, faults ftpserver.Faults) *ftpserver.Server { panic("unimplemented") }

// Server is a running real server.
type Server struct {
	Name     string // "vsftpd" or "pure-ftpd"
	Host     string // "127.0.0.1"
	Port     int
	User     string
	Password string
	Root     string // local directory the user's "/" maps to (chroot)
	TLS      bool   // explicit TLS required
	CertPEM  []byte // the server's self-signed certificate
	// XferLog is vsftpd's transfer log (xferlog format), "" for pure-ftpd.
	XferLog string
}

// Vsftpd starts vsftpd (tls: explicit TLS required, require_ssl_reuse=YES).
func Vsftpd(t testing.TB, tls bool) *Server { panic("unimplemented") }

// PureFTPd starts pure-ftpd (tls: explicit TLS required).
func PureFTPd(t testing.TB, tls bool) *Server { panic("unimplemented") }

// XferBytes sums the bytes vsftpd logged for transfers of files whose path
// ends with suffix (direction "o" outgoing/download, "i" incoming/upload).
func (s *Server) XferBytes(t testing.TB, direction, suffix string) int64 {
	panic("unimplemented")
}
