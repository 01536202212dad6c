package session

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/adrg/xdg"
)

// TrustStore remembers certificates the user trusted: SHA-256 of the leaf
// per host:port, in a JSON file written atomically.
type TrustStore struct {
	path    string
	damaged error // the file could not be read: no pin is known, none is saved

	mu    sync.Mutex
	pins  map[string]string // host:port -> fingerprint, saved
	once  map[string]string // trusted for this process only
	turns map[string]turn   // one question per host:port at a time
}

// OpenTrustStore loads path (missing is fine). "" keeps it in memory only.
// A damaged file does not stop the store from opening, since plain FTP
// never needs it: Damaged reports it, and every certificate that the
// system does not vouch for is refused with that error until the file is
// fixed or removed. The file is never overwritten meanwhile.
func OpenTrustStore(path string) (*TrustStore, error) {
	t := &TrustStore{path: path, pins: map[string]string{}, once: map[string]string{}, turns: map[string]turn{}}
	if path == "" {
		return t, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return t, nil
	}
	if err == nil {
		err = json.Unmarshal(data, &t.pins)
	}
	if err != nil {
		t.pins = map[string]string{}
		t.damaged = &fileError{path: path, what: "trusted certificates", err: err}
	}
	return t, nil
}

// Damaged is the error that made the file unreadable, nil when it is fine.
func (t *TrustStore) Damaged() error { return t.damaged }

// Pins lists the certificates trusted for good, sorted by host:port.
func (t *TrustStore) Pins() []Pin {
	t.mu.Lock()
	defer t.mu.Unlock()
	pins := make([]Pin, 0, len(t.pins))
	for hp, fp := range t.pins {
		pins = append(pins, Pin{HostPort: hp, SHA256: fp})
	}
	slices.SortFunc(pins, func(a, b Pin) int { return strings.Compare(a.HostPort, b.HostPort) })
	return pins
}

// Pin is one trusted certificate: a server address and the SHA-256 of the
// certificate it presented.
type Pin struct {
	HostPort string
	SHA256   string
}

// Forget drops the certificate trusted for hostPort, so the next
// connection asks again. It reports whether there was one.
func (t *TrustStore) Forget(hostPort string) (bool, error) {
	if t.damaged != nil {
		return false, t.damaged
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.once, hostPort)
	old, ok := t.pins[hostPort]
	if !ok {
		return false, nil
	}
	delete(t.pins, hostPort)
	if err := t.saveLocked(); err != nil {
		t.pins[hostPort] = old
		return false, err
	}
	return true, nil
}

// DefaultTrustStorePath is $XDG_DATA_HOME/ferry/trusted-certs.json.
func DefaultTrustStorePath() (string, error) {
	return xdg.DataFile(filepath.Join("ferry", "trusted-certs.json"))
}

// decide accepts info's certificate when it is the one trusted before,
// refuses it when another one was, and otherwise asks. Questions about one
// server wait for each other; those about others do not.
func (t *TrustStore) decide(ctx context.Context, info CertInfo, ask func(context.Context, CertInfo) (TrustDecision, error)) error {
	if t.damaged != nil {
		return t.damaged // a pin it holds may say this certificate changed
	}
	t.mu.Lock()
	tn, ok := t.turns[info.HostPort]
	if !ok {
		tn = newTurn()
		t.turns[info.HostPort] = tn
	}
	t.mu.Unlock()
	if err := tn.take(ctx); err != nil {
		return err
	}
	defer tn.give()
	t.mu.Lock()
	pinned, known := t.pins[info.HostPort]
	once := t.once[info.HostPort]
	t.mu.Unlock()
	switch {
	case known && pinned == info.SHA256, once == info.SHA256:
		return nil
	case known:
		return &CertError{HostPort: info.HostPort, Changed: true, Pinned: pinned, Cert: info}
	}
	d, err := ask(ctx, info)
	if err != nil {
		return err
	}
	switch d {
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
	old, had := t.pins[hostPort]
	t.pins[hostPort] = fp
	if err := t.saveLocked(); err != nil {
		if had {
			t.pins[hostPort] = old
		} else {
			delete(t.pins, hostPort)
		}
		return err
	}
	return nil
}

func (t *TrustStore) saveLocked() error {
	if t.path == "" {
		return nil
	}
	data, err := json.MarshalIndent(t.pins, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(t.path, data)
}
