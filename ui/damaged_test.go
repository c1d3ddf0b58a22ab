package ui

import (
	"context"
	"database/sql"
	"net/url"
	"testing"
	"time"
)

// withDamagedParams damages, after seeding, the parameters of the call
// with id as another tool would: the history list used to fail whole.
func withDamagedParams(path *string, id int) appOption {
	return func(t *testing.T, o *Options) {
		t.Helper()
		db, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Path: *path}).String())
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.ExecContext(context.Background(), `UPDATE calls SET params = 'not json [' WHERE id = ?`, id); err != nil {
			t.Fatal(err)
		}
	}
}

// A call whose parameters cannot be read is listed, marked, beside the
// others.
func TestHistoryListsADamagedCallMarked(t *testing.T) {
	var path string
	clock := newManualClock(seedAt.Add(time.Hour))
	ls := start(t, newApp(t, 100, 30, withSeeds(&path, seedCalls()...), withDamagedParams(&path, 2), withClock(clock)), 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 4 вызова", "⚠ повреждено поле: параметры")
}
