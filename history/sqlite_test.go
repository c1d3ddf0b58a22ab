package history

import (
	"bufio"
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"codedesk/model"
)

// The SQLite file itself: where it goes, who may read it, what happens when
// it is read-only, full, damaged, shared by two processes or killed mid-write.

func lite(t testing.TB, s Store) *sqliteStore {
	t.Helper()
	l, ok := s.(*sqliteStore)
	if !ok {
		t.Fatalf("%T is not a SQLite store", s)
	}
	return l
}

func TestEveryCharacterOfThePathSurvives(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"h%41.db", "a#b.db", "q?x=1.db", "with space.db", "история.db", "50%.db"} {
		path := filepath.Join(dir, "d#ir?%20", name)
		s := openAt(t, path, Options{})
		record(t, s, sampleCall(0, ""), "")
		s.Close()
		if st, err := os.Stat(path); err != nil || st.Size() == 0 {
			t.Errorf("%s: not written where named: %v", name, err)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "d#ir?%20"))
	for _, e := range entries {
		if e.Name() == "hA.db" || e.Name() == "a" || e.Name() == "q" {
			t.Errorf("a file at a wrong name: %s", e.Name())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "d")); err == nil {
		t.Error("a # in the folder cut the path")
	}
	// XDG_STATE_HOME with a # in it.
	state := filepath.Join(dir, "state#1")
	path := DefaultPath(func(k string) string { return map[string]string{"XDG_STATE_HOME": state}[k] })
	record(t, openAt(t, path, Options{}), sampleCall(0, ""), "")
	if _, err := os.Stat(filepath.Join(state, "codedesk", "history.db")); err != nil {
		t.Errorf("the history is not under XDG_STATE_HOME: %v", err)
	}
}

func TestFileAndFolderPermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "codedesk")
	openAt(t, filepath.Join(dir, "history.db"), Options{}).Close()
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, "history.db"): 0o600} {
		st, err := os.Stat(path)
		if err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v (%v)", path, st.Mode().Perm(), want, err)
		}
	}
}

func TestANewHistoryThroughASymlinkIsPrivate(t *testing.T) {
	dir := t.TempDir()
	// The link points to an empty file others may read: it becomes the
	// history, so it becomes 0600.
	target := filepath.Join(dir, "shared", "empty.db")
	os.MkdirAll(filepath.Dir(target), 0o755)
	os.WriteFile(target, nil, 0o644)
	link := filepath.Join(dir, "history.db")
	os.Symlink(target, link)
	record(t, openAt(t, link, Options{}), sampleCall(0, ""), "")
	if st, _ := os.Stat(target); st.Mode().Perm() != 0o600 {
		t.Errorf("the new history is %v", st.Mode().Perm())
	}
	if st, _ := os.Lstat(link); st.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced")
	}
	// An existing history keeps the mode its owner gave it.
	os.Chmod(target, 0o640)
	record(t, openAt(t, link, Options{}), sampleCall(0, ""), "")
	if st, _ := os.Stat(target); st.Mode().Perm() != 0o640 {
		t.Errorf("an existing history's mode changed to %v", st.Mode().Perm())
	}
}

func TestAReadOnlyFileIsReadAndNeverWritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	w := openAt(t, path, Options{})
	id := record(t, w, sampleCall(30, "частые"), "")
	w.Close()
	os.Chmod(path, 0o444)
	before, _ := os.ReadFile(path)
	for _, opts := range []Options{{}, {ReadOnly: true}} {
		s := openAt(t, path, opts)
		if got := list(t, s, Filter{Query: "частых"}); len(got) != 1 || got[0].ID != id {
			t.Errorf("reading a 0444 history: %v", ids(got))
		}
		if _, err := s.Record(ctx, sampleCall(0, ""), ""); !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "только для чтения") {
			t.Errorf("recording into a 0444 history: %v", err)
		}
		for name, err := range map[string]error{
			"star": s.Star(ctx, id, true), "note": s.SetNote(ctx, id, "x", ""), "restore": s.Restore(ctx, Call{ID: 99}),
		} {
			if !errors.Is(err, ErrReadOnly) {
				t.Errorf("%s on a read-only history: %v", name, err)
			}
		}
		if _, err := s.Delete(ctx, id); !errors.Is(err, ErrReadOnly) {
			t.Errorf("delete on a read-only history: %v", err)
		}
		s.Close()
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the read-only file changed")
	}
	// Asked to only read, a writable file is not written either.
	os.Chmod(path, 0o600)
	s := openAt(t, path, Options{ReadOnly: true})
	if _, err := s.Record(ctx, sampleCall(0, ""), ""); !errors.Is(err, ErrReadOnly) {
		t.Errorf("recording through a read-only store: %v", err)
	}
}

func TestAFullDatabaseFailsTheRecordOnly(t *testing.T) {
	s := lite(t, sqliteEngine.open(t))
	record(t, s, sampleCall(0, ""), "")
	// A full disk, as SQLite reports it: the file may not grow any more.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var pages int
	conn.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages)
	conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, pages))
	conn.Close()
	s.db.SetMaxOpenConns(1) // that connection carries the limit
	big := sampleCall(0, strings.Repeat("большой ответ ", 2000))
	if _, err := s.Record(ctx, big, ""); err == nil || !strings.Contains(err.Error(), "не сохранена") {
		t.Errorf("recording on a full database: %v", err)
	}
	if got := list(t, s, Filter{}); len(got) != 1 {
		t.Errorf("after a failed write: %d calls", len(got))
	}
}

func TestNotAHistoryFileIsLeftAlone(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.db")
	db, _ := sql.Open("sqlite", sqliteURI(other, ""))
	db.Exec(`CREATE TABLE invoices (n INTEGER)`)
	db.Close()
	cases := map[string][]byte{
		"text":   []byte("my notes about customers\n"),
		"binary": bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, 300),
		"other":  nil,
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			path := other
			if content != nil {
				path = filepath.Join(dir, name+".db")
				os.WriteFile(path, content, 0o644)
			}
			before, _ := os.ReadFile(path)
			stBefore, _ := os.Stat(path)
			s, err := Open(ctx, path, Options{})
			if err == nil || s != nil || !errors.Is(err, ErrNotHistory) || !strings.Contains(err.Error(), "файл не тронут") {
				t.Fatalf("Open: %v, want a clear refusal", err)
			}
			after, _ := os.ReadFile(path)
			stAfter, _ := os.Stat(path)
			if !bytes.Equal(before, after) || stBefore.ModTime() != stAfter.ModTime() || stBefore.Mode() != stAfter.Mode() {
				t.Error("the file was changed")
			}
			if _, err := os.Stat(path + "-wal"); err == nil {
				t.Error("a WAL file was created beside it")
			}
		})
	}
}

func recorder(path string, n int) *exec.Cmd {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "CODEDESK_RECORDER_DB="+path, "CODEDESK_RECORDER_N="+strconv.Itoa(n))
	return cmd
}

func TestTwoProcessesRecordingAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	var wg sync.WaitGroup
	errs := make(chan string, 2)
	for p := 0; p < 2; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := recorder(path, 500).CombinedOutput()
			if err != nil {
				errs <- fmt.Sprintf("%v: %s", err, lastLine(out))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if n, _ := openAt(t, path, Options{}).Count(ctx); n != 1000 {
		t.Errorf("%d rows, want 1000", n)
	}
}

func TestKilledInTheMiddleOfRecording(t *testing.T) {
	path := filepath.Join(t.TempDir(), "killed.db")
	cmd := recorder(path, 0) // records until killed
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	committed := 0
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if n, ok := strings.CutPrefix(sc.Text(), "committed "); ok {
			committed, _ = strconv.Atoi(n)
			if committed >= 200 {
				break
			}
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("after SIGKILL the file must open: %v", err)
	}
	defer s.Close()
	var check string
	lite(t, s).db.QueryRow(`PRAGMA integrity_check`).Scan(&check)
	if check != "ok" {
		t.Errorf("integrity_check: %s", check)
	}
	if n, _ := s.Count(ctx); n < int64(committed) {
		t.Errorf("%d rows after the kill, but %d were committed", n, committed)
	}
	record(t, s, sampleCall(0, ""), "")
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}

// sqliteParams are a call's parameters as every schema version stores them.
func sqliteParams(p ...model.Param) string {
	var b strings.Builder
	b.WriteString("[")
	for i, x := range p {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"key":%q,"value":%q}`, x.Key, x.Value)
	}
	b.WriteString("]")
	return b.String()
}
