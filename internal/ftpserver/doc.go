// Package ftpserver is an embedded FTP server over a local directory, built on
// goftp.io/server/v2 with a driver of Ferry's own. Tests use it for fast,
// in-process runs with injected faults; `ferry --demo` uses it to serve
// sample files.
//
// The driver works through an os.Root, so no path a client sends (nor a
// symbolic link inside the directory) reaches a file outside it. STOR after
// REST writes from the restart offset, APPE appends, and RETR after REST reads
// from the offset.
//
// Passive data ports are chosen by the operating system. goftp listens for
// them on every interface (it cannot be told otherwise) and announces the
// address of the control connection, 127.0.0.1 by default.
//
// Implicit TLS is not offered: goftp's implementation of it does not work.
package ftpserver
