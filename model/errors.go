package model

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"
)

// ErrorKind says why a call brought back no API answer.
type ErrorKind int

// The ways a call can fail before an envelope arrives.
const (
	KindNetwork     ErrorKind = iota // any other network failure
	KindStatus                       // HTTP status not 2xx
	KindRedirect                     // a 3xx: never followed, the key is in the URL
	KindNotJSON                      // an HTML page, a proxy's text…
	KindEmpty                        // no body at all
	KindTruncated                    // the body was cut short
	KindNotEnvelope                  // JSON, but not {code, data, message}
	KindBadCode                      // code missing its whole number in 0..999
	KindTooLarge                     // the body passed the size cap
	KindTimeout                      // no answer in time
	KindTLS                          // the certificate or handshake failed
	KindRefused                      // nothing listens at that address
	KindDNS                          // the host name does not resolve
	KindCanceled                     // the user cancelled
)

var kindNames = map[ErrorKind]string{
	KindNetwork: "network", KindStatus: "http-status", KindRedirect: "redirect",
	KindNotJSON: "not-json", KindEmpty: "empty", KindTruncated: "truncated",
	KindNotEnvelope: "not-envelope", KindBadCode: "bad-code", KindTooLarge: "too-large",
	KindTimeout: "timeout", KindTLS: "tls", KindRefused: "refused", KindDNS: "dns",
	KindCanceled: "canceled",
}

// String is a stable name for scripts and history.
func (k ErrorKind) String() string { return kindNames[k] }

// CallError is a call that brought back no API answer. Its message is
// already safe to show: the key is masked and server text is inert.
type CallError struct {
	Kind     ErrorKind
	Msg      string
	Status   int    // for KindStatus and KindRedirect
	Location string // for KindRedirect, key masked
	Excerpt  string // the start of the body, inert, when there was one
	Err      error  // the underlying error, scrubbed of the key
}

func (e *CallError) Error() string {
	s := e.Msg
	if e.Location != "" {
		s += " → " + e.Location
	}
	if e.Excerpt != "" {
		s += ": «" + e.Excerpt + "»"
	}
	return s
}

func (e *CallError) Unwrap() error { return e.Err }

// AsCallError returns err as a *CallError, if it is one.
func AsCallError(err error) (*CallError, bool) {
	var ce *CallError
	ok := errors.As(err, &ce)
	return ce, ok
}

// classify turns an error from the HTTP client into a CallError. The URL
// inside a *url.Error carries the key, so it is never shown; key is masked
// anywhere else it appears.
func classify(err error, key string, server Server) *CallError {
	inner := err
	var ue *url.Error
	if errors.As(err, &ue) {
		inner = ue.Err
	}
	scrubbed := errors.New(Scrub(inner.Error(), key))
	ce := &CallError{Err: scrubbed}
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	var netErr net.Error
	switch {
	case errors.Is(err, context.Canceled):
		ce.Kind, ce.Msg = KindCanceled, "запрос отменён"
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		ce.Kind, ce.Msg = KindTimeout, fmt.Sprintf("%s не ответил вовремя", server)
	case errors.As(err, &dnsErr):
		ce.Kind, ce.Msg = KindDNS, fmt.Sprintf("имя %s не найдено в DNS", dnsErr.Name)
	case errors.Is(err, syscall.ECONNREFUSED):
		ce.Kind, ce.Msg = KindRefused, fmt.Sprintf("%s отказал в соединении: там никто не слушает", server)
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr), errors.As(err, &invalidCert):
		ce.Kind, ce.Msg = KindTLS, fmt.Sprintf("сертификат %s не прошёл проверку: %s", server, Scrub(inner.Error(), key))
	case errors.As(err, &recordErr), strings.Contains(inner.Error(), "server gave HTTP response to HTTPS client"):
		ce.Kind, ce.Msg = KindTLS, fmt.Sprintf("%s ответил не по TLS (может быть, это http, а не https?)", server)
	default:
		ce.Kind, ce.Msg = KindNetwork, fmt.Sprintf("сетевая ошибка при обращении к %s: %s", server, Scrub(inner.Error(), key))
	}
	return ce
}
