package wire

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

	"codedesk/model"
)

// classify turns an error from the HTTP client into a CallError. The URL
// inside a *url.Error carries the key, so it is never shown; key is masked
// anywhere else it appears.
func classify(err error, key string, server model.Server) *model.CallError {
	inner := err
	var ue *url.Error
	if errors.As(err, &ue) {
		inner = ue.Err
	}
	scrubbed := errors.New(display(inner.Error(), key))
	ce := &model.CallError{Err: scrubbed}
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	var netErr net.Error
	switch {
	case errors.Is(err, context.Canceled):
		ce.Kind, ce.Msg = model.KindCanceled, "запрос отменён"
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		ce.Kind, ce.Msg = model.KindTimeout, fmt.Sprintf("%s не ответил вовремя", server)
	case errors.As(err, &dnsErr):
		ce.Kind, ce.Msg = model.KindDNS, fmt.Sprintf("имя %s не найдено в DNS", display(dnsErr.Name, key))
	case errors.Is(err, syscall.ECONNREFUSED):
		ce.Kind, ce.Msg = model.KindRefused, fmt.Sprintf("%s отказал в соединении: там никто не слушает", server)
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr), errors.As(err, &invalidCert):
		ce.Kind, ce.Msg = model.KindTLS, fmt.Sprintf("сертификат %s не прошёл проверку: %s", server, display(inner.Error(), key))
	case errors.As(err, &recordErr), strings.Contains(inner.Error(), "server gave HTTP response to HTTPS client"):
		ce.Kind, ce.Msg = model.KindTLS, fmt.Sprintf("%s ответил не по TLS (может быть, это http, а не https?)", server)
	default:
		ce.Kind, ce.Msg = model.KindNetwork, fmt.Sprintf("сетевая ошибка при обращении к %s: %s", server, display(inner.Error(), key))
	}
	return ce
}
