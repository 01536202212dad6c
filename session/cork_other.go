//go:build !linux

package session

import "net"

// corkTCP does nothing where TCP_CORK is not known.
func corkTCP(net.Conn) {}
