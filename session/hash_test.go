package session

import (
	"encoding/hex"
	"strings"
	"testing"
)

func TestParseChecksumFindsTheSumInRealReplies(t *testing.T) {
	for _, c := range []struct{ algorithm, reply, want string }{
		// HASH (draft-bryan-ftpext-hash): algorithm, range, hex, name.
		{"SHA-256", "0-3 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae foo.txt", "2c26b46b"},
		// ProFTPD mod_digest XMD5 / XSHA1: just the hex.
		{"MD5", "ACBD18DB4CC2F85CEDEF654FCCC4A4D8", "acbd18db"},
		{"SHA-1", "0beec7b5ea3f0fdbc95d0dd47f3c5bc275da8a33", "0beec7b5"},
		{"CRC32", "8C736521", "8c736521"},
	} {
		sum, err := parseChecksum(c.algorithm, strings.Fields(c.reply))
		if err != nil || !strings.HasPrefix(hex.EncodeToString(sum.Sum), c.want) {
			t.Errorf("%s %q: %v, %v", c.algorithm, c.reply, hex.EncodeToString(sum.Sum), err)
		}
		if h := sum.NewHash(); h == nil || h.Size() != len(sum.Sum) {
			t.Errorf("%s: no matching local hash", c.algorithm)
		}
	}
	for _, bad := range []struct{ algorithm, reply string }{
		{"SHA-256", "0-3 abc foo.txt"},
		{"WHIRLPOOL", "0-3 00 foo"},
	} {
		if _, err := parseChecksum(bad.algorithm, strings.Fields(bad.reply)); err == nil {
			t.Errorf("%s %q accepted", bad.algorithm, bad.reply)
		}
	}
}
