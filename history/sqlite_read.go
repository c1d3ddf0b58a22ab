package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// List returns calls newest first. A page of 50 comes from an index
// whatever the size of the history, with a text query too.
func (s *sqliteStore) List(ctx context.Context, f Filter) ([]Call, error) {
	if err := s.verdict(ctx); err != nil {
		return nil, err
	}
	calls, err := listPlanned(f, planSearch(f.Query), func(f Filter, ws []queryWord, notCode *int, limit int) ([]Call, error) {
		return s.page(ctx, f, ws, notCode, limit)
	}, func(id int64) (*int, error) {
		var code sql.NullInt64
		err := s.db.QueryRowContext(ctx, `SELECT code FROM calls WHERE id = ?`, id).Scan(&code)
		if err != nil || !code.Valid {
			return nil, ignoreNoRows(err)
		}
		n := int(code.Int64)
		return &n, nil
	})
	if err != nil {
		return nil, fmt.Errorf("история: %w", explained(err))
	}
	return calls, nil
}

func (s *sqliteStore) page(ctx context.Context, f Filter, ws []queryWord, notCode *int, limit int) ([]Call, error) {
	if limit <= 0 {
		return nil, nil
	}
	q := &query{}
	q.filter(f)
	if notCode != nil {
		q.add("(calls.code IS NULL OR calls.code <> ?)", *notCode)
	}
	from, order := "calls", "calls.id"
	if len(ws) > 0 {
		// Driven by the FTS5 index, walked by rowid newest first and
		// stopped at the limit: a common word over a million rows is still
		// one page.
		from = "calls_search JOIN calls ON calls.id = calls_search.rowid"
		order = "calls_search.rowid"
		q.where = append([]string{"calls_search MATCH ?"}, q.where...)
		q.args = append([]any{ftsQuery(ws)}, q.args...)
	}
	stmt, args := q.sql(from, order, limit)
	return scanCalls(s.db.QueryContext(ctx, stmt, args...))
}

func ignoreNoRows(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}

// Get returns one call.
func (s *sqliteStore) Get(ctx context.Context, id int64) (Call, error) {
	if err := s.verdict(ctx); err != nil {
		return Call{}, err
	}
	c, err := scanCall(s.db.QueryRowContext(ctx, "SELECT "+columns+" FROM calls WHERE calls.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Call{}, fmt.Errorf("%w: %d", ErrNotFound, id)
	}
	if err != nil {
		return Call{}, fmt.Errorf("история: %w", explained(err))
	}
	return c, nil
}

// Count is how many calls the history holds.
func (s *sqliteStore) Count(ctx context.Context) (int64, error) {
	if err := s.verdict(ctx); err != nil {
		return 0, err
	}
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM calls`).Scan(&n)
	return n, err
}

// FailedOriginals: see Store.
func (s *sqliteStore) FailedOriginals(ctx context.Context, limit int) ([]Call, error) {
	if err := s.verdict(ctx); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []Call
	before := int64(-1)
	for len(out) < limit {
		q := "SELECT " + columns + " FROM calls WHERE failed = 1 AND replay_of IS NULL"
		args := []any{}
		if before >= 0 {
			q += " AND id < ?"
			args = append(args, before)
		}
		calls, err := scanCalls(s.db.QueryContext(ctx, q+" ORDER BY id DESC LIMIT 500", args...))
		if err != nil {
			return nil, fmt.Errorf("история: %w", explained(err))
		}
		out = distinctFailed(calls, seen, out, limit)
		if len(calls) < 500 {
			break
		}
		before = calls[len(calls)-1].ID
	}
	return out, nil
}

type scanner interface{ Scan(...any) error }

// scanCalls reads every row of a query.
func scanCalls(rows *sql.Rows, err error) ([]Call, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Call
	for rows.Next() {
		c, err := scanCall(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// scanCall reads one row of columns. A value of the wrong type, or
// parameters or data that are not JSON, do not fail the read: the call
// comes back with those fields empty and named in Damaged.
func scanCall(r scanner) (Call, error) {
	var v [22]any
	ptrs := make([]any, len(v))
	for i := range v {
		ptrs[i] = &v[i]
	}
	if err := r.Scan(ptrs...); err != nil {
		return Call{}, err
	}
	var rr rowReader
	id, ok := rr.integer("id", v[0])
	if !ok {
		return Call{}, fmt.Errorf("история: у вызова нет номера (%v)", safeValue(v[0]))
	}
	c := Call{ID: id, UID: rr.text("uid", v[1]), Agent: rr.text("agent", v[3]), Server: rr.text("server", v[4]),
		Module: rr.text("module", v[5]), Method: rr.text("method", v[6]), HTTPMethod: rr.text("http_method", v[7]),
		Params: rr.params(v[8]), Message: rr.text("message", v[10]), DataCut: rr.flag("data_cut", v[12]),
		ErrorKind: rr.text("error_kind", v[13]), Error: rr.text("error", v[14]), ReplayOf: rr.nullable("replay_of", v[16]),
		Source: rr.text("source", v[17]), Starred: rr.flag("starred", v[18]), Note: rr.text("note", v[19]),
		NoteAuthor: rr.text("note_author", v[20]), NoteAt: rr.millis("note_at", v[21])}
	if at := rr.millis("at", v[2]); at != nil {
		c.At = *at
	}
	if code := rr.nullable("code", v[9]); code != nil {
		n := int(*code)
		c.Code = &n
	}
	c.Data, c.dataFixed = rr.data(v[11], c.DataCut)
	ms, _ := rr.integer("duration_ms", v[15])
	c.Duration = time.Duration(ms) * time.Millisecond
	c.Damaged = rr.damaged
	return c, nil
}

// safeValue is a value for an error message: its type, never its content.
func safeValue(v any) string { return fmt.Sprintf("%T", v) }
