package session

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/adrg/xdg"
)

// TrustStore remembers certificates the user trusted: SHA-256 of the leaf
// per host:port, in a JSON file written atomically.
type TrustStore struct {
	path string

	ask  sync.Mutex // one certificate question at a time
	mu   sync.Mutex
	pins map[string]string // host:port -> fingerprint, saved
	once map[string]string // trusted for this process only
}

// OpenTrustStore loads path (missing is fine). "" keeps it in memory only.
func OpenTrustStore(path string) (*TrustStore, error) {
	t := &TrustStore{path: path, pins: map[string]string{}, once: map[string]string{}}
	if path == "" {
		return t, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return t, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &t.pins); err != nil {
		return nil, &fileError{path: path, what: "trusted certificates", err: err}
	}
	return t, nil
}

// DefaultTrustStorePath is $XDG_DATA_HOME/ferry/trusted-certs.json.
func DefaultTrustStorePath() (string, error) {
	return xdg.DataFile(filepath.Join("ferry", "trusted-certs.json"))
}

// decide accepts info's certificate when it is the one trusted before,
// refuses it when another one was, and otherwise asks.
func (t *TrustStore) decide(info CertInfo, ask func(CertInfo) TrustDecision) error {
	t.ask.Lock()
	defer t.ask.Unlock()
	t.mu.Lock()
	pinned, known := t.pins[info.HostPort]
	once := t.once[info.HostPort]
	t.mu.Unlock()
	switch {
	case known && pinned == info.SHA256, once == info.SHA256:
		return nil
	case known:
		return &CertError{HostPort: info.HostPort, Changed: true}
	}
	switch ask(info) {
	case TrustAlways:
		return t.pin(info.HostPort, info.SHA256)
	case TrustOnce:
		t.mu.Lock()
		t.once[info.HostPort] = info.SHA256
		t.mu.Unlock()
		return nil
	}
	return &CertError{HostPort: info.HostPort, Reason: info.Reason}
}

func (t *TrustStore) pin(hostPort, fp string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pins[hostPort] = fp
	if t.path == "" {
		return nil
	}
	data, err := json.MarshalIndent(t.pins, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(t.path, data)
}
