package cli

import (
	"fmt"
	"strings"
	"testing"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
	"ferry/session"
)

// The command line finds the password in the manager's one order (see
// session.TestPasswordOrder): the URL, FERRY_PASSWORD, the keyring, the
// sites file, a prompt (none without a terminal).
func TestTheCommandLineFindsThePasswordInOrder(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	addr := fmt.Sprintf("%s:%d", srv.Host, srv.Port)
	cases := []struct {
		name, url, env, file string
		wantErr              string
	}{
		{name: "the URL before FERRY_PASSWORD", url: fmt.Sprintf("ftp://%s:%s@%s/", srv.User, srv.Password, addr), env: "wrong"},
		{name: "FERRY_PASSWORD before the sites file", url: "site:s/", env: srv.Password, file: "wrong"},
		{name: "the sites file", url: "site:s/", file: srv.Password},
		{name: "a wrong one fails", url: fmt.Sprintf("ftp://%s:wrong@%s/", srv.User, addr), env: srv.Password, wantErr: "wrong user name or password"},
		{name: "no terminal to ask on", url: fmt.Sprintf("ftp://%s@%s/", srv.User, addr), wantErr: "set FERRY_PASSWORD"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			isolate(t)
			t.Setenv("FERRY_PASSWORD", c.env)
			path, _ := session.DefaultStorePath()
			store, err := session.OpenStore(path)
			if err != nil {
				t.Fatal(err)
			}
			err = store.Put(session.Site{Name: "s", Protocol: session.FTP, Host: srv.Host, Port: srv.Port,
				Logon: session.Normal, User: srv.User, SavedPassword: c.file})
			if err != nil {
				t.Fatal(err)
			}
			code, out, errOut := run(t, "ls", c.url)
			if c.wantErr != "" {
				if code != exitFailed || !strings.Contains(errOut, c.wantErr) {
					t.Fatalf("exit %d, %q; want a failure saying %q", code, errOut, c.wantErr)
				}
				return
			}
			if code != exitOK {
				t.Fatalf("exit %d\n%s%s", code, out, errOut)
			}
		})
	}
}
