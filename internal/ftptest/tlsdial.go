package ftptest

import (
	"crypto/tls"
	"io"
	"net"
	"time"
)

// TLSDataDial is a dial func for jlaffaye/ftp's DialWithDialFunc, used with
// DialWithExplicitTLS(cfg) against the server at control. The library leaves
// the TLS of data connections to a dial func, so this one wraps them with cfg
// and closes them gracefully: close_notify, FIN, then reading until the
// server closes. A plain Close resets the connection while TLS 1.3 session
// tickets sit unread, and vsftpd then loses the end of an upload ("426
// Failure reading network stream").
func TLSDataDial(control string, cfg *tls.Config) func(network, addr string) (net.Conn, error) {
	return func(network, addr string) (net.Conn, error) {
		conn, err := net.DialTimeout(network, addr, 10*time.Second)
		if err != nil || addr == control {
			return conn, err
		}
		return &gracefulConn{Conn: tls.Client(conn, cfg), tcp: conn.(*net.TCPConn)}, nil
	}
}

type gracefulConn struct {
	*tls.Conn
	tcp *net.TCPConn
}

func (c *gracefulConn) Close() error {
	if c.ConnectionState().HandshakeComplete {
		c.CloseWrite()
		c.tcp.CloseWrite()
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		io.Copy(io.Discard, c.Conn)
	}
	return c.Conn.Close()
}
