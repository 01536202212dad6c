package session

import (
	"net"
	"syscall"
)

// corkTCP holds back partial packets on conn until it is shut down or a
// packet fills up (TCP_CORK).
func corkTCP(conn net.Conn) {
	tcp, ok := conn.(*net.TCPConn)
	if !ok {
		return
	}
	if rc, err := tcp.SyscallConn(); err == nil {
		rc.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_CORK, 1) })
	}
}
