package ui

import (
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/adrg/xdg"
	"os"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

type mouseEvent struct{ desktop.MouseEvent }

// desktopEvent is a primary-button press with modifiers.
func desktopEvent(m fyne.KeyModifier) *mouseEvent {
	return &mouseEvent{desktop.MouseEvent{Button: desktop.MouseButtonPrimary, Modifier: m}}
}

// uiMu stands in for the main goroutine in tests: background updates and
// the test's own widget access take turns.
var uiMu sync.Mutex

func inUI(f func()) {
	uiMu.Lock()
	defer uiMu.Unlock()
	f()
}

// TestMain keeps every test away from the user's files: Fyne's font cache
// and preferences, and Ferry's own, go to a temp dir.
func TestMain(m *testing.M) {
	onMain = inUI
	// The window benchmark builds ferry: keep the real build cache.
	if out, err := exec.Command("go", "env", "GOCACHE").Output(); err == nil {
		os.Setenv("GOCACHE", strings.TrimSpace(string(out)))
	}
	home, err := os.MkdirTemp("", "ferry-ui-test")
	if err != nil {
		panic(err)
	}
	for _, v := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"} {
		os.Setenv(v, filepath.Join(home, strings.ToLower(v)))
	}
	xdg.Reload()
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}
