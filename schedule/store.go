package schedule

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/adrg/xdg"

	"ferry/session"
)

// Task is what a schedule does: one sync between a local folder and a
// server folder. Exactly one of Source and Target is a URL (ftp://...,
// ftpes://..., ftps://... or site:NAME/path); the direction follows.
type Task struct {
	Source   string   `json:"source"`
	Target   string   `json:"target"`
	Delete   bool     `json:"delete,omitempty"`
	Versions string   `json:"versions,omitempty"`
	Keep     int      `json:"keep,omitempty"`
	KeepDays int      `json:"keepDays,omitempty"`
	Exclude  []string `json:"exclude,omitempty"`
}

// IsURL tells a server address from a local path.
func IsURL(s string) bool {
	return strings.Contains(s, "://") || strings.HasPrefix(s, "site:")
}

// Upload reports a task that copies a local folder to a server.
func (t Task) Upload() bool { return IsURL(t.Target) }

// Local is the task's local folder.
func (t Task) Local() string {
	if t.Upload() {
		return t.Source
	}
	return t.Target
}

// Args are the arguments of "ferry sync" that do the task.
func (t Task) Args() []string {
	var args []string
	if t.Delete {
		args = append(args, "--delete")
	}
	if t.Versions != "" {
		args = append(args, "--versions", t.Versions)
	}
	if t.Keep > 0 {
		args = append(args, "--keep", fmt.Sprint(t.Keep))
	}
	if t.KeepDays > 0 {
		args = append(args, "--keep-days", fmt.Sprint(t.KeepDays))
	}
	for _, x := range t.Exclude {
		args = append(args, "--exclude", x)
	}
	return append(args, t.Source, t.Target)
}

// check reports a task that cannot run.
func (t Task) check() error {
	if IsURL(t.Source) == IsURL(t.Target) {
		return errors.New("a schedule syncs one local folder and one server folder (one of them a URL)")
	}
	if !filepath.IsAbs(t.Local()) {
		return fmt.Errorf("the local folder %s must be an absolute path", t.Local())
	}
	return nil
}

// Schedule is one named, timed or watched sync.
type Schedule struct {
	Name    string    `json:"name"`
	Every   string    `json:"every"`
	Task    Task      `json:"task"`
	Paused  bool      `json:"paused,omitempty"`
	Created time.Time `json:"created"`
}

// When is the schedule's parsed Every.
func (s Schedule) When() (Every, error) { return ParseEvery(s.Every) }

// Result is how a schedule's last run went.
type Result struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	OK    bool      `json:"ok"`
	// Message is one sentence: what moved, or why the run failed.
	Message string `json:"message"`
}

// Store is the schedules file and the results file beside the state.
type Store struct {
	path, resultsPath string
}

// DefaultStore is $XDG_CONFIG_HOME/ferry/schedules.json with results in
// $XDG_STATE_HOME/ferry/schedule-results.json.
func DefaultStore() (*Store, error) {
	if xdg.ConfigHome == "" || xdg.StateHome == "" {
		return nil, errors.New("no config or state directory ($XDG_CONFIG_HOME, $XDG_STATE_HOME) is known")
	}
	return NewStore(filepath.Join(xdg.ConfigHome, "ferry", "schedules.json"),
		filepath.Join(xdg.StateHome, "ferry", "schedule-results.json")), nil
}

// NewStore uses the given files.
func NewStore(path, resultsPath string) *Store { return &Store{path: path, resultsPath: resultsPath} }

// List reads every schedule, in name order.
func (st *Store) List() ([]Schedule, error) {
	var list []Schedule
	if err := readJSON(st.path, &list); err != nil {
		return nil, err
	}
	slices.SortFunc(list, func(a, b Schedule) int { return strings.Compare(a.Name, b.Name) })
	return list, nil
}

// Get finds one schedule by name.
func (st *Store) Get(name string) (Schedule, error) {
	list, err := st.List()
	if err != nil {
		return Schedule{}, err
	}
	for _, s := range list {
		if s.Name == name {
			return s, nil
		}
	}
	return Schedule{}, fmt.Errorf("no schedule named %q (see: ferry schedule list)", name)
}

// Put adds s, or replaces the schedule of the same name.
func (st *Store) Put(s Schedule) error {
	if !validName(s.Name) {
		return fmt.Errorf("%q: a schedule name is letters, digits, '-' and '_'", s.Name)
	}
	if _, err := s.When(); err != nil {
		return err
	}
	if err := s.Task.check(); err != nil {
		return err
	}
	list, err := st.List()
	if err != nil {
		return err
	}
	if s.Created.IsZero() {
		s.Created = time.Now()
	}
	list = slices.DeleteFunc(list, func(o Schedule) bool { return o.Name == s.Name })
	return writeJSON(st.path, append(list, s))
}

// Remove deletes a schedule and its result.
func (st *Store) Remove(name string) error {
	list, err := st.List()
	if err != nil {
		return err
	}
	n := len(list)
	list = slices.DeleteFunc(list, func(o Schedule) bool { return o.Name == name })
	if len(list) == n {
		return fmt.Errorf("no schedule named %q (see: ferry schedule list)", name)
	}
	if err := writeJSON(st.path, list); err != nil {
		return err
	}
	results, err := st.Results()
	if err != nil {
		return err
	}
	delete(results, name)
	return writeJSON(st.resultsPath, results)
}

// Results reads the last result of each schedule, by name.
func (st *Store) Results() (map[string]Result, error) {
	results := map[string]Result{}
	err := readJSON(st.resultsPath, &results)
	return results, err
}

// record saves a run's result.
func (st *Store) record(name string, r Result) error {
	results, err := st.Results()
	if err != nil {
		return err
	}
	results[name] = r
	return writeJSON(st.resultsPath, results)
}

func validName(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	for _, r := range name {
		if !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s is damaged: %v", path, err)
	}
	return nil
}

func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return session.WriteFileAtomic(path, append(data, '\n'))
}
