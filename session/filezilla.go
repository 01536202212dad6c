package session

import (
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ImportedSite is a site read from FileZilla's sitemanager.xml, with the
// password FileZilla kept (to be moved into the keyring), if any.
type ImportedSite struct {
	Site     Site
	Password string
}

// fzServer is a <Server> element of sitemanager.xml.
type fzServer struct {
	Name      string `xml:"Name"`
	Host      string `xml:"Host"`
	Port      int    `xml:"Port"`
	Protocol  int    `xml:"Protocol"`
	Logontype int    `xml:"Logontype"`
	User      string `xml:"User"`
	Pass      struct {
		Encoding string `xml:"encoding,attr"`
		Value    string `xml:",chardata"`
	} `xml:"Pass"`
	RemoteDir string `xml:"RemoteDir"`
	LocalDir  string `xml:"LocalDir"`
	PasvMode  string `xml:"PasvMode"`
	MaxConns  int    `xml:"MaximumMultipleConnections"`
}

// fzFolder is a <Folder>: its name is the text directly inside it.
type fzFolder struct {
	Name    string     `xml:",chardata"`
	Servers []fzServer `xml:"Server"`
	Folders []fzFolder `xml:"Folder"`
}

type fzFile struct {
	XMLName xml.Name `xml:"FileZilla3"`
	Servers fzFolder `xml:"Servers"`
}

// ImportFileZilla reads FileZilla's sitemanager.xml: folders, hosts, ports,
// protocols and users. SFTP sites and unknown protocols are skipped and
// named in skipped.
func ImportFileZilla(r io.Reader) (sites []ImportedSite, skipped []string, err error) {
	var f fzFile
	if err := xml.NewDecoder(r).Decode(&f); err != nil {
		return nil, nil, fmt.Errorf("not a FileZilla site manager file: %w", err)
	}
	var walk func(folder fzFolder, path string)
	walk = func(folder fzFolder, path string) {
		for _, s := range folder.Servers {
			site, ok := s.site(path)
			if !ok {
				skipped = append(skipped, strings.TrimSpace(s.Name))
				continue
			}
			sites = append(sites, ImportedSite{Site: site, Password: s.password()})
		}
		for _, sub := range folder.Folders {
			name := strings.ReplaceAll(strings.TrimSpace(sub.Name), "/", "-")
			if path != "" {
				name = path + "/" + name
			}
			walk(sub, name)
		}
	}
	walk(f.Servers, "")
	return sites, skipped, nil
}

// site converts a FileZilla server; ok is false for protocols Ferry lacks.
func (s fzServer) site(folder string) (Site, bool) {
	site := Site{
		Name:      strings.TrimSpace(s.Name),
		Folder:    folder,
		Host:      strings.TrimSpace(s.Host),
		Port:      s.Port,
		User:      s.User,
		LocalDir:  s.LocalDir,
		RemoteDir: fzRemoteDir(s.RemoteDir),
		MaxConns:  s.MaxConns,
	}
	switch s.Protocol {
	case 0: // FTP, explicit TLS if available
		site.Protocol = FTPTLSIfAvailable
	case 6: // FTP, insecure
		site.Protocol = FTP
	case 3:
		site.Protocol = ImplicitTLS
	case 4:
		site.Protocol = ExplicitTLS
	default: // 1 is SFTP
		return site, false
	}
	switch s.Logontype {
	case 0:
		site.Logon = Anonymous
	case 2, 3: // ask for password, interactive
		site.Logon = AskPassword
	default:
		site.Logon = Normal
	}
	if site.Name == "" {
		site.Name = site.Host
	}
	if site.Port == site.DefaultPort() {
		site.Port = 0
	}
	site.MaxConns = max(site.MaxConns, 0)
	// A site with no host or an impossible port is skipped and named.
	return site, site.Host != "" && site.Port >= 0 && site.Port <= 65535
}

func (s fzServer) password() string {
	v := strings.TrimSpace(s.Pass.Value)
	if s.Pass.Encoding == "base64" {
		if b, err := base64.StdEncoding.DecodeString(v); err == nil {
			return string(b)
		}
	}
	return v
}

// fzRemoteDir decodes FileZilla's path format, "1 0 4 home 3 bob": a server
// type, a prefix length (0 on Unix), then each segment as length and text.
func fzRemoteDir(raw string) string {
	if raw == "" {
		return ""
	}
	fields := strings.SplitN(raw, " ", 3)
	if len(fields) < 3 {
		return ""
	}
	rest := fields[2]
	var segments []string
	for rest != "" {
		lenText, tail, ok := strings.Cut(rest, " ")
		n, err := strconv.Atoi(lenText)
		if !ok || err != nil || n < 0 || n > len(tail) || strings.ContainsAny(tail[:n], "\r\n\x00") {
			return ""
		}
		segments = append(segments, tail[:n])
		rest = strings.TrimPrefix(tail[n:], " ")
	}
	return "/" + strings.Join(segments, "/")
}
