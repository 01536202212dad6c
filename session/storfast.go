package session

import (
	"bytes"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A small upload does not wait for the server's "150" before its bytes go:
// they travel with the data connection's handshake, and the server reads
// them once it has taken the connection. Waiting for the 150 costs a round
// trip per file on a real network, since the server can send it only after
// the handshake's last packet reached it. A file this small fits in the
// sockets' buffers, so nothing blocks when the server refuses the upload.
const fastStorMax = 64 << 10

// storBuffers hold the start of each upload, to tell a small file.
var storBuffers = sync.Pool{New: func() any {
	b := make([]byte, fastStorMax+1)
	return &b
}}

// storFast uploads data, the whole file, to p when the connection can: in
// passive mode with EPSV. ok is false when it did nothing and the library
// should do the upload.
func (c *Conn) storFast(p string, data []byte) (ok bool, err error) {
	// Over TLS the handshake waits for the server to take the connection,
	// as the 150 does: nothing to win.
	if c.mode == ModeActive || c.verifier != nil || c.site.DisableEPSV || c.site.OneCommandAtATime || c.noEPSV || strings.ContainsAny(p, "\r\n") {
		return false, nil
	}
	r, err := c.timedRaw("EPSV")
	if err != nil {
		return true, err
	}
	port, perr := epsvPort(r)
	if perr != nil {
		c.noEPSV = true // the library knows the other ways
		return false, nil
	}
	server := c.idle.RemoteAddr().(*net.TCPAddr).IP
	d := c.dialAhead("tcp", net.JoinHostPort(server.String(), strconv.Itoa(port)))
	c.data.setConn(dialAbort{d})
	if _, err := io.WriteString(c.ctrl, "STOR "+p+"\r\n"); err != nil {
		d.Close()
		return true, c.check(err)
	}
	_, werr := io.Copy(d, bytes.NewReader(data))
	if werr == nil {
		werr = d.Handshake() // an empty file still needs its TLS handshake
	}
	cerr := d.Close()
	reply, err := c.readReply()
	if err != nil {
		return true, err
	}
	if err := replyError(reply, nil); err != nil {
		return true, c.check(err)
	}
	if werr != nil {
		return true, c.check(werr)
	}
	return true, c.check(cerr)
}

// timedRaw is raw, remembering the round trip.
func (c *Conn) timedRaw(command string) (Reply, error) {
	start := time.Now()
	r, err := c.raw(command)
	c.rtt.Store(int64(time.Since(start)))
	return r, err
}

// epsvPort reads the port of a 229 reply: "(|||port|)".
func epsvPort(r Reply) (int, error) {
	_, rest, ok := strings.Cut(r.Message, "(")
	inner, _, ok2 := strings.Cut(rest, ")")
	fields := strings.Split(inner, inner[:min(1, len(inner))])
	if r.Code != 229 || !ok || !ok2 || len(fields) != 5 {
		return 0, &replyFormatError{r}
	}
	port, err := strconv.Atoi(fields[3])
	if err != nil || port < 1 || port > 65535 {
		return 0, &replyFormatError{r}
	}
	return port, nil
}

type replyFormatError struct{ r Reply }

func (e *replyFormatError) Error() string { return "unexpected reply to EPSV: " + e.r.String() }
