package schedule

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Every is when a schedule runs: an interval ("15m", "1h"), a time of day on
// some weekdays ("daily@02:30", "mon-fri@18:00", "sat,sun@09:00"), or
// "watch" (a moment after each local change).
type Every struct {
	Interval time.Duration // > 0 for an interval
	Days     [7]bool       // by time.Weekday, for a time of day
	Hour     int           // for a time of day
	Minute   int           // for a time of day
	Watch    bool          // run on local change
	text     string        // as the user wrote it
	_        struct{}      // keep literals keyed
}

// minInterval keeps a schedule from hammering a server.
const minInterval = time.Minute

var dayNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// ParseEvery reads an EVERY argument.
func ParseEvery(s string) (Every, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	e := Every{text: s}
	if s == "watch" {
		e.Watch = true
		return e, nil
	}
	days, clock, ok := strings.Cut(s, "@")
	if !ok {
		d, err := time.ParseDuration(s)
		if err != nil || d < minInterval {
			return Every{}, fmt.Errorf("%q: use an interval of a minute or more (15m, 1h), daily@HH:MM, mon-fri@HH:MM or watch", s)
		}
		e.Interval = d
		return e, nil
	}
	hh, mm, ok := strings.Cut(clock, ":")
	h, herr := strconv.Atoi(hh)
	m, merr := strconv.Atoi(mm)
	if !ok || herr != nil || merr != nil || h < 0 || h > 23 || m < 0 || m > 59 || len(mm) != 2 {
		return Every{}, fmt.Errorf("%q: the time after @ must be HH:MM (00:00 to 23:59)", s)
	}
	e.Hour, e.Minute = h, m
	if days == "daily" || days == "" {
		e.Days = [7]bool{true, true, true, true, true, true, true}
		return e, nil
	}
	for _, part := range strings.Split(days, ",") {
		from, to, isRange := strings.Cut(part, "-")
		a, b := dayIndex(from), dayIndex(to)
		if !isRange {
			b = a
		}
		if a < 0 || b < 0 {
			return Every{}, fmt.Errorf("%q: days are daily, mon, tue, wed, thu, fri, sat, sun, or ranges such as mon-fri", s)
		}
		for d := a; ; d = (d + 1) % 7 {
			e.Days[d] = true
			if d == b {
				break
			}
		}
	}
	return e, nil
}

func dayIndex(name string) int {
	for i, d := range dayNames {
		if d == name {
			return i
		}
	}
	return -1
}

// String is the schedule as the user wrote it.
func (e Every) String() string { return e.text }

// lastSlot is the latest calendar slot at or before now (zero for an
// interval or watch).
func (e Every) lastSlot(now time.Time) time.Time {
	if e.Interval > 0 || e.Watch {
		return time.Time{}
	}
	day := time.Date(now.Year(), now.Month(), now.Day(), e.Hour, e.Minute, 0, 0, now.Location())
	for i := 0; i < 8; i++ {
		slot := day.AddDate(0, 0, -i)
		if e.Days[slot.Weekday()] && !slot.After(now) {
			return slot
		}
	}
	return time.Time{}
}

// Due reports whether a schedule last run at last (zero: never) and
// created at created is due at now. However many slots were missed, one
// run makes it not due: a missed run happens once.
func (e Every) Due(now, last, created time.Time) bool {
	switch {
	case e.Watch:
		return false
	case e.Interval > 0:
		return last.IsZero() || !now.Before(last.Add(e.Interval))
	}
	slot := e.lastSlot(now)
	since := last
	if since.IsZero() {
		since = created
	}
	return !slot.IsZero() && slot.After(since)
}

// Next is when the schedule is next due after now (zero for watch).
func (e Every) Next(now, last time.Time) time.Time {
	switch {
	case e.Watch:
		return time.Time{}
	case e.Interval > 0:
		if last.IsZero() {
			return now
		}
		return last.Add(e.Interval)
	}
	day := time.Date(now.Year(), now.Month(), now.Day(), e.Hour, e.Minute, 0, 0, now.Location())
	for i := 0; i < 8; i++ {
		slot := day.AddDate(0, 0, i)
		if e.Days[slot.Weekday()] && slot.After(now) {
			return slot
		}
	}
	return time.Time{}
}

// onCalendar is the systemd OnCalendar= expression for the schedule, ""
// when it has none (watch, or an interval that divides neither an hour nor
// a day).
func (e Every) onCalendar() string {
	if e.Watch {
		return ""
	}
	if e.Interval > 0 {
		switch m := int(e.Interval / time.Minute); {
		case e.Interval%time.Minute != 0:
			return ""
		case m < 60 && 60%m == 0:
			return fmt.Sprintf("*-*-* *:00/%d:00", m)
		case m%60 == 0 && 24%(m/60) == 0:
			return fmt.Sprintf("*-*-* 00/%d:00:00", m/60)
		}
		return ""
	}
	var days []string
	all := true
	for i, on := range e.Days {
		if on {
			days = append(days, strings.ToUpper(dayNames[i][:1])+dayNames[i][1:])
		} else {
			all = false
		}
	}
	prefix := ""
	if !all {
		prefix = strings.Join(days, ",") + " "
	}
	return fmt.Sprintf("%s*-*-* %02d:%02d:00", prefix, e.Hour, e.Minute)
}
