package model

import (
	"errors"
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
	KindUntrusted                    // the trust rule refused to send the key there
)

var kindNames = map[ErrorKind]string{
	KindNetwork: "network", KindStatus: "http-status", KindRedirect: "redirect",
	KindNotJSON: "not-json", KindEmpty: "empty", KindTruncated: "truncated",
	KindNotEnvelope: "not-envelope", KindBadCode: "bad-code", KindTooLarge: "too-large",
	KindTimeout: "timeout", KindTLS: "tls", KindRefused: "refused", KindDNS: "dns",
	KindCanceled: "canceled", KindUntrusted: "untrusted",
}

// String is a stable name for scripts and history (--json, the stored
// call); people read Label.
func (k ErrorKind) String() string { return kindNames[k] }

var kindLabels = map[ErrorKind]string{
	KindNetwork: "сбой сети", KindStatus: "ответ HTTP с ошибкой", KindRedirect: "перенаправление",
	KindNotJSON: "ответ не JSON", KindEmpty: "пустой ответ", KindTruncated: "ответ оборван",
	KindNotEnvelope: "не ответ API", KindBadCode: "код ответа не читается", KindTooLarge: "ответ слишком большой",
	KindTimeout: "время ожидания вышло", KindTLS: "ошибка TLS", KindRefused: "в соединении отказано",
	KindDNS: "имя сервера не найдено", KindCanceled: "прервано", KindUntrusted: "ключ туда не отправляется",
}

// Label says the kind in Russian, in a few words, for people: "время
// ожидания вышло" where scripts read "timeout".
func (k ErrorKind) Label() string {
	if l, ok := kindLabels[k]; ok {
		return l
	}
	return kindLabels[KindNetwork]
}

// ParseErrorKind reads a kind's stable name back (from a stored call);
// false for a name no kind has.
func ParseErrorKind(name string) (ErrorKind, bool) {
	for k, n := range kindNames {
		if n == name {
			return k, true
		}
	}
	return KindNetwork, false
}

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
