package schedule

import (
	"testing"
	"time"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, time.Local)
	if err != nil {
		panic(err)
	}
	return t
}

func TestEveryIsParsedAndSpelledForSystemd(t *testing.T) {
	for _, c := range []struct{ in, calendar string }{
		{"15m", "*-*-* *:00/15:00"},
		{"1h", "*-*-* 00/1:00:00"},
		{"6h", "*-*-* 00/6:00:00"},
		{"7m", ""},
		{"daily@02:30", "*-*-* 02:30:00"},
		{"mon-fri@18:00", "Mon,Tue,Wed,Thu,Fri *-*-* 18:00:00"},
		{"sat,sun@09:05", "Sun,Sat *-*-* 09:05:00"},
		{"fri-mon@23:59", "Sun,Mon,Fri,Sat *-*-* 23:59:00"},
		{"watch", ""},
	} {
		e, err := ParseEvery(c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		if got := e.onCalendar(); got != c.calendar {
			t.Errorf("%s: OnCalendar %q; want %q", c.in, got, c.calendar)
		}
	}
	for _, bad := range []string{"", "10s", "0m", "daily@24:00", "daily@2:3", "noday@10:00", "mon-fry@10:00", "soon"} {
		if _, err := ParseEvery(bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}

func TestAMissedDailyRunHappensOnceNotOncePerSlot(t *testing.T) {
	e, _ := ParseEvery("daily@02:30")
	created := at("2026-11-01 12:00")
	last := at("2026-11-20 02:30")
	now := at("2026-11-25 09:00") // off for five days
	if !e.Due(now, last, created) {
		t.Fatal("not due after five missed days")
	}
	if e.Due(now, now, created) {
		t.Fatal("still due after running once")
	}
	if e.Due(at("2026-11-26 02:29"), now, created) {
		t.Fatal("due before the next slot")
	}
	if !e.Due(at("2026-11-26 02:30"), now, created) {
		t.Fatal("not due at the next slot")
	}
	if got := e.Next(now, now); !got.Equal(at("2026-11-26 02:30")) {
		t.Fatalf("next %v", got)
	}
	// Never run: the first slot after it was made.
	if e.Due(at("2026-11-01 13:00"), time.Time{}, created) || !e.Due(at("2026-11-02 02:30"), time.Time{}, created) {
		t.Fatal("a new schedule's first run is at its first slot")
	}
}

func TestWeekdaysAndIntervals(t *testing.T) {
	e, _ := ParseEvery("mon-fri@18:00")
	friday := at("2026-11-27 18:00")
	if !e.Due(at("2026-11-29 12:00"), at("2026-11-26 18:00"), time.Time{}) { // Sunday; Friday's run missed
		t.Fatal("Friday's missed run is not due on Sunday")
	}
	if e.Due(at("2026-11-29 12:00"), friday, time.Time{}) {
		t.Fatal("due on a weekend after Friday's run")
	}
	if got := e.Next(at("2026-11-28 10:00"), friday); !got.Equal(at("2026-11-30 18:00")) {
		t.Fatalf("next after Saturday: %v", got)
	}
	i, _ := ParseEvery("15m")
	last := at("2026-11-25 10:00")
	if i.Due(at("2026-11-25 10:14"), last, time.Time{}) || !i.Due(at("2026-11-25 13:00"), last, time.Time{}) {
		t.Fatal("interval due-ness")
	}
	if !i.Due(at("2026-11-25 10:00"), time.Time{}, time.Time{}) {
		t.Fatal("an interval never run is due")
	}
}
