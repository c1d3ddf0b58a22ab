package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Filter narrows a listing. Zero values mean "no condition".
type Filter struct {
	Query   string // words matched in method, parameters, message and note
	Code    *int
	Failed  bool // a code other than 0/100, or no envelope
	Starred bool
	// Before pages backwards: only calls with a smaller id (older).
	Before int64
	Limit  int // default 50
}

// ErrNotFound says no call has that id.
var ErrNotFound = errors.New("нет такого вызова в истории")

const columns = `calls.id, at, server, calls.module, calls.method, http_method, calls.params, code,
	calls.message, data, data_cut, error_kind, error, duration_ms, replay_of, source, starred, calls.note`

// List returns calls newest first. A page of 50 comes from an index
// whatever the size of the history, with a text query too.
func (s *Store) List(ctx context.Context, f Filter) ([]Call, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	var where []string
	var args []any
	if f.Before > 0 {
		where = append(where, "calls.id < ?")
		args = append(args, f.Before)
	}
	if f.Code != nil {
		where = append(where, "code = ?")
		args = append(args, *f.Code)
	}
	if f.Failed {
		where = append(where, "failed = 1")
	}
	if f.Starred {
		where = append(where, "starred = 1")
	}
	query := "SELECT " + columns + " FROM calls"
	order := " ORDER BY id DESC"
	if q := ftsQuery(f.Query); q != "" {
		// Driven by the FTS5 index, walked by rowid newest first and
		// stopped at the limit: a common word over a million rows is still
		// one page.
		query = "SELECT " + columns + " FROM calls_fts JOIN calls ON calls.id = calls_fts.rowid"
		where = append([]string{"calls_fts MATCH ?"}, where...)
		args = append([]any{q}, args...)
		order = " ORDER BY calls_fts.rowid DESC"
	}
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += order + " LIMIT ?"
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("история: %w", err)
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

// ftsQuery turns what a user types into an FTS5 query: every word must
// match, the last one as a prefix (as-you-type), and nothing the user
// types is read as FTS5 syntax.
func ftsQuery(q string) string {
	words := strings.FieldsFunc(q, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_'
	})
	for i, w := range words {
		words[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
		if i == len(words)-1 {
			words[i] += "*"
		}
	}
	return strings.Join(words, " ")
}

// Get returns one call.
func (s *Store) Get(ctx context.Context, id int64) (Call, error) {
	row := s.db.QueryRowContext(ctx, "SELECT "+columns+" FROM calls WHERE calls.id = ?", id)
	c, err := scanCall(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Call{}, fmt.Errorf("%w: %d", ErrNotFound, id)
	}
	return c, err
}

// Count is how many calls the history holds.
func (s *Store) Count(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM calls`).Scan(&n)
	return n, err
}

// SetStar stars or unstars a call and sets its note.
func (s *Store) SetStar(ctx context.Context, id int64, starred bool, note string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE calls SET starred = ?, note = ? WHERE id = ?`, starred, note, id)
	if err != nil {
		return fmt.Errorf("история: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: %d", ErrNotFound, id)
	}
	return nil
}

// Delete removes a call and returns it, so that it can be restored.
func (s *Store) Delete(ctx context.Context, id int64) (Call, error) {
	c, err := s.Get(ctx, id)
	if err != nil {
		return Call{}, err
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM calls WHERE id = ?`, id); err != nil {
		return Call{}, fmt.Errorf("история: %w", err)
	}
	return c, nil
}

// Restore puts a deleted call back under its old id (undo).
func (s *Store) Restore(ctx context.Context, c Call) error {
	_, err := s.db.ExecContext(ctx, insertCall, insertArgs(c.ID, c)...)
	if err != nil {
		return fmt.Errorf("история: %w", err)
	}
	return nil
}

type scanner interface{ Scan(...any) error }

func scanCall(r scanner) (Call, error) {
	var (
		c                Call
		at, durMS        int64
		params           string
		code             sql.NullInt64
		errKind, errText sql.NullString
		replayOf         sql.NullInt64
		data             []byte
		dataCut, starred bool
	)
	err := r.Scan(&c.ID, &at, &c.Server, &c.Module, &c.Method, &c.HTTPMethod, &params, &code, &c.Message, &data,
		&dataCut, &errKind, &errText, &durMS, &replayOf, &c.Source, &starred, &c.Note)
	if err != nil {
		return Call{}, err
	}
	c.At = time.UnixMilli(at)
	c.Duration = time.Duration(durMS) * time.Millisecond
	if err := json.Unmarshal([]byte(params), &c.Params); err != nil {
		return Call{}, fmt.Errorf("история: вызов %d: параметры повреждены: %w", c.ID, err)
	}
	if code.Valid {
		n := int(code.Int64)
		c.Code = &n
	}
	c.Data, c.DataCut, c.Starred = data, dataCut, starred
	c.ErrorKind, c.Error = errKind.String, errText.String
	if replayOf.Valid {
		id := replayOf.Int64
		c.ReplayOf = &id
	}
	return c, nil
}

// FailedOriginals are the distinct failed requests a support engineer has
// seen, newest first: failed calls that are not themselves replays, one per
// request (server, method and parameters), for a regression run.
func (s *Store) FailedOriginals(ctx context.Context, limit int) ([]Call, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+columns+" FROM calls WHERE failed = 1 AND replay_of IS NULL ORDER BY calls.id DESC")
	if err != nil {
		return nil, fmt.Errorf("история: %w", err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	var out []Call
	for rows.Next() && len(out) < limit {
		c, err := scanCall(rows)
		if err != nil {
			return nil, err
		}
		key := fingerprint(c)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, c)
	}
	return out, rows.Err()
}

// fingerprint identifies a request whatever its answer.
func fingerprint(c Call) string {
	params, _ := json.Marshal(c.Params)
	return strings.ToLower(c.Server+" "+c.Name()) + " " + string(params)
}
