package history

import (
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var englishWord = regexp.MustCompile(`[A-Za-z]{3,}`)

// assertRussian fails unless msg says what happened in Russian, the
// library's English (if any) only after it, in brackets: the places named
// (a path, a URL) may be Latin.
func assertRussian(t *testing.T, msg string, places ...string) {
	t.Helper()
	head, detail, quoted := strings.Cut(msg, " (")
	for _, p := range places {
		head = strings.ReplaceAll(head, p, "")
	}
	if quoted && !strings.HasSuffix(detail, ")") || englishWord.MatchString(head) {
		t.Errorf("not a Russian sentence with a quoted detail: %q", msg)
	}
}

// What SQLite, PostgreSQL, the network and the file system say in English
// reaches a person inside a Russian sentence, their words quoted after it:
// "mkdir …: not a directory" and pgx's multi-line "failed to connect" went
// out as they were.
func TestLibraryErrorsAreSaidInRussian(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	under := filepath.Join(file, "h.db")
	_, err := Open(ctx, under, Options{})
	if err == nil {
		t.Fatal("a history under a regular file opened")
	}
	assertRussian(t, err.Error(), under, file)
	if _, err := os.Stat("/proc/self"); err == nil { // Linux: a folder nobody can make
		const nowhere = "/proc/codedesk-none/h.db"
		_, err := Open(ctx, nowhere, Options{})
		if err == nil || !strings.Contains(err.Error(), " (") {
			t.Fatalf("a history where no folder can be made: %v", err)
		}
		assertRussian(t, err.Error(), nowhere, "/proc/codedesk-none")
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	where := "postgres://codedesk:secret@" + l.Addr().String() + "/x?connect_timeout=5"
	l.Close() // nothing listens there now
	s, err := Open(ctx, where, Options{Fallback: filepath.Join(dir, "pending.db"), Timeout: 5 * time.Second, RecordTimeout: 5 * time.Second})
	if err == nil {
		_, err = s.List(ctx, Filter{Limit: 1})
		s.Close()
	}
	if err == nil || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "соединение отвергнуто: там никто не слушает (failed to connect") {
		t.Fatalf("an unreachable team server: %v", err)
	}
	assertRussian(t, err.Error(), RedactURL(where))
}
