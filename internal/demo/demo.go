// Package demo runs a small FTP server on 127.0.0.1 over a folder of sample
// files, so that a newcomer can try every feature of Ferry at once.
package demo

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"ferry/internal/ftpserver"
	"ferry/session"
)

// SiteName is the saved site that points at the demo server.
const SiteName = "Demo server"

// Start serves dir (filled with sample files when empty) and returns the
// server and a site for it. The site saves its password in the sites file:
// the server is a throwaway one on loopback with a fixed, public password.
func Start(dir string) (*ftpserver.Server, session.Site, error) {
	if err := fill(dir); err != nil {
		return nil, session.Site{}, err
	}
	srv, err := ftpserver.Start(ftpserver.Options{Root: dir, User: "demo", Password: "demo"})
	if err != nil {
		return nil, session.Site{}, err
	}
	site := session.Site{
		Name: SiteName, Protocol: session.FTP, Host: srv.Host, Port: srv.Port,
		Logon: session.Normal, User: "demo", SavedPassword: "demo", Password: "demo",
		AllowPlainPassword: true,
	}
	return srv, site, nil
}

// fill writes sample files into dir unless it has some already.
func fill(dir string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil
	}
	files := map[string]string{
		"README.txt": "Welcome to Ferry's demo server.\n\nDrag files between the panes, double-click to transfer,\n" +
			"right-click for more. Everything here lives in a folder on your own computer.\n",
		"docs/guide.md":       "# Guide\n\nThe left pane is your computer, the right pane the server.\n",
		"docs/notes.txt":      "Notes\n",
		"photos/.hidden-file": "hidden files show with the Hidden box\n",
		"empty.txt":           "",
	}
	for name, text := range files {
		if err := write(filepath.Join(dir, name), []byte(text)); err != nil {
			return err
		}
	}
	// Some bigger files, for watching progress.
	for i := 1; i <= 3; i++ {
		if err := writeRepeated(filepath.Join(dir, "photos", fmt.Sprintf("sample-%d.bin", i)),
			fmt.Sprintf("sample data block %d\n", i), 1<<20/20*i*8); err != nil {
			return err
		}
	}
	for i := range 40 {
		if err := write(filepath.Join(dir, "many", fmt.Sprintf("file-%02d.txt", i)), []byte(fmt.Sprintf("file %d\n", i))); err != nil {
			return err
		}
	}
	return nil
}

// writeRepeated writes line n times, a block at a time: the samples are up
// to 24 MB, which the window would otherwise hold in memory at its start.
func writeRepeated(path, line string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	block := []byte(strings.Repeat(line, 4096))
	for ; n > 0; n -= 4096 {
		if _, err := f.Write(block[:min(n, 4096)*len(line)]); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

func write(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
