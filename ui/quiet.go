package ui

import (
	"runtime"

	"fyne.io/fyne/v2"
)

// quietApp is the app with Fyne's animations turned off. The blinking
// caret of a focused text field is an animation that redraws the whole
// window for a fifth of every second; idle with a field focused, that cost
// 9–14% of a core. Without animations the caret is steady and an idle
// window redraws nothing.
type quietApp struct{ fyne.App }

// Settings are the app's settings, with animations off.
func (a quietApp) Settings() fyne.Settings { return quietSettings{a.App.Settings()} }

type quietSettings struct{ fyne.Settings }

// ShowAnimations is false: see quietApp.
func (quietSettings) ShowAnimations() bool { return false }

// quieten makes a the current app without animations. On macOS Fyne
// expects its own settings type behind the current app, so it is left as is.
func quieten(a fyne.App) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "js" {
		return
	}
	fyne.SetCurrentApp(quietApp{a})
}
