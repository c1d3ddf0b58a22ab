package history

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codedesk/history/historytest/corrupt"
	"codedesk/model"
)

// oldHistory builds a history file at schema version (0: an empty file)
// with rows written as a codedesk that only knew that version wrote them:
// a 98 with parameters, a rejected task, and (from version 2) a starred,
// noted call whose data an old codedesk cut mid-value.
func oldHistory(t *testing.T, path string, version int) {
	t.Helper()
	db, err := sql.Open("sqlite", sqliteURI(path, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	old := &sqliteStore{db: db, path: path}
	if err := old.migrateTo(ctx, version); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC).UnixMilli()
	rows := 0
	insert := func(extra, extraValues string, args ...any) {
		if version >= 3 { // a uid per call, and its words as v3 indexed them
			rows++
			if strings.Contains(extra, "note") {
				extra, extraValues = extra+", note_at", extraValues+fmt.Sprintf(", %d", at)
			}
			extra, extraValues = extra+", uid", extraValues+fmt.Sprintf(", '%032x'", rows)
		}
		res, err := db.Exec(`INSERT INTO calls (at, server, module, method, http_method, params, code, message, data,
			data_cut, duration_ms, source, failed`+extra+`) VALUES (?, 'api.mobizon.kz', ?, ?, 'POST', ?, ?, ?, ?, ?, 12, 'cli', ?`+extraValues+`)`, args...)
		if err != nil {
			t.Fatal(err)
		}
		if version >= 3 {
			id, _ := res.LastInsertId()
			if _, err := db.Exec(`INSERT INTO calls_search(rowid, words) VALUES (?, ?)`, id, "старое частично 77001230403"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if version >= 1 {
		insert("", "", at, "campaign", "addRecipients", sqliteParams(model.Param{Key: "recipients[]", Value: "77001230403"}), 98, "частично старое", nil, 0, 1)
		insert("", "", at+1, "taskqueue", "getStatus", sqliteParams(), 0, "", `{"status":3}`, 0, 0)
	}
	if version >= 2 {
		cut := `[{"id":1,"text":"обрезано посреди стр` // invalid JSON, as v2 cut it
		insert(", starred, note", ", 1, 'тикет 42'", at+2, "message", "sendSmsMessage", sqliteParams(), 0, "", cut, 1, 0)
	}
}

func TestMigrationsFromEmptyAndFromEveryVersion(t *testing.T) {
	for version := 0; version < SchemaVersion; version++ {
		t.Run("v"+string(rune('0'+version)), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "old.db")
			oldHistory(t, path, version)
			twin := filepath.Join(dir, "twin.db") // a copy of the same old file, elsewhere
			raw, _ := os.ReadFile(path)
			os.WriteFile(twin, raw, 0o600)
			s := lite(t, openAt(t, path, Options{}))
			var v int
			s.db.QueryRow(`PRAGMA user_version`).Scan(&v)
			if v != SchemaVersion {
				t.Fatalf("user_version %d, want %d", v, SchemaVersion)
			}
			calls := list(t, s, Filter{})
			want := map[int]int{0: 0, 1: 2, 2: 3, 3: 3}[version]
			if len(calls) != want {
				t.Fatalf("%d calls after migration, want %d", len(calls), want)
			}
			checkMigratedRows(t, s, calls, version)
			// Both copies of one old file give their calls the same uids:
			// pushing both copies copies once.
			twinCalls := list(t, openAt(t, twin, Options{}), Filter{})
			for i := range calls {
				if len(calls[i].UID) != 32 || calls[i].UID != twinCalls[i].UID {
					t.Errorf("uid %q, twin %q", calls[i].UID, twinCalls[i].UID)
				}
			}
			// Ids go on from the old ones and are never reused.
			next := record(t, s, sampleCall(0, ""), "")
			if _, err := s.Delete(ctx, next); err != nil {
				t.Fatal(err)
			}
			if again := record(t, s, sampleCall(0, ""), ""); next <= int64(want) || again <= next {
				t.Errorf("ids %d then %d after %d old calls", next, again, want)
			}
		})
	}
}

func checkMigratedRows(t *testing.T, s Store, calls []Call, version int) {
	t.Helper()
	if version < 1 {
		return
	}
	if got := list(t, s, Filter{Query: "старое"}); len(got) != 1 || got[0].Name() != "campaign/addRecipients" || got[0].Starred {
		t.Errorf("old rows are not searchable: %+v", got)
	}
	if got := list(t, s, Filter{Query: "0403"}); len(got) != 1 || got[0].Name() != "campaign/addRecipients" {
		t.Errorf("a number's last digits find an old row: %v", ids(got))
	}
	if got := list(t, s, Filter{Failed: true}); len(got) != 2 {
		t.Errorf("failed after migration: %v (the 98 and the rejected task)", ids(got))
	}
	if version < 2 {
		return
	}
	noted := calls[0]
	if !noted.Starred || noted.Note != "тикет 42" || noted.NoteAt == nil || !noted.DataCut || !json.Valid(noted.Data) {
		t.Errorf("the noted call: %+v data %s", noted, noted.Data)
	}
	if got := list(t, s, Filter{Query: "тикет"}); len(got) != 1 {
		t.Errorf("an old note is not searchable: %v", ids(got))
	}
}

func TestAReadOnlyOldFileIsReadThroughACopy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	oldHistory(t, path, 2)
	os.Chmod(path, 0o444)
	before, _ := os.ReadFile(path)
	s := lite(t, openAt(t, path, Options{ReadOnly: true}))
	if got := list(t, s, Filter{Query: "тикет"}); len(got) != 1 {
		t.Errorf("reading an old read-only file: %v", ids(got))
	}
	snapshot := s.snapshot
	s.Close()
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the old read-only file changed")
	}
	if _, err := os.Stat(snapshot); snapshot == "" || err == nil {
		t.Errorf("the copy %q is left behind", snapshot)
	}
}

func TestADamagedFileIsReportedNeverWrittenAndRepaired(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "history.db")
	s := openAt(t, path, Options{})
	var all []Call
	for i := 0; i < 300; i++ {
		all = append(all, sampleCall(i%40, strings.Repeat("ответ сервера ", 30)))
	}
	if _, err := s.RecordBatch(ctx, all, ""); err != nil {
		t.Fatal(err)
	}
	s.Close()
	corrupt.Page(t, path)
	before, _ := os.ReadFile(path)

	// Opening costs nothing (the check runs meanwhile); the first use of
	// the history, reading or writing, reports the damage and touches
	// nothing.
	s2 := openAt(t, path, Options{})
	_, err := s2.Record(ctx, sampleCall(0, ""), "")
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "check --repair") {
		t.Fatalf("recording into a damaged file: %v", err)
	}
	if _, err := s2.List(ctx, Filter{}); !errors.Is(err, ErrDamaged) {
		t.Errorf("listing a damaged file: %v", err)
	}
	if err := s2.Star(ctx, 1, true); !errors.Is(err, ErrDamaged) {
		t.Errorf("starring in a damaged file: %v", err)
	}
	s2.Close()
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the damaged file was written")
	}
	if err := Check(ctx, path); !errors.Is(err, ErrDamaged) {
		t.Errorf("Check: %v", err)
	}

	fixed := filepath.Join(dir, "repaired.db")
	res, err := Repair(ctx, path, fixed)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("repair: %+v", res)
	if res.Copied == 0 || res.Copied >= 300 || res.LastID != 300 {
		t.Errorf("repair: %+v", res)
	}
	if err := Check(ctx, fixed); err != nil {
		t.Errorf("the repaired file: %v", err)
	}
	r := openAt(t, fixed, Options{})
	calls := list(t, r, Filter{Limit: 1000})
	if len(calls) != res.Copied {
		t.Errorf("%d calls in the new file, %d copied", len(calls), res.Copied)
	}
	for _, c := range calls {
		if c.ID < 1 || c.ID > 300 || !strings.HasPrefix(c.Message, "ответ сервера") {
			t.Errorf("call %d: %q", c.ID, c.Message[:min(len(c.Message), 20)])
		}
	}
	if got := list(t, r, Filter{Query: "сервера", Limit: 1000}); len(got) != res.Copied {
		t.Errorf("search in the repaired file: %d", len(got))
	}
	if next := record(t, r, sampleCall(0, ""), ""); next <= 300 {
		t.Errorf("the repaired file reuses id %d", next)
	}
	if _, err := Repair(ctx, path, fixed); err == nil {
		t.Error("Repair overwrote an existing file")
	}
	// A damaged file of an older schema is refused at Open: upgrading it
	// would write.
	old := filepath.Join(dir, "old.db")
	oldHistory(t, old, 2)
	db, _ := sql.Open("sqlite", sqliteURI(old, ""))
	for i := 0; i < 300; i++ {
		db.Exec(`INSERT INTO calls (at, server, module, method, http_method, params, message, source)
			VALUES (1, 's', 'm', 'x', 'GET', '[]', ?, 'cli')`, strings.Repeat("старый ответ ", 30))
	}
	db.Close()
	corrupt.Page(t, old)
	oldBefore := mustRead(t, old)
	if s, err := Open(ctx, old, Options{}); !errors.Is(err, ErrDamaged) || s != nil {
		t.Errorf("opening a damaged old file: %v", err)
	}
	if !bytes.Equal(oldBefore, mustRead(t, old)) {
		t.Error("the damaged old file was written")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("Repair wrote to the damaged file")
	}
}

func TestCheckASoundFileAndSomethingElse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	record(t, openAt(t, path, Options{}), sampleCall(0, ""), "")
	if err := Check(ctx, path); err != nil {
		t.Errorf("a sound file: %v", err)
	}
	notes := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(notes, []byte("notes"), 0o600)
	if err := Check(ctx, notes); !errors.Is(err, ErrNotHistory) {
		t.Errorf("a text file: %v", err)
	}
	// Repair reads an old damaged-free v2 file too, keeping ids.
	old := filepath.Join(t.TempDir(), "v2.db")
	oldHistory(t, old, 2)
	res, err := Repair(ctx, old, filepath.Join(t.TempDir(), "new.db"))
	if err != nil || res.Copied != 3 || res.Unreadable != 0 {
		t.Errorf("repairing a sound v2 file: %+v %v", res, err)
	}
}
