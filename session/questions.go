package session

import (
	"context"
	"errors"
)

// Questions is how the engine asks the person using Ferry. Every method
// takes a context: when it ends (the job was cancelled, the window closed)
// the question is abandoned and the method returns at once with an error.
// The window answers with dialogs, the command line on the terminal, and a
// test in a line (see Answers).
type Questions interface {
	// Password asks for site's password; an error means none was given.
	Password(ctx context.Context, site Site) (string, error)
	// Certificate asks whether to trust a certificate that neither the
	// system roots nor the trust store vouch for.
	Certificate(ctx context.Context, cert CertInfo) (TrustDecision, error)
	// ClearText asks whether site's password may travel unencrypted.
	ClearText(ctx context.Context, site Site) (PlainDecision, error)
}

// ErrNoAnswer means the person declined to give a password.
var ErrNoAnswer = errors.New("no password was given")

// Answers is a Questions that answers without asking anyone: the same
// password, certificate and clear-text answers every time. For tests and
// unattended runs.
type Answers struct {
	Pass  string // "" answers the password question with ErrNoAnswer
	Trust TrustDecision
	Plain PlainDecision
}

// Password returns a.Pass.
func (a Answers) Password(ctx context.Context, _ Site) (string, error) {
	if a.Pass == "" {
		return "", ErrNoAnswer
	}
	return a.Pass, ctx.Err()
}

// Certificate returns a.Trust.
func (a Answers) Certificate(ctx context.Context, _ CertInfo) (TrustDecision, error) {
	return a.Trust, ctx.Err()
}

// ClearText returns a.Plain.
func (a Answers) ClearText(ctx context.Context, _ Site) (PlainDecision, error) {
	return a.Plain, ctx.Err()
}

// turn lets one question of a kind be open at a time, without a lock: one
// waiting for its turn gives up when its context ends.
type turn chan struct{}

func newTurn() turn { return make(turn, 1) }

func (t turn) take(ctx context.Context) error {
	select {
	case t <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (t turn) give() { <-t }

// consent is what the person agreed to about one site in this session:
// "send the password in clear once" holds until Ferry exits; "always" is
// handed to saveAlways to be written to the site.
type consent struct {
	turn       turn
	saveAlways func() // nil: nothing to save (an ad-hoc site)

	ok chan struct{} // closed once the person allowed clear text
}

func newConsent(saveAlways func()) *consent {
	return &consent{turn: newTurn(), saveAlways: saveAlways, ok: make(chan struct{})}
}

func (c *consent) given() bool {
	select {
	case <-c.ok:
		return true
	default:
		return false
	}
}

// clearText asks ask, once per session for site.
func (c *consent) clearText(ctx context.Context, ask Questions, site Site) error {
	if c.given() {
		return nil
	}
	if err := c.turn.take(ctx); err != nil {
		return err
	}
	defer c.turn.give()
	if c.given() { // answered while this one waited for its turn
		return nil
	}
	d, err := ask.ClearText(ctx, site)
	if err != nil {
		return err
	}
	switch d {
	case PlainRefuse:
		return ErrPlainRefused
	case PlainAllowAlways:
		if c.saveAlways != nil {
			c.saveAlways()
		}
	}
	close(c.ok)
	return nil
}
