package session

import (
	"crypto/rand"
	"encoding/hex"
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
	if s.assignIDs() {
		// Sites saved before IDs existed get theirs now, and keep them. A
		// file that cannot be written keeps working, with IDs for this run.
		s.saveOr(slices.Clone(s.sites))
	}
	return s, nil
}

// assignIDs gives every site without an ID (or sharing one) a new one.
func (s *Store) assignIDs() (changed bool) {
	seen := map[string]bool{}
	for i := range s.sites {
		if id := s.sites[i].ID; id == "" || seen[id] {
			s.sites[i].ID = newSiteID()
			changed = true
		}
		seen[s.sites[i].ID] = true
	}
	return changed
}

// newSiteID is a random ID for a saved site.
func newSiteID() string {
	b := make([]byte, 8)
	rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
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

// ByID finds a site by its ID.
func (s *Store) ByID(id string) (Site, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.sites, func(x Site) bool { return x.ID == id })
	if id == "" || i < 0 {
		return Site{}, false
	}
	return s.sites[i], true
}

// Put saves a site and the file (0600, atomic). A site with an ID replaces the one with that ID (its name must not be
// another site's); one without replaces the site of the same name, keeping
// that site's ID, or is added with a new ID.
func (s *Store) Put(site Site) error {
	if strings.TrimSpace(site.Name) == "" {
		return errors.New("a site needs a name")
	}
	site.Password = ""
	s.mu.Lock()
	defer s.mu.Unlock()
	old := slices.Clone(s.sites)
	named := s.index(site.Name)
	if site.ID == "" && named >= 0 {
		site.ID = s.sites[named].ID
	}
	i := slices.IndexFunc(s.sites, func(x Site) bool { return x.ID == site.ID })
	if site.ID == "" || i < 0 {
		if named >= 0 {
			return fmt.Errorf("a site named %q exists already", site.Name)
		}
		if site.ID == "" {
			site.ID = newSiteID()
		}
		s.sites = append(s.sites, site)
	} else {
		if named >= 0 && named != i {
			return fmt.Errorf("a site named %q exists already", site.Name)
		}
		s.sites[i] = site
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
