package session

import "context"

// askFuncs answers questions with functions; a nil one refuses.
type askFuncs struct {
	pass  func(Site) (string, error)
	cert  func(CertInfo) TrustDecision
	plain func(Site) PlainDecision
}

func (a askFuncs) Password(ctx context.Context, s Site) (string, error) {
	if a.pass == nil {
		return "", ErrNoAnswer
	}
	return a.pass(s)
}

func (a askFuncs) Certificate(ctx context.Context, c CertInfo) (TrustDecision, error) {
	if a.cert == nil {
		return Refuse, nil
	}
	return a.cert(c), nil
}

func (a askFuncs) ClearText(ctx context.Context, s Site) (PlainDecision, error) {
	if a.plain == nil {
		return PlainRefuse, nil
	}
	return a.plain(s), nil
}
