package ui

import (
	"net"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"ferry/session"
)

const recentKey = "recentServers"

// quickconnect is the bar for connecting without a saved site. Recent
// servers are remembered as URLs without passwords.
type quickconnect struct {
	host, user, pass, port *widget.Entry
	recent                 *widget.Select
	mode                   *widget.Select // transfer mode
	root                   fyne.CanvasObject
}

func newQuickconnect(prefs fyne.Preferences, connect func(session.Site)) *quickconnect {
	q := &quickconnect{host: widget.NewEntry(), user: widget.NewEntry(), pass: widget.NewPasswordEntry(), port: widget.NewEntry()}
	q.host.SetPlaceHolder("Host, or ftpes://host")
	q.user.SetPlaceHolder("User")
	q.pass.SetPlaceHolder("Password")
	q.port.SetPlaceHolder("Port")
	go1 := func() {
		site, err := q.site()
		if err != nil {
			return
		}
		q.remember(prefs, site)
		connect(site)
	}
	q.host.OnSubmitted = func(string) { go1() }
	q.pass.OnSubmitted = func(string) { go1() }
	button := widget.NewButton("Connect", go1)
	button.Importance = widget.HighImportance
	q.recent = widget.NewSelect(prefs.StringList(recentKey), func(u string) {
		if site, _, err := session.ParseURL(u); err == nil {
			q.host.SetText(strings.TrimPrefix(u[:strings.Index(u, "://")+3], "ftp://") + site.Host)
			q.user.SetText(site.User)
			q.port.SetText("")
			if site.Port != 0 {
				q.port.SetText(strconv.Itoa(site.Port))
			}
		}
	})
	q.recent.PlaceHolder = "Recent servers"
	q.mode = widget.NewSelect([]string{"Default", "Passive", "Active"}, nil)
	q.mode.SetSelectedIndex(0)
	field := func(label string, e *widget.Entry, width float32) fyne.CanvasObject {
		return container.NewBorder(nil, nil, widget.NewLabel(label), nil,
			container.NewGridWrap(fyne.NewSize(width, e.MinSize().Height), e))
	}
	q.root = container.NewHBox(
		field("Host:", q.host, 200), field("User:", q.user, 120), field("Password:", q.pass, 120),
		field("Port:", q.port, 60),
		container.NewBorder(nil, nil, widget.NewLabel("Mode:"), nil, q.mode), button, q.recent)
	return q
}

// site builds a site from the fields: a bare host is plain FTP that tries
// TLS first; a URL keeps its scheme.
func (q *quickconnect) site() (session.Site, error) {
	host := strings.TrimSpace(q.host.Text)
	if ip := net.ParseIP(host); ip != nil && ip.To4() == nil {
		host = "[" + host + "]" // an IPv6 address, as a URL writes it
	}
	if !strings.Contains(host, "://") {
		host = "ftp://" + host
	}
	site, _, err := session.ParseURL(host)
	if err != nil {
		return site, err
	}
	if !strings.Contains(q.host.Text, "://") {
		site.Protocol = session.FTPTLSIfAvailable
	}
	if p, err := strconv.Atoi(strings.TrimSpace(q.port.Text)); err == nil {
		site.Port = p
	}
	site.TransferMode = transferModes[max(0, q.mode.SelectedIndex())]
	if u := strings.TrimSpace(q.user.Text); u != "" {
		site.User, site.Logon, site.Password = u, session.Normal, q.pass.Text
	}
	return site, nil
}

func (q *quickconnect) remember(prefs fyne.Preferences, site session.Site) {
	u := site.Protocol.Scheme() + "://"
	if site.Logon == session.Normal {
		u += site.User + "@"
	}
	u += site.Addr()
	list := slices.DeleteFunc(prefs.StringList(recentKey), func(s string) bool { return s == u })
	list = append([]string{u}, list...)
	if len(list) > 10 {
		list = list[:10]
	}
	prefs.SetStringList(recentKey, list)
	q.recent.SetOptions(list)
}
