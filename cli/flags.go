package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"ferry/queue"
	"ferry/session"
)

// flags are the options shared by ls, get and put.
type flags struct {
	jobs       int
	recursive  bool
	onExists   queue.Policy
	acceptCert bool
	limit      int64
	timeout    time.Duration
	quiet      bool
	mode       session.TransferMode // --active or --passive; "" keeps the site's
	segments   int                  // connections per big download: 0 automatic, 1 off
	segmentsOn bool                 // --segments was given: it overrides a saved site's choice
	verify     bool                 // compare the server's checksums
	maxDepth   int                  // how deep get -r goes below its folder
}

// defaultTimeout bounds connecting and each wait for the server.
const defaultTimeout = 15 * time.Second

// parseFlags reads flags anywhere among args and returns the other words.
func parseFlags(args []string) (flags, []string, error) {
	f := flags{jobs: 4, timeout: defaultTimeout, maxDepth: queue.DefaultMaxDepth}
	fs := flag.NewFlagSet("ferry", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.IntVar(&f.jobs, "j", f.jobs, "")
	fs.BoolVar(&f.recursive, "r", false, "")
	policy := fs.String("on-exists", "", "")
	fs.BoolVar(&f.acceptCert, "accept-new-cert", false, "")
	limit := fs.String("limit", "", "")
	fs.DurationVar(&f.timeout, "timeout", f.timeout, "")
	fs.BoolVar(&f.quiet, "q", false, "")
	fs.BoolVar(&f.verify, "verify", false, "")
	active := fs.Bool("active", false, "")
	passive := fs.Bool("passive", false, "")
	fs.IntVar(&f.segments, "segments", 0, "")
	fs.IntVar(&f.maxDepth, "max-depth", f.maxDepth, "")

	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return f, nil, errors.New("usage")
			}
			return f, nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		words = append(words, args[0])
		args = args[1:]
	}
	fs.Visit(func(fl *flag.Flag) { f.segmentsOn = f.segmentsOn || fl.Name == "segments" })
	if f.jobs < 1 || f.jobs > 64 {
		return f, nil, fmt.Errorf("-j must be between 1 and 64")
	}
	if f.segments < 0 || f.segments > queue.MaxSegments {
		return f, nil, fmt.Errorf("--segments must be between 0 (automatic) and %d", queue.MaxSegments)
	}
	if f.maxDepth < 1 {
		return f, nil, fmt.Errorf("--max-depth must be at least 1")
	}
	if f.timeout <= 0 {
		return f, nil, fmt.Errorf("--timeout must be positive")
	}
	switch {
	case *active && *passive:
		return f, nil, fmt.Errorf("--active and --passive exclude each other")
	case *active:
		f.mode = session.ModeActive
	case *passive:
		f.mode = session.ModePassive
	}
	var err error
	if f.onExists, err = parsePolicy(*policy); err != nil {
		return f, nil, err
	}
	if *limit != "" {
		if f.limit, err = parseRate(*limit); err != nil {
			return f, nil, err
		}
	}
	return f, words, nil
}

// applyTo gives site the transfer mode and segments chosen on the command line.
func (f flags) applyTo(site session.Site) session.Site {
	if f.mode != "" {
		site.TransferMode = f.mode
	}
	if f.segmentsOn {
		site.Segments = f.segments
	}
	return site
}

func parsePolicy(s string) (queue.Policy, error) {
	switch p := queue.Policy(s); p {
	case queue.PolicyDefault, queue.PolicyAsk, queue.PolicyOverwrite, queue.PolicyResume,
		queue.PolicyNewer, queue.PolicySkip, queue.PolicyRename:
		return p, nil
	}
	return "", fmt.Errorf("--on-exists %q: use ask, overwrite, resume, newer, skip or rename", s)
}

// parseRate reads "500K", "10M", "1.5MB", "2G", "4096" (bytes per second;
// K, M and G are powers of 1024).
func parseRate(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "/S"), "B")
	mult := 1.0
	if n := len(t); n > 0 {
		switch t[n-1] {
		case 'K':
			mult = 1 << 10
		case 'M':
			mult = 1 << 20
		case 'G':
			mult = 1 << 30
		}
		if mult > 1 {
			t = t[:n-1]
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v <= 0 || v*mult < 1 {
		return 0, fmt.Errorf("--limit %q: give a rate such as 500K or 10M", s)
	}
	return int64(v * mult), nil
}
