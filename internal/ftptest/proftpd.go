package ftptest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// ProFTPD starts proftpd (plain FTP) with its own configuration: system
// users chrooted to their home, MLSD, passive ports from a free range.
func ProFTPD(t testing.TB) *Server {
	t.Helper()
	binary, err := unpackedBinary("proftpd", "FERRY_PROFTPD", "proftpd", "usr/sbin/proftpd")
	if err != nil {
		missing(t, "%v", err)
	}
	needRoot(t, "proftpd")

	conf := t.TempDir()
	s := &Server{Name: "proftpd", Host: "127.0.0.1", Port: freePort(t), Root: servedDir(t)}
	s.User, s.Password = addUser(t, s.Root)
	lo, hi := freePortRange(t, 32)
	systemLog := filepath.Join(conf, "proftpd.log")
	lines := []string{
		"ServerType standalone",
		"DefaultServer on",
		"DefaultAddress 127.0.0.1",
		"SocketBindTight on",
		"UseIPv6 off",
		fmt.Sprintf("Port %d", s.Port),
		fmt.Sprintf("PassivePorts %d %d", lo, hi),
		"User nobody",
		"Group nogroup",
		"PidFile " + filepath.Join(conf, "proftpd.pid"),
		"ScoreboardFile " + filepath.Join(conf, "proftpd.scoreboard"),
		"SystemLog " + systemLog,
		"TransferLog " + filepath.Join(conf, "xferlog"),
		"WtmpLog off",
		"UseReverseDNS off",
		"DelayEngine off",
		"AuthPAM off",
		"AuthOrder mod_auth_unix.c",
		"RequireValidShell off",
		"DefaultRoot ~",
		"Umask 022",
		"AllowOverwrite on",
		"AllowStoreRestart on",
		"AllowRetrieveRestart on",
		"ShowSymlinks on",
		"MaxInstances 64",
	}
	file := writeConf(t, conf, "proftpd.conf", []byte(strings.Join(lines, "\n")+"\n"))
	p := launch(t, []string{systemLog}, binary, "--nodaemon", "--config", file)
	p.waitReady(t, s.Host, s.Port, false)
	return s
}
