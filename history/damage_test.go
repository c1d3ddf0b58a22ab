package history

import (
	"database/sql"
	"encoding/json"
	"slices"
	"testing"

	"codedesk/history/historytest/pgtest"
)

// damageRows writes values codedesk never writes into stored calls, as
// another tool or a damaged page would, outside any store.
func damageRows(t *testing.T, e engine, where string, stmts ...string) {
	t.Helper()
	if e.pg {
		pgtest.Exec(t, where, stmts...)
		return
	}
	db, err := sql.Open("sqlite", sqliteURI(where, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// One call with parameters or data that are not JSON (or, in SQLite, a
// time or a code of the wrong type) no longer fails every listing: it
// comes back marked, its sound fields intact, and the others as they were.
func TestDamagedRowsAreListedMarked(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		where := e.fresh(t)
		s := openAt(t, where, Options{Agent: "aigerim"})
		for i := range 4 {
			record(t, s, sampleCall(i, "ok"), "")
		}
		stmts := []string{
			`UPDATE calls SET params = 'not json [' WHERE id = 2`,
			`UPDATE calls SET data = '{"cut in the middle' WHERE id = 3`,
		}
		want := map[int64][]string{2: {"params"}, 3: {"data"}}
		if !e.pg {
			stmts = append(stmts, `UPDATE calls SET at = 'yesterday', code = 'abc' WHERE id = 4`)
			want[4] = []string{"at", "code"}
		}
		damageRows(t, e, where, stmts...)
		calls := list(t, s, Filter{Limit: 10})
		if len(calls) != 4 {
			t.Fatalf("%d calls listed, want 4", len(calls))
		}
		for _, c := range calls {
			slices.Sort(c.Damaged)
			if !slices.Equal(c.Damaged, want[c.ID]) || c.Method != "sendSmsMessage" {
				t.Errorf("call %d: damaged %v, want %v (%+v)", c.ID, c.Damaged, want[c.ID], c)
			}
			if !json.Valid(c.Data) && len(c.Data) > 0 {
				t.Errorf("call %d: data %q is not JSON", c.ID, c.Data)
			}
			if _, err := json.Marshal(c); err != nil {
				t.Errorf("call %d does not encode: %v", c.ID, err)
			}
		}
		if c, err := s.Get(ctx, 2); err != nil || len(c.Damaged) != 1 || c.DamageText() != "повреждено поле: параметры" {
			t.Errorf("Get(2): %+v %v", c, err)
		}
		if e.pg {
			return
		}
		n, ranges, err := DamagedCalls(ctx, where)
		if err != nil || n != 3 || len(ranges) != 1 || ranges[0] != (IDRange{2, 4}) {
			t.Errorf("DamagedCalls: %d %v %v", n, ranges, err)
		}
	})
}
