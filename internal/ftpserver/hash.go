package ftpserver

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"

	goftp "goftp.io/server/v2"
)

// hashCommand answers HASH with the file's SHA-256 (draft-bryan-ftpext-hash:
// "213 SHA-256 0-SIZE HEX NAME"), or a wrong one under the fault WrongHash.
type hashCommand struct {
	goftp.Command
	s *Server
}

func (c hashCommand) IsExtend() bool     { return true }
func (c hashCommand) RequireParam() bool { return true }
func (c hashCommand) RequireAuth() bool  { return true }

func (c hashCommand) Execute(sess *goftp.Session, param string) {
	var sum []byte
	var size int64
	err := c.s.driver.with(func(root *os.Root) error {
		f, err := root.Open(rel(sess.BuildPath(param)))
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		size, err = io.Copy(h, f)
		sum = h.Sum(nil)
		return err
	})
	if err != nil {
		sess.WriteMessage(550, "Could not compute the hash")
		return
	}
	if c.s.currentFaults().WrongHash {
		sum[0] ^= 0xff
	}
	sess.WriteMessage(213, "SHA-256 0-"+itoa(size)+" "+hex.EncodeToString(sum)+" "+param)
}
