package session

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode"
)

// SafeLocalPath joins an untrusted remote name onto dir. It fails unless name
// is one clean path element (not empty, ".", "..", no "/", NUL or control
// characters, and no "\\" where the OS reads it as a separator) and the
// result stays inside dir.
func SafeLocalPath(dir, name string) (string, error) {
	if !IsCleanName(name) {
		return "", &UnsafeNameError{Name: name}
	}
	joined := filepath.Join(dir, name)
	rel, err := filepath.Rel(dir, joined)
	if err != nil || rel != name {
		return "", &UnsafeNameError{Name: name}
	}
	return joined, nil
}

// separators split a path into folders: "/" on the server and here, and
// also "\\" on Windows.
const separators = "/" + string(filepath.Separator)

// UnsafeNameError is a remote name that cannot become a local file name.
type UnsafeNameError struct{ Name string }

func (e *UnsafeNameError) Error() string {
	return fmt.Sprintf("the server sent an unsafe file name %q; it was skipped", e.Name)
}

// IsCleanName reports whether a remote name is one clean path element, safe
// to join onto a folder on either side. A backslash is a legal name
// character except on Windows, where it separates folders.
func IsCleanName(name string) bool {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, separators+"\x00") {
		return false
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return false
		}
	}
	return true
}
