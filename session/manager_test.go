package session

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"ferry/internal/ftpserver"
	"ferry/internal/ftptest"
)

// memKeyring is a keyring in memory, as CI machines have none.
type memKeyring map[string]string

func (m memKeyring) Get(k string) (string, error) {
	if pw, ok := m[k]; ok {
		return pw, nil
	}
	return "", ErrNoPassword
}
func (m memKeyring) Set(k, pw string) error { m[k] = pw; return nil }
func (m memKeyring) Delete(k string) error  { delete(m, k); return nil }

// TestPasswordOrder is the one credential order: the site (URL or typed),
// FERRY_PASSWORD, the keyring, the sites file, a question. Each case puts
// the server's real password in the source that must win and wrong ones in
// the sources after it, then logs in the ways the command line and the
// window connect (Manager.Pool) and the site manager tests (Manager.Test).
func TestPasswordOrder(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	good := srv.Password
	cases := []struct {
		name                             string
		logon                            Logon
		site, env, keyring, legacy, file string
		answer                           string
		noAsk                            bool
		want                             PasswordFrom
	}{
		{name: "URL first", site: good, env: "wrong", keyring: "wrong", file: "wrong", answer: "wrong", want: FromSite},
		{name: "then FERRY_PASSWORD", env: good, keyring: "wrong", file: "wrong", answer: "wrong", want: FromEnv},
		{name: "then the keyring", keyring: good, file: "wrong", answer: "wrong", want: FromKeyring},
		{name: "keyring entry from before IDs", legacy: good, file: "wrong", answer: "wrong", want: FromKeyring},
		{name: "then the sites file", file: good, answer: "wrong", want: FromSitesFile},
		{name: "then a question", answer: good, want: FromQuestion},
		{name: "ask-every-time skips the stores", logon: AskPassword, keyring: "wrong", file: "wrong", answer: good, want: FromQuestion},
		{name: "nobody to ask", noAsk: true, want: NoPassword},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			site := embeddedSite(srv)
			site.ID, site.Password, site.SavedPassword = "a1", c.site, c.file
			if c.logon != "" {
				site.Logon = c.logon
			}
			keys := memKeyring{}
			if c.keyring != "" {
				keys[PasswordKey(site)] = c.keyring
			}
			if c.legacy != "" {
				keys[site.Key()] = c.legacy
			}
			opts := ManagerOptions{Options: quickOptions(), Keyring: keys,
				Getenv: func(string) string { return c.env }}
			if !c.noAsk {
				opts.Ask = Answers{Pass: c.answer}
			}
			m := NewManager(opts)
			defer m.Close()
			pw, from, err := m.FindPassword(context.Background(), site)
			if from != c.want {
				t.Fatalf("password from %v, want %v (err %v)", from, c.want, err)
			}
			if c.noAsk {
				if !errors.Is(err, ErrNoPassword) || !IsPermanent(err) {
					t.Fatalf("err = %v, want ErrNoPassword", err)
				}
				return
			}
			if err != nil || pw != good {
				t.Fatalf("password %q, %v", pw, err)
			}
			if c.legacy != "" && keys[PasswordKey(site)] != good {
				t.Error("the old keyring entry was not copied to the site's ID")
			}
			pool, err := m.Pool(m.Add(site))
			if err != nil {
				t.Fatal(err)
			}
			if err := pool.Browse(context.Background(), func(c *Conn) error { return c.Noop() }); err != nil {
				t.Fatalf("connect: %v", err)
			}
			if err := m.Test(context.Background(), site, nil); err != nil {
				t.Fatalf("test connection: %v", err)
			}
		})
	}
}

// blockingQuestions waits for every answer until the question's context ends.
type blockingQuestions struct{ asked chan string }

func (b blockingQuestions) wait(ctx context.Context, what string) error {
	b.asked <- what
	<-ctx.Done()
	return ctx.Err()
}

func (b blockingQuestions) Password(ctx context.Context, _ Site) (string, error) {
	return "", b.wait(ctx, "password")
}

func (b blockingQuestions) Certificate(ctx context.Context, _ CertInfo) (TrustDecision, error) {
	return Refuse, b.wait(ctx, "certificate")
}

func (b blockingQuestions) ClearText(ctx context.Context, _ Site) (PlainDecision, error) {
	return PlainRefuse, b.wait(ctx, "clear text")
}

func TestAPendingQuestionGivesWayToItsContextAndStallsNoOtherSite(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	ask := blockingQuestions{asked: make(chan string, 4)}
	opts := ManagerOptions{Options: quickOptions(), Keyring: memKeyring{}, Getenv: func(string) string { return "" }}
	opts.Ask = ask
	m := NewManager(opts)
	defer m.Close()

	locked := embeddedSite(srv)
	locked.Password = "" // must be asked for
	lockedPool, err := m.Pool(m.Add(locked))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan error, 2)
	go func() {
		_, err := lockedPool.Get(ctx)
		got <- err
	}()
	if what := <-ask.asked; what != "password" {
		t.Fatalf("asked %q", what)
	}
	// A second connection to the same site waits for the open question...
	go func() {
		_, err := lockedPool.Get(ctx)
		got <- err
	}()

	// ...while another site connects at once.
	open := embeddedSite(srv)
	open.Host = "localhost" // another site (key), the same server
	otherPool, err := m.Pool(m.Add(open))
	if err != nil {
		t.Fatal(err)
	}
	if err := otherPool.Browse(context.Background(), func(c *Conn) error { return c.Noop() }); err != nil {
		t.Fatalf("another site stalled or failed while a question was open: %v", err)
	}

	cancel()
	for range 2 {
		select {
		case err := <-got:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Get returned %v, want context.Canceled", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a pending question did not give way to its cancelled context")
		}
	}
}

func TestSavedSitesKeepTheirIDsAndPasswordsApart(t *testing.T) {
	setXDG(t)
	dir := t.TempDir()
	path := dir + "/sites.json"
	// A file from before IDs existed.
	old := `{"sites":[{"name":"a","protocol":"ftp","host":"h","logon":"normal","user":"u"}]}`
	if err := writeFileAtomic(path, []byte(old)); err != nil {
		t.Fatal(err)
	}
	s, err := OpenStore(path)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := s.Get("a")
	if a.ID == "" {
		t.Fatal("no ID assigned on load")
	}
	again, _ := OpenStore(path)
	if b, _ := again.Get("a"); b.ID != a.ID {
		t.Fatalf("the ID changed between loads: %q, %q", a.ID, b.ID)
	}
	keys := memKeyring{}
	m := NewManager(ManagerOptions{Store: s, Keyring: keys})
	if err := m.SavePassword(a, "pw-a"); err != nil {
		t.Fatal(err)
	}
	dup := a
	dup.ID, dup.Name = "", "a copy"
	if err := s.Put(dup); err != nil {
		t.Fatal(err)
	}
	dup, _ = s.Get("a copy")
	if dup.ID == "" || dup.ID == a.ID {
		t.Fatalf("duplicate ID %q (original %q)", dup.ID, a.ID)
	}
	if err := m.SavePassword(dup, "pw-dup"); err != nil {
		t.Fatal(err)
	}
	if err := m.ForgetPassword(dup); err != nil {
		t.Fatal(err)
	}
	if keys[PasswordKey(a)] != "pw-a" {
		t.Fatal("deleting the duplicate's password removed the original's")
	}
	a.Host, a.User = "h2", "u2" // editing keeps the password
	if err := s.Put(a); err != nil {
		t.Fatal(err)
	}
	edited, _ := s.ByID(a.ID)
	if pw, from, _ := m.FindPassword(context.Background(), edited); pw != "pw-a" || from != FromKeyring {
		t.Fatalf("after editing: %q from %v", pw, from)
	}
	renamed := a
	renamed.Name = "a copy" // taken by the duplicate
	if err := s.Put(renamed); err == nil {
		t.Error("two sites got one name")
	}
}

// A job restored after a restart names its site by key only: the manager
// connects from the key, with no tab and no site registered, asking for
// the password when it must.
func TestAJobsKeyIsEnoughToConnect(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	quick := embeddedSite(srv)
	quick.Protocol, quick.AllowPlainPassword = FTPTLSIfAvailable, false
	key := KeyOf(quick)
	if strings.Contains(key, ":"+srv.Password+"@") {
		t.Fatalf("the key %q holds the password", key)
	}
	opts := ManagerOptions{Options: quickOptions(), Keyring: memKeyring{}, Getenv: func(string) string { return "" }}
	opts.Ask = Answers{Pass: srv.Password, Plain: PlainAllowOnce}
	fresh := NewManager(opts) // a new process
	defer fresh.Close()
	pool, err := fresh.Pool(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := pool.Browse(context.Background(), func(c *Conn) error { return c.Noop() }); err != nil {
		t.Fatalf("quickconnect job: %v", err)
	}

	store, err := OpenStore(t.TempDir() + "/sites.json")
	if err != nil {
		t.Fatal(err)
	}
	saved := embeddedSite(srv)
	saved.Password = ""
	if err := store.Put(saved); err != nil {
		t.Fatal(err)
	}
	saved, _ = store.Get(saved.Name)
	keys := memKeyring{PasswordKey(saved): srv.Password}
	m := NewManager(ManagerOptions{Options: quickOptions(), Store: store, Keyring: keys, Getenv: func(string) string { return "" }})
	defer m.Close()
	pool, err = m.Pool(KeyOf(saved))
	if err != nil {
		t.Fatal(err)
	}
	if err := pool.Browse(context.Background(), func(c *Conn) error { return c.Noop() }); err != nil {
		t.Fatalf("saved-site job: %v", err)
	}
	if err := store.Remove(saved.Name); err != nil {
		t.Fatal(err)
	}
	if _, err := NewManager(ManagerOptions{Store: store}).Pool(KeyOf(saved)); err == nil {
		t.Error("a deleted site's key still connects")
	}
}

// "Send once" holds for the session: reconnecting or testing the site does
// not ask again. "Always" is saved with the site.
func TestClearTextConsentHoldsForTheSession(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	store, err := OpenStore(t.TempDir() + "/sites.json")
	if err != nil {
		t.Fatal(err)
	}
	site := embeddedSite(srv)
	site.AllowPlainPassword = false
	if err := store.Put(site); err != nil {
		t.Fatal(err)
	}
	site, _ = store.Get(site.Name)
	site.Password = srv.Password
	asked := 0
	answer := PlainAllowOnce
	opts := ManagerOptions{Options: quickOptions(), Store: store}
	opts.Ask = askFuncs{plain: func(Site) PlainDecision { asked++; return answer }}
	m := NewManager(opts)
	defer m.Close()
	key := m.Add(site)
	pool, _ := m.Pool(key)
	ctx := context.Background()
	noop := func(c *Conn) error { return c.Noop() }
	if err := pool.Browse(ctx, noop); err != nil {
		t.Fatal(err)
	}
	m.Reconnect(key)
	if err := pool.Browse(ctx, noop); err != nil {
		t.Fatal(err)
	}
	if err := m.Test(ctx, site, nil); err != nil {
		t.Fatal(err)
	}
	if asked != 1 {
		t.Fatalf("asked %d times in one session", asked)
	}
	if s, _ := store.ByID(site.ID); s.AllowPlainPassword {
		t.Fatal("\"send once\" was saved as \"always\"")
	}

	again := NewManager(opts) // the next session asks again; "always" is saved
	defer again.Close()
	answer = PlainAllowAlways
	if err := again.Test(ctx, site, nil); err != nil {
		t.Fatal(err)
	}
	if s, _ := store.ByID(site.ID); asked != 2 || !s.AllowPlainPassword {
		t.Fatalf("asked %d times; saved always: %v", asked, s.AllowPlainPassword)
	}
}

// Editing a saved site (its address here) and connecting again uses the
// new address with the password kept under the site's ID.
func TestAnEditedSiteConnectsToItsNewAddressWithItsPassword(t *testing.T) {
	srv := ftptest.Embedded(t, ftpserver.Faults{})
	store, err := OpenStore(t.TempDir() + "/sites.json")
	if err != nil {
		t.Fatal(err)
	}
	site := embeddedSite(srv)
	site.Password, site.Host = "", "localhost"
	if err := store.Put(site); err != nil {
		t.Fatal(err)
	}
	site, _ = store.Get(site.Name)
	keys := memKeyring{PasswordKey(site): srv.Password}
	m := NewManager(ManagerOptions{Options: quickOptions(), Store: store, Keyring: keys, Getenv: func(string) string { return "" }})
	defer m.Close()
	pool, err := m.Pool(m.Add(site))
	if err != nil {
		t.Fatal(err)
	}
	noop := func(c *Conn) error { return c.Noop() }
	if err := pool.Browse(context.Background(), noop); err != nil {
		t.Fatal(err)
	}
	site.Host = srv.Host // edited in the site manager
	if err := store.Put(site); err != nil {
		t.Fatal(err)
	}
	again, _ := m.Pool(m.Add(site))
	if again != pool {
		t.Fatal("one site, two pools")
	}
	if err := pool.Browse(context.Background(), func(c *Conn) error {
		if c.site.Host != srv.Host {
			t.Errorf("connected to %s, the old address", c.site.Host)
		}
		return c.Noop()
	}); err != nil {
		t.Fatal(err)
	}
}
