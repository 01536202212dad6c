package ftpserver

import (
	"os"
	"strconv"
	"strings"

	goftp "goftp.io/server/v2"
)

// commandSet is goftp's default command table with the commands that carry
// faults, and SIZE and MDTM, replaced. Without MLST, FEAT does not advertise
// it (goftp builds the FEAT reply from the table once).
func (s *Server) commandSet(withMLST bool) map[string]goftp.Command {
	cmds := make(map[string]goftp.Command)
	for name, cmd := range goftp.DefaultCommands() {
		cmds[name] = cmd
	}
	cmds["REST"] = restCommand{cmds["REST"], s}
	cmds["LIST"] = listCommand{cmds["LIST"], s, false}
	cmds["MLSD"] = listCommand{cmds["MLSD"], s, true}
	cmds["MLST"] = mlstCommand{cmds["MLST"], s}
	cmds["SIZE"] = statCommand{cmds["SIZE"], s, sizeReply}
	cmds["MDTM"] = statCommand{cmds["MDTM"], s, mdtmReply}
	cmds["HASH"] = hashCommand{nil, s}
	if !withMLST {
		delete(cmds, "MLST")
	}
	for name, cmd := range cmds {
		cmds[name] = replyFault{cmd, s, name}
	}
	return cmds
}

// replyFault answers a command with the code the fault Replies gives its
// verb, without carrying it out.
type replyFault struct {
	goftp.Command
	s    *Server
	verb string
}

func (c replyFault) Execute(sess *goftp.Session, param string) {
	if code, ok := c.s.currentFaults().Replies[c.verb]; ok {
		sess.WriteMessage(code, "Refused on purpose by the test server")
		return
	}
	c.Command.Execute(sess, param)
}

// restCommand refuses REST when the fault NoREST is set.
type restCommand struct {
	goftp.Command
	s *Server
}

func (c restCommand) Execute(sess *goftp.Session, param string) {
	if c.s.currentFaults().NoREST {
		sess.WriteMessage(502, "REST not implemented")
		return
	}
	c.Command.Execute(sess, param)
}

// mlstCommand refuses MLST when the fault NoMLSD is set.
type mlstCommand struct {
	goftp.Command
	s *Server
}

func (c mlstCommand) Execute(sess *goftp.Session, param string) {
	if c.s.currentFaults().NoMLSD {
		sess.WriteMessage(500, "Command not understood")
		return
	}
	c.Command.Execute(sess, param)
}

// listCommand serves LIST or MLSD, or the raw lines of the fault
// ListingLines, and refuses MLSD when the fault NoMLSD is set.
type listCommand struct {
	goftp.Command
	s    *Server
	mlsd bool
}

func (c listCommand) Execute(sess *goftp.Session, param string) {
	f := c.s.currentFaults()
	switch {
	case c.mlsd && f.NoMLSD:
		sess.WriteMessage(500, "Command not understood")
	case f.ListingLines == nil:
		c.Command.Execute(sess, param)
	default:
		sendRaw(sess, f.ListingLines)
	}
}

// sendRaw sends lines as a listing on the session's data connection.
func sendRaw(sess *goftp.Session, lines []string) {
	data := sess.DataConn()
	if data == nil {
		sess.WriteMessage(425, "Use PASV or EPSV first")
		return
	}
	sess.WriteMessage(150, "Here comes the directory listing")
	var body strings.Builder
	for _, line := range lines {
		body.WriteString(line)
		body.WriteString("\r\n")
	}
	_, err := data.Write([]byte(body.String()))
	data.Close()
	if err != nil {
		sess.WriteMessage(426, "Connection closed; transfer aborted")
		return
	}
	sess.WriteMessage(226, "Directory send OK")
}

// statCommand answers SIZE or MDTM about a file, and is advertised in FEAT
// as real servers do. goftp's own reply 450 (a transient error) when the
// file is missing, where real servers reply 550; a client would retry in vain.
type statCommand struct {
	goftp.Command
	s     *Server
	reply func(os.FileInfo) string
}

func (c statCommand) IsExtend() bool { return true }

func (c statCommand) Execute(sess *goftp.Session, param string) {
	info, err := c.s.driver.Stat(nil, sess.BuildPath(param))
	if err != nil || !info.Mode().IsRegular() {
		sess.WriteMessage(550, "Could not get file information")
		return
	}
	sess.WriteMessage(213, c.reply(info))
}

func sizeReply(info os.FileInfo) string { return itoa(info.Size()) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func mdtmReply(info os.FileInfo) string { return info.ModTime().UTC().Format("20060102150405") }

// commandLog is goftp's logger: it records the commands received and drops
// everything else.
type commandLog struct{ s *Server }

func (l commandLog) Print(string, any)                 {}
func (l commandLog) Printf(string, string, ...any)     {}
func (l commandLog) PrintResponse(string, int, string) {}

func (l commandLog) PrintCommand(_ string, command, params string) {
	line := command
	switch {
	case strings.EqualFold(command, "PASS"):
		line = "PASS ****"
	case params != "":
		line += " " + params
	}
	l.s.mu.Lock()
	l.s.commands = append(l.s.commands, line)
	l.s.mu.Unlock()
}
