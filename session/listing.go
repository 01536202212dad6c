package session

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
	"time"
)

// parseListing reads the raw body of an MLSD or LIST reply. Lines it cannot
// read are skipped; "." and ".." are left out. Names are kept as the server
// sent them: they are untrusted (see SafeLocalPath). self is the MLSD
// "unique" fact of the listed folder itself, "" when not sent.
func parseListing(data []byte, mlsd bool) (out []Entry, self string) {
	now := time.Now()
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		var (
			e  Entry
			ok bool
		)
		if mlsd {
			if id, ok := cdirUnique(line); ok {
				self = id
				continue
			}
			e, ok = parseMLSDLine(line)
		} else {
			e, ok = parseUnixLine(line, now)
			if !ok {
				e, ok = parseDOSLine(line)
			}
		}
		if ok && e.Name != "." && e.Name != ".." && e.Name != "" {
			out = append(out, e)
		}
	}
	return out, self
}

// cdirUnique reads the "unique" fact of an MLSD line of type cdir (the
// listed folder itself).
func cdirUnique(line string) (string, bool) {
	facts, _, _ := strings.Cut(line, " ")
	cdir, unique := false, ""
	for _, fact := range strings.Split(facts, ";") {
		key, value, _ := strings.Cut(fact, "=")
		switch strings.ToLower(key) {
		case "type":
			cdir = strings.EqualFold(value, "cdir")
		case "unique":
			unique = value
		}
	}
	return unique, cdir
}

// parseMLSDLine reads "fact=value;fact=value; name" (RFC 3659).
func parseMLSDLine(line string) (Entry, bool) {
	facts, name, ok := strings.Cut(line, " ")
	if !ok || !strings.Contains(facts, "=") {
		return Entry{}, false
	}
	e := Entry{Name: name, Type: File}
	for _, fact := range strings.Split(facts, ";") {
		key, value, ok := strings.Cut(fact, "=")
		if !ok {
			continue
		}
		switch strings.ToLower(key) {
		case "type":
			switch v := strings.ToLower(value); {
			case v == "dir":
				e.Type = Dir
			case v == "cdir" || v == "pdir":
				return Entry{}, false
			case strings.HasPrefix(v, "os.unix=slink") || strings.HasPrefix(v, "os.unix=symlink"):
				e.Type = Link
				if _, target, ok := strings.Cut(value[len("os.unix="):], ":"); ok {
					e.Target = target
				}
			}
		case "unique":
			e.ID = value
		case "size", "sizd":
			e.Size, _ = strconv.ParseInt(value, 10, 64)
		case "modify":
			if len(value) >= 14 {
				e.ModTime, _ = time.Parse("20060102150405", value[:14])
			}
		case "unix.mode":
			if mode, err := strconv.ParseUint(value, 8, 32); err == nil {
				e.Perm = permString(uint32(mode))
			}
		case "perm":
			if e.Perm == "" {
				e.Perm = value
			}
		case "unix.owner", "unix.ownername", "unix.uid":
			if e.Owner == "" || strings.ToLower(key) != "unix.uid" {
				e.Owner = value
			}
		case "unix.group", "unix.groupname", "unix.gid":
			if e.Group == "" || strings.ToLower(key) != "unix.gid" {
				e.Group = value
			}
		}
	}
	return e, true
}

func permString(mode uint32) string {
	const letters = "rwxrwxrwx"
	b := []byte("---------")
	for i := range 9 {
		if mode&(1<<(8-i)) != 0 {
			b[i] = letters[i]
		}
	}
	return string(b)
}

var months = map[string]time.Month{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

// parseUnixLine reads an "ls -l" line:
// "drwxr-xr-x 2 owner group 4096 Nov 24 12:00 name" (group optional).
func parseUnixLine(line string, now time.Time) (Entry, bool) {
	// "L" is how Go's FileMode spells a link (servers written in Go).
	if len(line) < 10 || !strings.ContainsRune("-dlLbcps", rune(line[0])) {
		return Entry{}, false
	}
	fields, starts := splitFields(line, 9)
	// Find the month: size before it, day and time or year after, then the name.
	for m := 3; m+2 < len(fields); m++ {
		month, ok := months[strings.ToLower(fields[m])]
		if !ok {
			continue
		}
		size, err := strconv.ParseInt(fields[m-1], 10, 64)
		day, derr := strconv.Atoi(fields[m+1])
		if err != nil || derr != nil {
			continue
		}
		// The name starts one space after the time or year, so that leading
		// spaces, double spaces and trailing spaces in it survive.
		nameAt := starts[m+2] + len(fields[m+2]) + 1
		if nameAt >= len(line) {
			continue
		}
		e := Entry{Name: line[nameAt:], Type: File, Size: size, Perm: fields[0][1:], Owner: fields[2]}
		if m == 5 {
			e.Group = fields[3]
		}
		e.ModTime = unixTime(month, day, fields[m+2], now)
		switch line[0] {
		case 'd':
			e.Type = Dir
		case 'l', 'L':
			e.Type = Link
			if name, target, ok := strings.Cut(e.Name, " -> "); ok {
				e.Name, e.Target = name, target
			}
		}
		return e, true
	}
	return Entry{}, false
}

// splitFields splits the first n space-separated fields of line and records
// where each starts; the name is everything from its start on.
func splitFields(line string, n int) (fields []string, starts []int) {
	i := 0
	for len(fields) < n && i < len(line) {
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i == len(line) {
			break
		}
		start := i
		for i < len(line) && line[i] != ' ' {
			i++
		}
		fields = append(fields, line[start:i])
		starts = append(starts, start)
	}
	return fields, starts
}

func unixTime(month time.Month, day int, clockOrYear string, now time.Time) time.Time {
	if year, err := strconv.Atoi(clockOrYear); err == nil {
		return time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	}
	hh, mm, ok := strings.Cut(clockOrYear, ":")
	h, herr := strconv.Atoi(hh)
	m, merr := strconv.Atoi(mm)
	if !ok || herr != nil || merr != nil {
		return time.Time{}
	}
	t := time.Date(now.Year(), month, day, h, m, 0, 0, time.UTC)
	if t.After(now.Add(24 * time.Hour)) { // "ls" shows the clock for the last six months
		t = t.AddDate(-1, 0, 0)
	}
	return t
}

// parseDOSLine reads an IIS-style line: "11-24-26  12:00PM  <DIR>  name".
func parseDOSLine(line string) (Entry, bool) {
	fields, starts := splitFields(line, 4)
	if len(fields) < 4 {
		return Entry{}, false
	}
	t, err := time.Parse("01-02-06 03:04PM", fields[0]+" "+fields[1])
	if err != nil {
		return Entry{}, false
	}
	e := Entry{Name: line[starts[3]:], Type: File, ModTime: t}
	if fields[2] == "<DIR>" {
		e.Type = Dir
	} else if e.Size, err = strconv.ParseInt(fields[2], 10, 64); err != nil {
		return Entry{}, false
	}
	return e, true
}
