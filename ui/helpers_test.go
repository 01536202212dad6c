package ui

import (
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

func TestMain(m *testing.M) {
	onMain = inUI
	os.Exit(m.Run())
}
