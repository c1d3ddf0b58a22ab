package model

import (
	"fmt"
	"strings"
)

// MobizonAPIHosts are the API's own hosts, one per country of registration
// (API.md); api.mobizon.com serves only old keys. The key may go to any of
// them over https. A new region is one line here.
var MobizonAPIHosts = []string{
	"api.mobizon.kz",
	"api.mobizon.uz",
	"api.mobizon.com.br",
	"api.mobizon.ua",
	"api.mobizon.com",
}

// IsMobizonAPI reports a known Mobizon API host reached over https on the
// standard port.
func IsMobizonAPI(srv Server) bool {
	if srv.Scheme != "https" {
		return false
	}
	host := strings.TrimSuffix(strings.ToLower(srv.Host), ":443")
	for _, h := range MobizonAPIHosts {
		if host == h {
			return true
		}
	}
	return false
}

// Trust is the rule for where the API key may go: a known Mobizon API host
// over https, a server the user named themselves (the --server flag,
// MOBIZON_API_SERVER, a profile of config.toml), exactly, and the built-in
// sandbox's own addresses in --demo. Never a host that only an imported
// request or a server's answer named. Every path that sends a key asks it.
type Trust struct {
	allowed []Server
}

// NewTrust trusts the Mobizon API hosts and the servers the user named.
func NewTrust(named ...Server) Trust {
	return Trust{}.With(named...)
}

// With is t plus more servers the user (or the demo) vouches for.
func (t Trust) With(servers ...Server) Trust {
	out := Trust{allowed: append([]Server(nil), t.allowed...)}
	for _, s := range servers {
		if s.Host != "" {
			out.allowed = append(out.allowed, normalServer(s))
		}
	}
	return out
}

// Check says whether the key may be sent to srv; the error names the host
// and how to allow it.
func (t Trust) Check(srv Server) error {
	if IsMobizonAPI(srv) {
		return nil
	}
	n := normalServer(srv)
	for _, a := range t.allowed {
		if a == n {
			return nil
		}
	}
	return &UntrustedError{Server: srv}
}

// Allows is Check as a yes or no.
func (t Trust) Allows(srv Server) bool { return t.Check(srv) == nil }

// normalServer compares servers as the wire sees them: case-insensitive
// host, and https's own port spelled or not.
func normalServer(s Server) Server {
	s.Scheme = strings.ToLower(s.Scheme)
	s.Host = strings.ToLower(s.Host)
	if s.Scheme == "https" {
		s.Host = strings.TrimSuffix(s.Host, ":443")
	} else if s.Scheme == "http" {
		s.Host = strings.TrimSuffix(s.Host, ":80")
	}
	return s
}

// UntrustedError refuses to send the key to a server outside the trust
// rule. Nothing was sent.
type UntrustedError struct {
	Server Server
}

func (e *UntrustedError) Error() string {
	return fmt.Sprintf("ключ API не отправлен на %s: это не сервер Mobizon API и не сервер из ваших настроек; "+
		"если вы доверяете ему, запустите с --server %s", e.Server, e.Server)
}
