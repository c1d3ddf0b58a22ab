package ru

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io/fs"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"unicode"
)

// Explain says in Russian what a library's error (os, net, url, tls,
// x509…) means, with the library's own words after it as a quoted detail:
// «нет соединения: сервер отказал (там никто не слушает) — «dial tcp …»».
// The detail is put on one line but not otherwise made inert: callers
// quote it through safe.Line as they quote anything foreign. Text that is
// already Russian is returned as it is.
func Explain(err error) string {
	if err == nil {
		return ""
	}
	text := err.Error()
	if IsRussian(text) {
		return text
	}
	return Says(err) + " — «" + OneLine(text) + "»"
}

// IsRussian reports text that has Cyrillic letters: a message of ours.
func IsRussian(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) >= 0
}

// OneLine joins the lines of a library's multi-line error, cut to 300
// bytes at a character.
func OneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		cut := 300
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// Says is the Russian sentence for err, without its detail.
func Says(err error) string {
	var (
		pathErr  *fs.PathError
		dnsErr   *net.DNSError
		urlErr   *url.Error
		netErr   net.Error
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		record   tls.RecordHeaderError
	)
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return "время ожидания вышло"
	case errors.Is(err, context.Canceled):
		return "прервано"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "сервер отказал в соединении: там никто не слушает"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "сервер оборвал соединение"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "сервер недоступен по сети"
	case errors.As(err, &dnsErr):
		return "имя сервера не найдено в DNS"
	case errors.As(err, &unknown), errors.As(err, &hostname), errors.As(err, &invalid):
		return "сертификат сервера не прошёл проверку"
	case errors.As(err, &record):
		return "сервер ответил не по TLS"
	case errors.As(err, &netErr) && netErr.Timeout():
		return "сервер не ответил вовремя"
	case errors.As(err, &pathErr):
		return "файл: " + FileError(err)
	case errors.As(err, &urlErr):
		return "адрес не разобран"
	}
	for _, e := range sysErrors {
		if errors.Is(err, e.errno) {
			return e.text
		}
	}
	return "ошибка"
}
