// Package ftpserver is an embedded FTP server over a local directory, built on
// goftp.io/server/v2 with a driver of Ferry's own. Tests use it for fast,
// in-process runs with injected faults; `ferry --demo` uses it to serve
// sample files.
package ftpserver

// This file is the agreed API; bodies are filled in as it is implemented.

import "crypto/tls"

// Faults make the server misbehave on purpose. The zero value is a healthy server.
type Faults struct {
	// DropAfter cuts a data connection (RETR or STOR) after this many bytes; 0: never.
	DropAfter int64
	// DropTimes limits DropAfter to the first N transfers (0: every transfer).
	DropTimes int
	// StallAfter stops sending or reading data after this many bytes without
	// closing anything, until the server is closed; 0: never.
	StallAfter int64
	// NoREST makes REST reply 502 (command not implemented).
	NoREST bool
	// NoMLSD hides MLSD from FEAT and refuses it.
	NoMLSD bool
	// Listing, when set, replaces every LIST/MLSD reply body with these raw
	// lines, for hostile-listing tests.
	ListingLines []string
}

// Options configure a server.
type Options struct {
	Root     string // directory served; required
	Listen   string // default "127.0.0.1:0"
	User     string // default "ferry"
	Password string // default "ferry"
	// TLS enables explicit TLS (AUTH TLS) when non-nil.
	TLS *tls.Config
}

// Server is a running embedded server.
type Server struct {
	Host     string // "127.0.0.1"
	Port     int
	User     string
	Password string
	Root     string
}

// Start listens and serves in the background.
func Start(opts Options) (*Server, error) { panic("unimplemented") }

// SetFaults changes the faults for transfers that start from now on.
func (s *Server) SetFaults(f Faults) { panic("unimplemented") }

// Commands returns every command received so far (PASS masked), in order.
func (s *Server) Commands() []string { panic("unimplemented") }

// BytesSent and BytesReceived count data-connection payload bytes.
func (s *Server) BytesSent() int64     { panic("unimplemented") }
func (s *Server) BytesReceived() int64 { panic("unimplemented") }

// Close stops the server and drops every connection.
func (s *Server) Close() error { panic("unimplemented") }
