package cli

import (
	"testing"

	"ferry/session"
)

// --segments, given, overrides a saved site's choice, 0 (automatic)
// included; not given, the site's own choice stands.
func TestTheSegmentsFlagOverridesASavedSitesChoiceOnlyWhenGiven(t *testing.T) {
	saved := session.Site{Name: "work", Segments: 3}
	for _, c := range []struct {
		args []string
		want int
	}{
		{[]string{"get", "site:work/f", "f"}, 3},
		{[]string{"get", "--segments", "0", "site:work/f", "f"}, 0},
		{[]string{"get", "site:work/f", "f", "--segments", "1"}, 1},
	} {
		f, _, err := parseFlags(c.args)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.applyTo(saved).Segments; got != c.want {
			t.Errorf("%v: the site downloads in %d segments, want %d", c.args, got, c.want)
		}
	}
}
