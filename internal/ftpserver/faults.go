package ftpserver

import (
	"errors"
	"io"
	"sync/atomic"
)

// Faults make the server misbehave on purpose. The zero value is a healthy server.
type Faults struct {
	// DropAfter cuts a data connection (RETR, STOR or APPE) after this many
	// bytes of that transfer; 0: never.
	DropAfter int64
	// DropTimes limits DropAfter to the first N transfers that reach
	// DropAfter bytes, counted from the last SetFaults (0: every transfer).
	DropTimes int
	// StallAfter stops sending or reading data after this many bytes of a
	// transfer without closing anything, until the server is closed; 0: never.
	StallAfter int64
	// StallTimes limits StallAfter to the first N transfers that reach
	// StallAfter bytes, counted from the last SetFaults (0: every transfer).
	StallTimes int
	// NoREST makes REST reply 502 (command not implemented).
	NoREST bool
	// NoMLSD hides MLST from FEAT and refuses MLSD and MLST. A connection
	// made before NoMLSD was set keeps its FEAT reply, so it sees MLSD
	// advertised and then refused.
	NoMLSD bool
	// ListingLines, when non-nil, replaces every LIST and MLSD reply body with
	// these raw lines (each sent with CRLF), for hostile-listing tests.
	ListingLines []string
	// HostileNames are added as empty files to every real directory listing,
	// formatted by the server like the real entries (as LIST or MLSD lines).
	// Names such as "..", "../../x", "/etc/passwd" or "a\x01b" make a
	// realistic hostile listing in either format.
	HostileNames []string
	// WrongHash makes HASH answer a checksum that does not match the file.
	WrongHash bool
	// LoopDir makes every folder hold a subfolder of this name that is the
	// folder itself (as a link "LoopDir -> ." would, but listed as a plain
	// folder with nothing to tell it apart): a tree that never ends.
	LoopDir string
	// Replies answers the commands named here (verb in capitals, e.g.
	// "SIZE") with the given reply code, without carrying them out.
	Replies map[string]int
	// DeadPassivePort makes EPSV replies on plain control connections name
	// a port where nothing listens, as a broken NAT or firewall would, while
	// the server waits for the data connection on its real port.
	DeadPassivePort bool
}

var (
	errDropped = errors.New("data connection dropped on purpose")
	errClosed  = errors.New("server closed")
)

// faultyReader carries one transfer's data: it counts the payload and
// applies the drop and stall faults at their byte offsets.
type faultyReader struct {
	r       io.Reader
	s       *Server
	counter *atomic.Int64
	n       int64  // bytes passed so far in this transfer
	dropAt  int64  // 0: never
	stallAt int64  // 0: never
	faults  Faults // in force when the transfer started
}

// newFaultyReader wraps r for one transfer with the faults in force now.
func (s *Server) newFaultyReader(r io.Reader, counter *atomic.Int64) *faultyReader {
	f := s.currentFaults()
	return &faultyReader{r: r, s: s, counter: counter, dropAt: f.DropAfter, stallAt: f.StallAfter, faults: f}
}

func (fr *faultyReader) Read(p []byte) (int, error) {
	select {
	case <-fr.s.done:
		return 0, errClosed
	default:
	}
	if fr.stallAt > 0 && fr.n >= fr.stallAt {
		if fr.s.takeFault(&fr.s.stalls, fr.faults.StallTimes) {
			<-fr.s.done
			return 0, errClosed
		}
		fr.stallAt = 0
	}
	if fr.dropAt > 0 && fr.n >= fr.dropAt {
		if fr.s.takeFault(&fr.s.drops, fr.faults.DropTimes) {
			return 0, errDropped
		}
		fr.dropAt = 0
	}
	limit := int64(len(p))
	for _, at := range []int64{fr.stallAt, fr.dropAt} {
		if at > fr.n && at-fr.n < limit {
			limit = at - fr.n
		}
	}
	n, err := fr.r.Read(p[:limit])
	fr.n += int64(n)
	fr.counter.Add(int64(n))
	return n, err
}

// takeFault reports whether one more transfer may suffer a fault limited to
// limit times (0: no limit), and counts it in *count.
func (s *Server) takeFault(count *int, limit int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if limit > 0 && *count >= limit {
		return false
	}
	*count++
	return true
}
