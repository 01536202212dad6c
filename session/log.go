package session

import (
	"sync"
	"time"

	"ferry/internal/printable"
)

// LogKind is the direction or nature of a message log line.
type LogKind int

const (
	LogCommand LogKind = iota // client -> server
	LogReply                  // server -> client
	LogStatus                 // Ferry's own note ("Connecting to ...")
	LogError
)

// LogLine is one line of the message log.
type LogLine struct {
	Time time.Time
	Conn int // connection number, for telling parallel connections apart
	Kind LogKind
	Text string // PASS arguments masked
}

// Log is a bounded, subscribable message log. Safe for concurrent use.
type Log struct {
	mu    sync.Mutex
	ring  []LogLine // circular once full
	next  int       // index of the oldest line when full
	subs  map[chan LogLine]struct{}
	conns int
}

// NewLog keeps the last capacity lines.
func NewLog(capacity int) *Log {
	if capacity < 1 {
		capacity = 1
	}
	return &Log{ring: make([]LogLine, 0, capacity), subs: map[chan LogLine]struct{}{}}
}

// nextConn numbers a new connection for its log lines.
func (l *Log) nextConn() int {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.conns++
	return l.conns
}

// Add appends a line and notifies subscribers without blocking.
func (l *Log) Add(conn int, kind LogKind, text string) {
	if l == nil {
		return
	}
	line := LogLine{Time: time.Now(), Conn: conn, Kind: kind, Text: printable.Text(text)}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.ring) < cap(l.ring) {
		l.ring = append(l.ring, line)
	} else {
		l.ring[l.next] = line
		l.next = (l.next + 1) % len(l.ring)
	}
	for ch := range l.subs {
		select {
		case ch <- line:
		default: // the subscriber is behind: drop rather than stall a transfer
		}
	}
}

// Lines is a copy of the buffered lines, oldest first.
func (l *Log) Lines() []LogLine {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]LogLine, 0, len(l.ring))
	out = append(out, l.ring[l.next:]...)
	return append(out, l.ring[:l.next]...)
}

// Subscribe delivers new lines on a buffered channel; lines are dropped, not
// waited for, when the subscriber falls behind. cancel closes the channel.
func (l *Log) Subscribe() (lines <-chan LogLine, cancel func()) {
	ch := make(chan LogLine, 1024)
	l.mu.Lock()
	l.subs[ch] = struct{}{}
	l.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			l.mu.Lock()
			delete(l.subs, ch)
			l.mu.Unlock()
			close(ch)
		})
	}
}
