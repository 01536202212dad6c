package session

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"os"
	"strings"
	"syscall"

	"ferry/internal/printable"
)

// IsPermanent reports a failure that retrying cannot fix: a 5xx reply (530
// login, 550 no such file, 553 bad name), a refused certificate, a refused
// plain-text login.
func IsPermanent(err error) bool {
	if err == nil {
		return false
	}
	if code := replyCode(err); code >= 500 {
		return true
	}
	var unsafe *UnsafeNameError
	var dns *net.DNSError
	var file *fileError
	return errors.As(err, &file) || errors.Is(err, ErrCertRefused) || errors.Is(err, ErrPlainRefused) ||
		errors.Is(err, ErrNoTLS) || errors.Is(err, ErrNoPassword) || errors.Is(err, ErrNoAnswer) ||
		errors.Is(err, ErrNotExist) || errors.Is(err, ErrClosed) || errors.Is(err, ErrBadCommand) ||
		errors.As(err, &unsafe) || (errors.As(err, &dns) && dns.IsNotFound)
}

// Describe turns an error into one sentence a user understands, with the
// server's own words when it sent any; never a Go error chain.
func Describe(err error) string {
	if err == nil {
		return ""
	}
	return printable.Text(sentence(describe(err)))
}

func describe(err error) string {
	var (
		reply  *textproto.Error
		dial   *dialError
		cert   *CertError
		unsafe *UnsafeNameError
		dns    *net.DNSError
		file   *fileError
		tlsErr tls.RecordHeaderError
	)
	addr := ""
	if errors.As(err, &dial) {
		addr = dial.addr
	}
	switch {
	case errors.As(err, &cert):
		return cert.Error()
	case errors.As(err, &unsafe):
		return unsafe.Error()
	case errors.As(err, &file):
		return file.Error()
	case errors.As(err, &reply):
		return describeReply(reply, dial)
	case errors.Is(err, ErrPlainRefused), errors.Is(err, ErrNoTLS),
		errors.Is(err, ErrNoKeyring), errors.Is(err, ErrNoAnswer),
		errors.Is(err, ErrClosed), errors.Is(err, ErrNoResume), errors.Is(err, ErrConnLimit):
		return onServer(addr, firstOf(err, ErrPlainRefused, ErrNoTLS, ErrNoKeyring, ErrNoAnswer, ErrClosed, ErrNoResume, ErrConnLimit).Error())
	case errors.Is(err, ErrNoPassword):
		return err.Error()
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.As(err, &dns):
		return fmt.Sprintf("could not find the server %q (no such host name)", dns.Name)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Sprintf("%s refused the connection: no FTP server is listening on that port", orServer(addr))
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return fmt.Sprintf("%s cannot be reached from this network", orServer(addr))
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		if dial != nil && (dial.step == "connect" || dial.step == "greeting") {
			return fmt.Sprintf("%s did not answer in time; check the host name and port, or try again later", orServer(addr))
		}
		return fmt.Sprintf("%s stopped answering (timed out)", orServer(addr))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return fmt.Sprintf("%s closed the connection", orServer(addr))
	case errors.As(err, &tlsErr):
		return fmt.Sprintf("%s does not speak TLS on this port; check the protocol (ftps:// is implicit TLS, usually on port 990)", orServer(addr))
	}
	// Innermost message: the chain above it repeats the context.
	for {
		next := errors.Unwrap(err)
		if next == nil {
			break
		}
		err = next
	}
	return onServer(addr, err.Error())
}

func describeReply(reply *textproto.Error, dial *dialError) string {
	words := fmt.Sprintf("%d %s", reply.Code, strings.Join(strings.Fields(reply.Msg), " "))
	switch {
	case dial != nil && dial.step == "login" && reply.Code == 530:
		return fmt.Sprintf("login to %s failed: wrong user name or password (the server said “%s”)", dial.addr, words)
	case dial != nil:
		return fmt.Sprintf("%s refused the connection: “%s”", dial.addr, words)
	case reply.Code == 550:
		return fmt.Sprintf("the server refused: “%s” (no such file or folder, or no permission)", words)
	case reply.Code == 553:
		return fmt.Sprintf("the server refused the file name: “%s”", words)
	case reply.Code == 552:
		return fmt.Sprintf("the server is out of space or over quota: “%s”", words)
	case reply.Code == 421:
		return fmt.Sprintf("the server is closing the connection: “%s”", words)
	}
	return fmt.Sprintf("the server replied “%s”", words)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func firstOf(err error, targets ...error) error {
	for _, t := range targets {
		if errors.Is(err, t) {
			return t
		}
	}
	return err
}

func orServer(addr string) string {
	if addr == "" {
		return "the server"
	}
	return "the server at " + addr
}

func onServer(addr, msg string) string {
	if addr == "" {
		return msg
	}
	return addr + ": " + msg
}

// sentence capitalises msg, keeps it on one line and ends it with a period.
func sentence(msg string) string {
	msg = strings.Join(strings.Fields(msg), " ")
	if msg == "" {
		return "Unknown error."
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") && !strings.HasSuffix(msg, "?") {
		msg += "."
	}
	return msg
}
