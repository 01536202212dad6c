// Package ftptest starts FTP servers for tests: the embedded one in-process,
// and real vsftpd, pure-ftpd, proftpd, inetutils-ftpd and pyftpdlib with
// their own config in a temp dir on a free port of 127.0.0.1. With CI=true a
// missing server fails the test; otherwise it skips.
//
// A real server runs as root (it must switch users) and serves the home of a
// system user made for it, removed again at cleanup; pyftpdlib has users of
// its own. scripts/test-deps.sh installs vsftpd and pyftpdlib, and unpacks
// pure-ftpd, proftpd and inetutils-ftpd into .cache/NAME.
package ftptest
