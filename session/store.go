package session

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/adrg/xdg"
)

// Store is the saved sites file. Safe for concurrent use.
type Store struct {
	path  string
	mu    sync.Mutex
	sites []Site
}

type storeFile struct {
	Sites []Site `json:"sites"`
}

// DefaultStorePath is $XDG_CONFIG_HOME/ferry/sites.json.
func DefaultStorePath() (string, error) {
	return xdg.ConfigFile(filepath.Join("ferry", "sites.json"))
}

// OpenStore loads path; a missing file is an empty store.
func OpenStore(path string) (*Store, error) {
	s := &Store{path: path}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	var f storeFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, &fileError{path: path, what: "sites", err: err}
	}
	s.sites = f.Sites
	return s, nil
}

// Sites returns a copy of all sites, sorted by folder then name.
func (s *Store) Sites() []Site {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.sites)
	slices.SortFunc(out, func(a, b Site) int {
		if c := strings.Compare(a.Folder, b.Folder); c != 0 {
			return c
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return out
}

// Get finds a site by name.
func (s *Store) Get(name string) (Site, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.index(name)
	if i < 0 {
		return Site{}, false
	}
	return s.sites[i], true
}

func (s *Store) index(name string) int {
	return slices.IndexFunc(s.sites, func(x Site) bool { return x.Name == name })
}

// Put adds or replaces (by name) a site and saves the file (0600, atomic).
func (s *Store) Put(site Site) error {
	if strings.TrimSpace(site.Name) == "" {
		return errors.New("a site needs a name")
	}
	site.Password = ""
	s.mu.Lock()
	defer s.mu.Unlock()
	old := slices.Clone(s.sites)
	if i := s.index(site.Name); i >= 0 {
		s.sites[i] = site
	} else {
		s.sites = append(s.sites, site)
	}
	return s.saveOr(old)
}

// Remove deletes a site by name and saves.
func (s *Store) Remove(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.index(name)
	if i < 0 {
		return fmt.Errorf("no site named %q", name)
	}
	old := slices.Clone(s.sites)
	s.sites = slices.Delete(s.sites, i, i+1)
	return s.saveOr(old)
}

// Rename changes a site's name and saves.
func (s *Store) Rename(oldName, newName string) error {
	if strings.TrimSpace(newName) == "" {
		return errors.New("a site needs a name")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.index(oldName)
	if i < 0 {
		return fmt.Errorf("no site named %q", oldName)
	}
	if oldName != newName && s.index(newName) >= 0 {
		return fmt.Errorf("a site named %q exists already", newName)
	}
	old := slices.Clone(s.sites)
	s.sites[i].Name = newName
	return s.saveOr(old)
}

// saveOr writes the file, or restores old in memory when that fails, so
// that memory never claims what the disk does not hold.
func (s *Store) saveOr(old []Site) error {
	data, err := json.MarshalIndent(storeFile{Sites: s.sites}, "", "  ")
	if err == nil {
		err = writeFileAtomic(s.path, append(data, '\n'))
	}
	if err != nil {
		s.sites = old
		return fmt.Errorf("could not save the sites file: %w", err)
	}
	return nil
}
