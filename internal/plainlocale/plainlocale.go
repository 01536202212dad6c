// Package plainlocale keeps Fyne quiet under the C.UTF-8 locale of servers
// and containers. Fyne reads the locale while its packages initialise and
// logs "Error parsing user locale C" for "C.UTF-8", even on the command line.
// Setting LANGUAGE=en (it only picks message translations) avoids that.
//
// Import it for its side effect, before Fyne. Go initialises packages in
// import-path order once their own imports are done, so this one, needing
// only os and strings, runs before any fyne.io package.
package plainlocale

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if loc := os.Getenv(v); loc != "" {
			if strings.HasPrefix(loc, "C.") || strings.HasPrefix(loc, "POSIX.") {
				os.Setenv("LANGUAGE", "en")
			}
			return
		}
	}
}
