package syserr

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Real errors of the system, each said in Russian before its own words.
func TestSayPutsRussianBeforeTheSystemsWords(t *testing.T) {
	_, notThere := os.Open(filepath.Join(t.TempDir(), "nope.json"))
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	_, taken := net.Listen("tcp", busy.Addr().String())
	_, refused := net.Dial("tcp", deadAddr(t))
	cases := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("файл «nope.json» не открыт: %w", notThere), "файл «nope.json» не открыт: такого файла или папки нет (open "},
		{fmt.Errorf("вывод не записан: %w", &os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.ENOSPC}),
			"вывод не записан: на диске нет места (write /dev/stdout: no space left on device)"},
		{fmt.Errorf("история: %w", taken), "история: адрес занят: там уже кто-то слушает (listen tcp "},
		{refused, "соединение отвергнуто: там никто не слушает (dial tcp "},
		// A chain that hides its inside (a redacted text): the English
		// tail after the last Russian word is the system's.
		{opaque{"история postgres://u@h/db: не прочитана: failed to connect to `user=u`:\n\th: dial error: connection refused\n\th: dial error: connection refused", syscall.ECONNREFUSED},
			"история postgres://u@h/db: не прочитана: соединение отвергнуто: там никто не слушает (failed to connect to `user=u`: h: dial error: connection refused)"},
	}
	for _, tc := range cases {
		if got := Say(tc.err); !strings.HasPrefix(got, tc.want) {
			t.Errorf("Say(%q)\n = %q\nwant %q…", tc.err, got, tc.want)
		}
		if !errors.Is(Error(tc.err), tc.err) && !errors.Is(Error(tc.err), errors.Unwrap(tc.err)) {
			t.Errorf("Error(%q) lost what it wraps", tc.err)
		}
	}
	// Nothing to explain: the text as it was.
	if got := Say(opaque{"файла «x» нет", syscall.ENOENT}); got != "файла «x» нет" {
		t.Errorf("a Russian text changed: %q", got)
	}
	if got := Say(errors.New("some library error")); got != "some library error" {
		t.Errorf("an unknown error changed: %q", got)
	}
}

func TestListenSaysWhatToDo(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	_, taken := net.Listen("tcp", busy.Addr().String())
	if got := Listen(busy.Addr().String(), taken).Error(); got != "адрес "+busy.Addr().String()+" занят: там уже кто-то слушает; выберите другой порт" {
		t.Errorf("taken: %q", got)
	}
	if !errors.Is(Listen("x", taken), syscall.EADDRINUSE) {
		t.Error("Listen hides the system's error from errors.Is")
	}
}

// deadAddr is a loopback address nothing listens on.
func deadAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// opaque is an error that says errors.Is but does not unwrap (as a
// redacted one does).
type opaque struct {
	msg string
	err error
}

func (o opaque) Error() string        { return o.msg }
func (o opaque) Is(target error) bool { return errors.Is(o.err, target) }

// An error nothing here knows still reads as Russian, its own words
// after; one the caller explains gets the caller's words; ours stay ours.
func TestSentenceAndExplainedAreAlwaysRussian(t *testing.T) {
	odd := errors.New("frobnicator exploded")
	if got := Sentence(odd); got != "сбой (frobnicator exploded)" {
		t.Errorf("Sentence = %q", got)
	}
	if got := Sentence(fmt.Errorf("история: %w", odd)); got != "история: frobnicator exploded" {
		t.Errorf("Sentence of a Russian text = %q", got)
	}
	e := Explained(odd, "SQLite не выполнил запрос")
	if e.Error() != "SQLite не выполнил запрос (frobnicator exploded)" || !errors.Is(e, odd) {
		t.Errorf("Explained = %q", e)
	}
	ours := errors.New("вызов не найден")
	if Explained(ours, "сбой") != ours {
		t.Error("a Russian error must come back as it is")
	}
	if got := Sentence(x509.UnknownAuthorityError{}); !strings.HasPrefix(got, "сертификат сервера не прошёл проверку (") {
		t.Errorf("a TLS failure: %q", got)
	}
	if got := FileKind(fs.ModeNamedPipe); got != "именованный канал (FIFO)" {
		t.Errorf("FileKind(FIFO) = %q", got)
	}
}
