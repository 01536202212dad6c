package session

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"slices"
	"strings"
)

// ErrNoChecksum means the server lists no checksum command in FEAT.
var ErrNoChecksum = errors.New("the server offers no checksum command")

// Checksum is a file's hash as the server computed it.
type Checksum struct {
	Algorithm string // "SHA-256", "SHA-512", "SHA-1", "MD5" or "CRC32"
	Sum       []byte
}

// NewHash returns a hash of the same algorithm, to compute the local side.
func (s Checksum) NewHash() hash.Hash {
	return newHash(s.Algorithm)
}

// Matches reports whether sum (of a local file) equals the server's.
func (s Checksum) Matches(sum []byte) bool { return bytes.Equal(sum, s.Sum) }

func newHash(algorithm string) hash.Hash {
	switch algorithm {
	case "SHA-256":
		return sha256.New()
	case "SHA-512":
		return sha512.New()
	case "SHA-1":
		return sha1.New()
	case "MD5":
		return md5.New()
	case "CRC32":
		return crc32.NewIEEE()
	}
	return nil
}

// hashPreference is the order algorithms are chosen in, strongest first.
var hashPreference = []string{"SHA-256", "SHA-512", "SHA-1", "MD5"}

// legacyHashCommands are the older one-algorithm commands.
var legacyHashCommands = []struct{ command, algorithm string }{
	{"XSHA256", "SHA-256"}, {"XSHA512", "SHA-512"}, {"XSHA1", "SHA-1"}, {"XMD5", "MD5"}, {"XCRC", "CRC32"},
}

// Checksum asks the server for p's hash: HASH (choosing the strongest
// algorithm it lists, with OPTS HASH) or else XSHA256, XSHA512, XSHA1, XMD5,
// XCRC, whichever FEAT lists first. ErrNoChecksum when none is listed.
func (c *Conn) Checksum(p string) (Checksum, error) {
	if params, ok := c.feat.has("HASH"); ok {
		return c.hashCommand(p, params)
	}
	for _, l := range legacyHashCommands {
		if c.Feature(l.command) {
			r, err := c.rawOK("%s %s", l.command, p)
			if err != nil {
				return Checksum{}, notFound(p, err)
			}
			return parseChecksum(l.algorithm, strings.Fields(r.Message))
		}
	}
	return Checksum{}, ErrNoChecksum
}

// hashCommand uses HASH. params is FEAT's list, e.g. "SHA-256;SHA-1*;MD5"
// (the starred one is selected); a server may list none and say in its
// reply which algorithm it used.
func (c *Conn) hashCommand(p, params string) (Checksum, error) {
	offered := strings.Split(strings.ToUpper(params), ";")
	current := ""
	for i, a := range offered {
		if strings.HasSuffix(a, "*") {
			current = strings.TrimSuffix(a, "*")
			offered[i] = current
		}
	}
	for _, want := range hashPreference {
		if !slices.Contains(offered, want) {
			continue
		}
		if want != current {
			if _, err := c.rawOK("OPTS HASH %s", want); err != nil {
				if !isReply(err) {
					return Checksum{}, err
				}
				continue // refused: try the next one
			}
		}
		break
	}
	r, err := c.rawOK("HASH %s", p)
	if err != nil {
		return Checksum{}, notFound(p, err)
	}
	// "213 SHA-256 0-1234 <hex> name"
	fields := strings.Fields(r.Message)
	if len(fields) < 3 {
		return Checksum{}, fmt.Errorf("the server's HASH reply %q cannot be read", r.Message)
	}
	return parseChecksum(strings.ToUpper(fields[0]), fields[1:])
}

// parseChecksum finds the hex field of the right length for algorithm.
func parseChecksum(algorithm string, fields []string) (Checksum, error) {
	h := newHash(algorithm)
	if h == nil {
		return Checksum{}, fmt.Errorf("the server used an unknown hash algorithm %q", algorithm)
	}
	for _, f := range fields {
		sum, err := hex.DecodeString(f)
		if err == nil && len(sum) == h.Size() {
			return Checksum{Algorithm: algorithm, Sum: sum}, nil
		}
	}
	return Checksum{}, fmt.Errorf("the server's %s reply %q holds no checksum", algorithm, strings.Join(fields, " "))
}
