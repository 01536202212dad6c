// Package session is everything about talking to FTP servers and remembering
// them: saved sites and their store, passwords in the OS keyring, connection
// pools, TLS and certificate trust, the message log, listings and remote file
// operations.
//
// It is the only package that imports github.com/jlaffaye/ftp; the rest of
// Ferry sees only the types defined here (Site, Entry, Conn, Pool), so that
// another protocol could later sit behind the same face. It never imports Fyne.
package session
