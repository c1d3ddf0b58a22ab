package history

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"codedesk/model"
)

const secret = "SECRET-KEY-0123456789abcdef"

var ctx = context.Background()

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "codedesk", "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func sampleCall(code int, message string, params ...model.Param) Call {
	req := model.Request{Server: model.MustParseServer("api.mobizon.kz"), Module: "message", Method: "sendSmsMessage", Params: params}
	resp := model.Response{Envelope: model.Envelope{Code: code, Message: message, Data: []byte(`{"messageId":"5"}`)}, Duration: 42 * time.Millisecond}
	return FromResult(req, resp, nil, "cli")
}

func TestRecordAndGetKeepEverything(t *testing.T) {
	s := openTemp(t)
	c := sampleCall(98, "Добавлено 1 из 3", model.Param{Key: "recipients[]", Value: "77001234567"}, model.Param{Key: "id", Value: "1"})
	id, err := s.Record(ctx, c, secret)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Server != "api.mobizon.kz" || got.Name() != "message/sendSmsMessage" || got.HTTPMethod != "POST" ||
		*got.Code != 98 || got.Message != "Добавлено 1 из 3" || string(got.Data) != `{"messageId":"5"}` ||
		got.Duration != 42*time.Millisecond || got.Source != "cli" || !got.Failed() {
		t.Errorf("got %+v", got)
	}
	// Parameters keep their order.
	if fmt.Sprint(got.Params) != "[{recipients[] 77001234567} {id 1}]" {
		t.Errorf("params %v", got.Params)
	}
}

func TestTransportFailureIsRecorded(t *testing.T) {
	s := openTemp(t)
	req := model.Request{Server: model.MustParseServer("http://127.0.0.1:1"), Module: "user", Method: "getOwnBalance"}
	callErr := &model.CallError{Kind: model.KindRefused, Msg: "отказал в соединении"}
	id, err := s.Record(ctx, FromResult(req, model.Response{Duration: time.Millisecond}, callErr, "tui"), secret)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(ctx, id)
	if got.Code != nil || got.ErrorKind != "refused" || !got.Failed() || !strings.Contains(got.Error, "отказал") {
		t.Errorf("got %+v", got)
	}
}

func TestTheKeyIsNeverStored(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	c := sampleCall(8, "bad key "+secret, model.Param{Key: "apiKey", Value: secret}, model.Param{Key: "text", Value: "key=" + secret})
	c.Data = []byte(`{"echo":"` + secret + `"}`)
	c.Error = "GET https://x/?apiKey=" + secret
	c.Note = "customer key " + secret
	id, err := s.Record(ctx, c, secret)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(ctx, id)
	for _, p := range got.Params {
		if strings.EqualFold(p.Key, "apikey") {
			t.Error("the apiKey parameter was kept")
		}
	}
	s.Close()
	// Not in any column, and not anywhere in the file (nor its WAL).
	for _, f := range []string{path, path + "-wal"} {
		raw, _ := os.ReadFile(f)
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("%s holds the key", filepath.Base(f))
		}
	}
}

func TestDataIsCappedAndMarked(t *testing.T) {
	s := openTemp(t)
	c := sampleCall(0, "")
	c.Data = bytes.Repeat([]byte("x"), MaxData+100)
	id, _ := s.Record(ctx, c, "")
	got, _ := s.Get(ctx, id)
	if len(got.Data) != MaxData || !got.DataCut {
		t.Errorf("data %d bytes, cut %v", len(got.Data), got.DataCut)
	}
}

func TestListFiltersAndPages(t *testing.T) {
	s := openTemp(t)
	var ids []int64
	for i := 0; i < 120; i++ {
		code := []int{0, 98, 100, 30}[i%4]
		c := sampleCall(code, fmt.Sprintf("ответ номер %d", i), model.Param{Key: "recipient", Value: fmt.Sprintf("7700%07d", i)})
		if i == 7 {
			c.Message = "Превышен лимит: слишком часто"
		}
		id, err := s.Record(ctx, c, "")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	page, _ := s.List(ctx, Filter{Limit: 50})
	if len(page) != 50 || page[0].ID != ids[119] || page[49].ID != ids[70] {
		t.Fatalf("first page: %d calls, %d..%d", len(page), page[0].ID, page[len(page)-1].ID)
	}
	next, _ := s.List(ctx, Filter{Limit: 50, Before: page[49].ID})
	if len(next) != 50 || next[0].ID != ids[69] {
		t.Fatalf("second page starts at %d", next[0].ID)
	}
	failed, _ := s.List(ctx, Filter{Failed: true, Limit: 500})
	if len(failed) != 60 {
		t.Errorf("failed: %d, want 60 (98 and 30)", len(failed))
	}
	for _, c := range failed {
		if !c.Failed() {
			t.Errorf("failed filter returned %d", *c.Code)
		}
	}
	code := 30
	by30, _ := s.List(ctx, Filter{Code: &code, Limit: 500})
	if len(by30) != 30 {
		t.Errorf("code 30: %d", len(by30))
	}
	// Text search: message words, parameter values, method names, prefixes.
	for q, want := range map[string]int{"лимит": 1, "слишком": 1, "77000000042": 1, "sendsmsmessage": 120, "sendsms": 120, "номер 4": 11, "нетакого": 0} {
		got, err := s.List(ctx, Filter{Query: q, Limit: 500})
		if err != nil || len(got) != want {
			t.Errorf("search %q: %d calls, %v; want %d", q, len(got), err, want)
		}
	}
	// Search results are newest first too, and combine with filters.
	got, _ := s.List(ctx, Filter{Query: "ответ", Failed: true, Limit: 5})
	if len(got) != 5 || got[0].ID != ids[119] || !got[0].Failed() {
		t.Errorf("search + failed: %v", got)
	}
	// FTS syntax in what a user types is just text.
	if _, err := s.List(ctx, Filter{Query: `"unbalanced AND OR NEAR( *`}); err != nil {
		t.Errorf("a query with FTS syntax failed: %v", err)
	}
}

func TestStarNoteDeleteRestore(t *testing.T) {
	s := openTemp(t)
	id, _ := s.Record(ctx, sampleCall(99, "ни один"), "")
	other, _ := s.Record(ctx, sampleCall(0, ""), "")
	if err := s.SetStar(ctx, id, true, "тикет 4711: клиент из Алматы"); err != nil {
		t.Fatal(err)
	}
	starred, _ := s.List(ctx, Filter{Starred: true})
	if len(starred) != 1 || starred[0].ID != id || starred[0].Note != "тикет 4711: клиент из Алматы" {
		t.Fatalf("starred: %+v", starred)
	}
	if found, _ := s.List(ctx, Filter{Query: "4711"}); len(found) != 1 {
		t.Error("a note must be searchable")
	}
	deleted, err := s.Delete(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, id); err == nil {
		t.Fatal("deleted call still there")
	}
	if found, _ := s.List(ctx, Filter{Query: "4711"}); len(found) != 0 {
		t.Error("a deleted call must leave the search index")
	}
	if err := s.Restore(ctx, deleted); err != nil {
		t.Fatal(err)
	}
	back, err := s.Get(ctx, id)
	if err != nil || back.Note != deleted.Note || !back.Starred || *back.Code != 99 {
		t.Errorf("restored %+v %v", back, err)
	}
	if found, _ := s.List(ctx, Filter{Query: "4711"}); len(found) != 1 {
		t.Error("a restored call must be searchable again")
	}
	if err := s.SetStar(ctx, 999999, true, ""); err == nil {
		t.Error("starring a missing call must fail")
	}
	_ = other
}

func TestFileAndFolderPermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "codedesk")
	s, err := Open(filepath.Join(dir, "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, "history.db"): 0o600} {
		st, err := os.Stat(path)
		if err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", path, st.Mode().Perm(), want)
		}
	}
}

func TestMigrationsFromEmptyAndFromVersion1(t *testing.T) {
	// From nothing to the current version.
	s := openTemp(t)
	var v int
	s.db.QueryRow(`PRAGMA user_version`).Scan(&v)
	if v != SchemaVersion {
		t.Fatalf("user_version %d, want %d", v, SchemaVersion)
	}
	// From version 1, with rows written by a codedesk that only knew it.
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	old := &Store{db: db, path: path}
	if err := old.migrateTo(ctx, 1); err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`INSERT INTO calls (at, server, module, method, http_method, params, code, message, duration_ms, source, failed)
		VALUES (?, 'api.mobizon.kz', 'campaign', 'addRecipients', 'POST', '[{"key":"id","value":"1"}]', 98, 'частично старое', 12, 'cli', 1)`, time.Now().UnixMilli())
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	s2.db.QueryRow(`PRAGMA user_version`).Scan(&v)
	if v != SchemaVersion {
		t.Errorf("after migration user_version %d", v)
	}
	got, err := s2.List(ctx, Filter{Query: "старое"})
	if err != nil || len(got) != 1 || got[0].Starred || got[0].Note != "" || got[0].Name() != "campaign/addRecipients" {
		t.Errorf("old rows after migration: %+v %v", got, err)
	}
	// And writing works on the migrated file.
	if _, err := s2.Record(ctx, sampleCall(0, ""), ""); err != nil {
		t.Error(err)
	}
}

func TestNotAHistoryFileIsLeftAlone(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.db")
	db, _ := sql.Open("sqlite", "file:"+other)
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
			_, err := Open(path)
			if err == nil || !strings.Contains(err.Error(), "файл не тронут") {
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

func TestAFullOrReadOnlyDatabaseFailsTheRecordOnly(t *testing.T) {
	s := openTemp(t)
	if _, err := s.Record(ctx, sampleCall(0, ""), ""); err != nil {
		t.Fatal(err)
	}
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
	_, err = s.Record(ctx, big, "")
	if err == nil || !strings.Contains(err.Error(), "не сохранена") {
		t.Errorf("recording on a full database: %v", err)
	}
	// Reading still works.
	if got, err := s.List(ctx, Filter{}); err != nil || len(got) != 1 {
		t.Errorf("after a failed write: %d calls, %v", len(got), err)
	}
	// A read-only file.
	path := filepath.Join(t.TempDir(), "ro.db")
	w, _ := Open(path)
	w.Close()
	ro, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	rs := &Store{db: ro, path: path}
	defer rs.Close()
	if _, err := rs.Record(ctx, sampleCall(0, ""), ""); err == nil || !strings.Contains(err.Error(), "не сохранена") {
		t.Errorf("recording on a read-only file: %v", err)
	}
}

// TestMain lets the reliability tests run this test binary again as a
// separate process that records calls (CODEDESK_RECORDER_DB set), instead
// of running the tests.
func TestMain(m *testing.M) {
	if path := os.Getenv("CODEDESK_RECORDER_DB"); path != "" {
		n, _ := strconv.Atoi(os.Getenv("CODEDESK_RECORDER_N"))
		os.Exit(recordCalls(path, n))
	}
	code := m.Run()
	// The million-row file of the benchmarks (bench_test.go).
	os.RemoveAll(filepath.Join(os.TempDir(), fmt.Sprintf("codedesk-bench-%d", os.Getpid())))
	os.Exit(code)
}

// recordCalls records n calls (forever when n is 0), printing a line after
// each commit, for the process tests.
func recordCalls(path string, n int) int {
	s, err := Open(path)
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	defer s.Close()
	for i := 0; n == 0 || i < n; i++ {
		c := sampleCall(i%3, fmt.Sprintf("process %d call %d", os.Getpid(), i), model.Param{Key: "i", Value: strconv.Itoa(i)})
		if _, err := s.Record(ctx, c, secret); err != nil {
			fmt.Println("error", err)
			return 1
		}
		fmt.Println("committed", i+1)
	}
	return 0
}

func recorder(t *testing.T, path string, n int) *exec.Cmd {
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
			out, err := recorder(t, path, 500).CombinedOutput()
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
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, _ := s.Count(ctx); n != 1000 {
		t.Errorf("%d rows, want 1000", n)
	}
}

func TestKilledInTheMiddleOfRecording(t *testing.T) {
	path := filepath.Join(t.TempDir(), "killed.db")
	cmd := recorder(t, path, 0) // records until killed
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
	s, err := Open(path)
	if err != nil {
		t.Fatalf("after SIGKILL the file must open: %v", err)
	}
	defer s.Close()
	var check string
	s.db.QueryRow(`PRAGMA integrity_check`).Scan(&check)
	if check != "ok" {
		t.Errorf("integrity_check: %s", check)
	}
	n, _ := s.Count(ctx)
	if n < int64(committed) {
		t.Errorf("%d rows after the kill, but %d were committed", n, committed)
	}
	if _, err := s.Record(ctx, sampleCall(0, ""), ""); err != nil {
		t.Errorf("recording after the kill: %v", err)
	}
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}
