// Package syserr says in Russian what the operating system's and the
// network's errors mean (a file that is not there, a full disk, an address
// already taken, a refused connection), for the sentences people read. The
// system's own words are never dropped: they follow the Russian, in
// brackets, for a search or a bug report. It never changes what an error
// is: errors.Is and errors.As see through everything it returns.
package syserr

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strings"
	"syscall"
	"unicode"
)

// known are the system errors people meet, with what they mean.
var known = []struct {
	err   error
	words string
}{
	{syscall.ENOENT, "такого файла или папки нет"},
	{syscall.EACCES, "нет прав доступа"},
	{syscall.EPERM, "нет прав на это действие"},
	{syscall.ENOSPC, "на диске нет места"},
	{syscall.EDQUOT, "дисковая квота исчерпана"},
	{syscall.EROFS, "файловая система только для чтения"},
	{syscall.ENOTDIR, "в пути файл там, где должна быть папка"},
	{syscall.EISDIR, "это папка, а не файл"},
	{syscall.EEXIST, "такой файл уже есть"},
	{syscall.EIO, "сбой чтения или записи на диске"},
	{syscall.EMFILE, "открыто слишком много файлов"},
	{syscall.ELOOP, "символьные ссылки замкнуты в круг или вложены слишком глубоко"},
	{syscall.ENAMETOOLONG, "слишком длинное имя файла"},
	{syscall.ENXIO, "нет такого устройства (или у канала нет читателя)"},
	{syscall.EBUSY, "файл занят"},
	{syscall.EADDRINUSE, "адрес занят: там уже кто-то слушает"},
	{syscall.EADDRNOTAVAIL, "у этой машины нет такого адреса"},
	{syscall.ECONNREFUSED, "соединение отвергнуто: там никто не слушает"},
	{syscall.ECONNRESET, "соединение оборвала другая сторона"},
	{syscall.EPIPE, "другая сторона закрыла соединение или канал"},
	{syscall.EHOSTUNREACH, "узел недоступен по сети"},
	{syscall.ENETUNREACH, "сеть недоступна"},
	{syscall.ETIMEDOUT, "время ожидания истекло"},
	{os.ErrDeadlineExceeded, "время ожидания истекло"},
	{context.DeadlineExceeded, "время ожидания истекло"},
	{context.Canceled, "прервано"},
}

// Words is what err means in Russian, when it is (or wraps) one of the
// system's errors people meet; "" otherwise.
func Words(err error) string {
	if err == nil {
		return ""
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		if dns.IsNotFound {
			return "имя " + dns.Name + " не найдено в DNS"
		}
		return "DNS не ответил об имени " + dns.Name
	}
	for _, k := range known {
		if errors.Is(err, k.err) {
			return k.words
		}
	}
	return tlsWords(err)
}

// tlsWords is what a failed TLS handshake means, "" for anything else.
func tlsWords(err error) string {
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		record   tls.RecordHeaderError
		netErr   net.Error
	)
	switch {
	case errors.As(err, &unknown), errors.As(err, &hostname), errors.As(err, &invalid):
		return "сертификат сервера не прошёл проверку"
	case errors.As(err, &record):
		return "сервер ответил не по TLS"
	case errors.As(err, &netErr) && netErr.Timeout():
		return "сервер не ответил вовремя"
	}
	return ""
}

// Sentence is Say's text, always Russian: an error nothing here knows and
// that is all a library's English comes as «сбой (its words)».
func Sentence(err error) string {
	s := Say(err)
	if s == "" || hasCyrillic(s) {
		return s
	}
	return "сбой (" + oneLine(s) + ")"
}

// Explained is err said with words the caller knows (a driver's error
// codes, say): "words (its own words)", or err itself when it is Russian
// already. errors.Is and errors.As still see err.
func Explained(err error, words string) error {
	if err == nil || hasCyrillic(err.Error()) {
		return err
	}
	return &said{msg: words + " (" + oneLine(err.Error()) + ")", err: err}
}

// FileKind names, in Russian, a kind of file that is not a regular one.
func FileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "папка"
	case m&fs.ModeNamedPipe != 0:
		return "именованный канал (FIFO)"
	case m&fs.ModeSocket != 0:
		return "сокет"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "устройство"
	case m&fs.ModeSymlink != 0:
		return "символьная ссылка"
	}
	return "особый файл"
}

// Say is err's text for people: the system's part of it (the English words
// an error of the operating system, the network or a driver brought)
// preceded by what it means in Russian. A text with nothing to explain, or
// whose system part is Russian already, comes back as it was. The system's
// words are kept, on one line.
func Say(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	words := Words(err)
	if words == "" || strings.Contains(msg, words+" (") {
		return msg // nothing to explain, or said already
	}
	// The innermost error that is all the system's words, when the chain
	// shows it; else the English tail after the last Russian word.
	for e := err; e != nil; e = errors.Unwrap(e) {
		if part := e.Error(); !hasCyrillic(part) && strings.Contains(msg, part) {
			i := strings.LastIndex(msg, part)
			return msg[:i] + words + " (" + oneLine(part) + ")" + msg[i+len(part):]
		}
	}
	head, tail := splitTail(msg)
	if tail == "" {
		return msg
	}
	if head == "" {
		return words + " (" + oneLine(tail) + ")"
	}
	return head + ": " + words + " (" + oneLine(tail) + ")"
}

// Error is err with Say's text: for an error built with %w whose text
// people read. errors.Is and errors.As still see err.
func Error(err error) error {
	if err == nil || Say(err) == err.Error() {
		return err
	}
	return &said{msg: Say(err), err: err}
}

type said struct {
	msg string
	err error
}

func (e *said) Error() string { return e.msg }
func (e *said) Unwrap() error { return e.err }

// Listen says why addr cannot be listened on, in Russian, with what to do.
func Listen(addr string, err error) error {
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return &said{msg: fmt.Sprintf("адрес %s занят: там уже кто-то слушает; выберите другой порт", addr), err: err}
	case errors.Is(err, syscall.EACCES):
		return &said{msg: fmt.Sprintf("нет прав слушать %s: порты ниже 1024 требуют прав администратора; выберите порт выше", addr), err: err}
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return &said{msg: fmt.Sprintf("слушать %s нельзя: у этой машины нет такого адреса; для своей машины — 127.0.0.1", addr), err: err}
	}
	return &said{msg: fmt.Sprintf("не удаётся слушать %s: %s", addr, Say(err)), err: err}
}

// splitTail cuts msg after its last Russian word: what follows is the
// system's (": " between them dropped).
func splitTail(msg string) (head, tail string) {
	last := strings.LastIndexFunc(msg, isCyrillic)
	if last < 0 {
		return "", msg
	}
	end := last + len(string([]rune(msg[last:])[0]))
	tail = strings.TrimLeft(msg[end:], ": \t\n")
	// Nothing but marks, or words already said in brackets after Russian.
	if !strings.ContainsFunc(tail, unicode.IsLetter) || strings.HasPrefix(tail, "(") {
		return msg, ""
	}
	return strings.TrimRight(msg[:end], ": "), tail
}

func isCyrillic(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }

func hasCyrillic(s string) bool { return strings.ContainsFunc(s, isCyrillic) }

// oneLine is a system's message on one line, repeated lines said once
// (pgx names every address it tried, often the same one twice).
func oneLine(s string) string {
	var parts []string
	seen := map[string]bool{}
	for _, line := range strings.Split(s, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line != "" && !seen[line] {
			seen[line] = true
			parts = append(parts, line)
		}
	}
	return strings.Join(parts, " ")
}
