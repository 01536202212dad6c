package session

import (
	"cmp"
	"fmt"
	"net/textproto"
	"strings"
	"time"

	"github.com/jlaffaye/ftp"
)

// Listing is what the server said about one folder.
type Listing struct {
	Entries []Entry // without "." and ".."
	// ID names the folder itself on the server: the MLSD "unique" fact of
	// the folder, or else the path the server reports after changing into
	// it (servers resolve symbolic links there). Two listings with the same
	// ID are the same folder reached twice: a loop. "" when unknown.
	ID string
}

// List returns the entries of the folder dir, without "." and "..". A folder
// that does not exist or cannot be read is an error, never an empty listing.
func (c *Conn) List(dir string) ([]Entry, error) {
	l, err := c.ListDir(dir)
	return l.Entries, err
}

// ListDir lists the folder dir the robust way: MLSD where the server offers
// it; else it changes into the folder, lists it there with a bare LIST and
// changes back. "LIST path" is not used: servers pass its argument to ls,
// which reads a name starting with "-" as options and may list a missing
// folder, or one whose name has spaces, as empty.
func (c *Conn) ListDir(dir string) (Listing, error) {
	l, err := c.listDir(dir)
	if err != nil && !c.noMLSD && c.last.get() == "MLSD" && isReply(err) && replyCode(err) != ftp.StatusFileUnavailable {
		// The server advertised MLSD and then refused it: use LIST from now on.
		c.opts.Log.Add(c.id, LogStatus, "MLSD failed; falling back to LIST")
		if rerr := c.relogin(true); rerr != nil {
			return Listing{}, rerr
		}
		l, err = c.listDir(dir)
	}
	return l, err
}

func (c *Conn) listDir(dir string) (Listing, error) {
	if c.sc.IsTimePreciseInList() { // MLSD takes the path as one argument
		data, err := c.listRaw(dir, dir)
		if err != nil {
			return Listing{}, err
		}
		entries, id := parseListing(data, true)
		return Listing{Entries: entries, ID: id}, nil
	}
	home, err := c.homeDir()
	if err != nil || strings.ContainsAny(dir+home, "\r\n") {
		return Listing{}, cmp.Or(err, ErrBadCommand)
	}
	// CWD travels with the PWD that names the folder (one round trip), and
	// the way back with the connection's next command: Ferry's commands
	// name absolute paths, so nothing depends on where the connection is
	// until then.
	var cwdErr error
	c.sendLater("CWD "+dir, func(r Reply, err error) { cwdErr = replyError(r, err) })
	id, err := c.pwd()
	if cwdErr != nil {
		return Listing{}, notFound(dir, c.check(cwdErr))
	}
	if err != nil {
		return Listing{}, err
	}
	l, err := c.listHere(dir, id)
	c.sendWhenever("CWD "+home, func(r Reply, err error) {
		if replyError(r, err) != nil {
			c.broken.Store(true) // not back home: do not reuse this connection
		}
	})
	return l, err
}

// listHere lists the current folder, id, which the caller changed into.
// "LIST -a" shows the dot files that a bare LIST hides (vsftpd). Its reply
// is trusted only when it lists "." as ls -a does: a server that reads
// "-a" as a name would list a file or folder of that name instead.
func (c *Conn) listHere(dir, id string) (Listing, error) {
	if !c.noListA {
		data, err := c.listRaw("-a", dir)
		if err != nil && !isReply(err) {
			return Listing{}, err
		}
		if err == nil && listsItself(data) {
			entries, _ := parseListing(data, false)
			return Listing{Entries: entries, ID: id}, nil
		}
		if err == nil {
			c.noListA = true // the server does not take "-a" as ls does
		}
	}
	data, err := c.listRaw("", dir)
	if err != nil {
		return Listing{}, err
	}
	entries, _ := parseListing(data, false)
	return Listing{Entries: entries, ID: id}, nil
}

// listsItself reports a LIST reply that has a line for "." (ls -a).
func listsItself(data []byte) bool {
	for line := range strings.SplitSeq(string(data), "\n") {
		if e, ok := parseUnixLine(strings.TrimRight(line, "\r"), time.Now()); ok && e.Name == "." {
			return true
		}
	}
	return false
}

// listRaw sends MLSD or LIST with arg ("" for none) and returns the reply's
// body as sent; dir names the folder in errors.
func (c *Conn) listRaw(arg, dir string) ([]byte, error) {
	c.capture = &captureBuf{}
	defer func() { c.capture = nil }()
	_, err := c.sc.List(arg)
	if err := c.check(err); err != nil {
		return nil, notFound(dir, err)
	}
	if c.capture.overflow {
		return nil, fmt.Errorf("the listing of %s is larger than %d MiB", dir, maxListing>>20)
	}
	if reply := c.last.replyLine(); unreadableFolder(reply) {
		// vsftpd ends a listing it could not read with a success code.
		return nil, &textproto.Error{Code: ftp.StatusFileUnavailable, Msg: reply}
	}
	return c.capture.data, nil
}

// unreadableFolder recognises a success reply that admits the listing failed
// (vsftpd: "226 Transfer done (but failed to open directory).").
func unreadableFolder(reply string) bool {
	return strings.Contains(strings.ToLower(reply), "failed to open directory")
}

// homeDir is the folder the connection works in between operations,
// asked once per login.
func (c *Conn) homeDir() (string, error) {
	if c.home != "" {
		return c.home, nil
	}
	home, err := c.pwd()
	if err != nil {
		return "", err
	}
	c.home = home
	return home, nil
}

// pwd asks the server for the current folder (PWD), undoing the doubled
// quotes of RFC 959.
func (c *Conn) pwd() (string, error) {
	dir, err := c.sc.CurrentDir()
	if err := c.check(err); err != nil {
		return "", err
	}
	return strings.ReplaceAll(dir, `""`, `"`), nil
}
