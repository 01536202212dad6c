// Package cli is the command-line face of Ferry's engine: ferry ls, get, put
// and sites. It never imports Fyne.
package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"ferry/internal/printable"
)

// Exit statuses.
const (
	exitOK     = 0
	exitFailed = 1 // a transfer or an operation failed
	exitUsage  = 2 // the command line itself is wrong
)

// IsCommand reports whether name is a command-line subcommand (as opposed
// to a URL or flag for the window).
func IsCommand(name string) bool {
	switch name {
	case "ls", "get", "put", "sites", "certs", "chmod", "quote", "sync", "diff", "schedule", "help", "-h", "--help":
		return true
	}
	return false
}

// Run executes one command and returns the process exit status.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	env := &environment{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	switch args[0] {
	case "ls":
		return env.ls(args[1:])
	case "get":
		return env.transfer(args[1:], false)
	case "put":
		return env.transfer(args[1:], true)
	case "sites":
		return env.sites(args[1:])
	case "certs":
		return env.certs(args[1:])
	case "chmod":
		return env.chmod(args[1:])
	case "quote":
		return env.quote(args[1:])
	case "sync":
		return env.sync(args[1:])
	case "diff":
		return env.diff(args[1:])
	case "schedule":
		return env.schedule(args[1:])
	}
	fmt.Fprint(stdout, usage)
	return exitOK
}

// environment is what a command talks to.
type environment struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	lines  *bufio.Reader // stdin, for answers to questions
}

// fail prints one line, "ferry: sentence", and returns status. Characters
// that would drive the terminal are shown as escapes.
func (e *environment) fail(status int, format string, args ...any) int {
	msg := strings.TrimSpace(fmt.Sprintf(format, args...))
	fmt.Fprintln(e.stderr, "ferry: "+printable.Text(strings.Join(strings.Fields(msg), " ")))
	return status
}

const usage = `usage:
  ferry [--demo] [URL]                open the window (connected to URL)
  ferry ls   [flags] URL              list a remote folder
  ferry get  [flags] URL LOCAL        download a file, or with -r a folder's contents into LOCAL
  ferry put  [flags] LOCAL URL        upload a file, or with -r a folder's contents into URL
  ferry chmod [-r] [--only files|folders] MODE URL
                                      change permissions (SITE CHMOD), e.g. 644
  ferry quote URL COMMAND             send one raw command, print the reply
  ferry sync [flags] LOCAL URL        make the server folder match the local one
  ferry sync [flags] URL LOCAL        make the local folder match the server one
  ferry diff URL LOCAL                show what differs between the two folders
  ferry schedule add NAME EVERY -- sync [sync flags] SRC DST
                                      EVERY: 15m, 1h, daily@02:30, mon-fri@18:00, watch
  ferry schedule list                 name, what, next run, last run and its result
  ferry schedule run [NAME]           run NAME now, or every schedule that is due
  ferry schedule run --watch NAME     keep running: sync a moment after each local change
  ferry schedule pause|resume|remove NAME
  ferry schedule install [NAME]       write systemd user timers that run the schedules
  ferry sites list                    show saved sites
  ferry sites add [flags] NAME URL    save a site (the password goes to the keyring); flags:
                                      --connections N, --segments N, --one-command-at-a-time
  ferry sites remove NAME             forget a site
  ferry certs list                    show the certificates you trusted
  ferry certs forget HOST:PORT        forget one; the next connection asks again

URL: ftp://[user[:pass]@]host[:port]/path   plain FTP
     ftpes://...                            FTP over explicit TLS (required)
     ftps://...                             FTP over implicit TLS (port 990)
     site:NAME/path                         a saved site
The password comes from the URL, $FERRY_PASSWORD, the keyring, or a prompt.
A password in the URL is visible to other users (ps) and in the shell's
history: prefer $FERRY_PASSWORD, a saved site, or the prompt.
put: a URL ending in "/" is a folder; the file keeps its name inside it.

flags:
  -j N                   parallel transfers (default 4)
  -r                     recursive: a folder and everything in it
  --on-exists POLICY     ask|overwrite|resume|newer|skip|rename; default: resume a
                         partial file, skip an identical one, otherwise fail
  --accept-new-cert      trust a certificate not seen before and remember it
                         (a changed certificate is always refused)
  --limit RATE           bandwidth cap in bytes per second, e.g. 500K, 10M
  --timeout DURATION     connect and idle timeout (default 15s)
  --verify               compare the server's checksum (HASH, XSHA256...) with the
                         local file after each transfer, where the server has one
  --active, --passive    transfer mode: the server connects back (PORT/EPRT), or
                         Ferry connects (EPSV/PASV); default: passive, switching
                         to active when the server refuses passive mode
  --segments N           get: connections per big file; 0 automatic (files of
                         64 MiB or more, up to 8), 1 off, N for files of N MiB or more
  --max-depth N          get -r: go at most N folders deep (default 64); a server
                         folder that loops back on itself is entered only once
  -q                     quiet: no progress, no summary
sync flags:
  --delete               also remove what the source no longer has
  --dry-run              print the plan, one line per action, change nothing
  --versions PATH        keep replaced and deleted files under PATH (on the target
                         side; relative to the target folder unless absolute)
  --keep N               version folders to keep (default 30)
  --keep-days D          also remove version folders older than D days
  --exclude GLOB         leave matching paths alone (repeatable: ".git/", "*.tmp")
  --force                delete even when more than half of the target would go
Exit status: 0 when every transfer succeeded, 1 when one failed, 2 on bad usage.
Run the same command again after an interruption: it resumes where it stopped.
`
