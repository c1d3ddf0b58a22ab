package history

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"codedesk/model/words"
)

// List returns calls newest first, from the indexes: a page whatever the
// size of the history, with a text query too (GIN).
func (s *pgStore) List(ctx context.Context, f Filter) ([]Call, error) {
	ctx, cancel := s.timeout(ctx)
	defer cancel()
	if err := s.ensureReady(ctx); err != nil {
		return nil, s.fail("не прочитана", err)
	}
	calls, err := listPlanned(f, planSearch(f.Query), func(f Filter, ws []queryWord, notCode *int, limit int) ([]Call, error) {
		return s.page(ctx, f, ws, notCode, limit)
	}, func(id int64) (*int, error) {
		var code *int
		err := s.pool.QueryRow(ctx, `SELECT code FROM calls WHERE id = $1`, id).Scan(&code)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, nil
		}
		return code, err
	})
	return calls, s.fail("не прочитана", err)
}

func (s *pgStore) page(ctx context.Context, f Filter, ws []queryWord, notCode *int, limit int) ([]Call, error) {
	if limit <= 0 {
		return nil, nil
	}
	if len(ws) > 0 {
		return s.searchPage(ctx, f, ws, notCode, limit)
	}
	q := &query{pg: true}
	q.filter(f)
	if notCode != nil {
		q.add("(calls.code IS NULL OR calls.code <> ?)", *notCode)
	}
	stmt, args := q.sql("calls", "calls.id", limit)
	// Planned for these values each time, as searches are (pg_search.go).
	rows, err := s.pool.Query(ctx, stmt, append([]any{pgx.QueryExecModeExec}, args...)...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanPGCall)
}

// pgMatch is the search condition for the words: each must match, stemmed
// by the russian configuration (Cyrillic) or the english one (the rest),
// the last one as a prefix while it is typed, or by a code it names.
func pgMatch(column string, ws []queryWord) (string, []any) {
	var parts []string
	var args []any
	for _, w := range ws {
		config := "english"
		if words.IsCyrillic(w.word) {
			config = "russian"
		}
		text := w.word
		if w.prefix || digitSearch(w.word) {
			text += ":*"
		}
		alts := []string{"to_tsquery('" + config + "', ?)"}
		args = append(args, text)
		for _, n := range w.codes {
			alts = append(alts, "?::tsquery")
			args = append(args, codeWord(n))
		}
		parts = append(parts, "("+strings.Join(alts, " || ")+")")
	}
	return column + " @@ (" + strings.Join(parts, " && ") + ")", args
}

// Get returns one call.
func (s *pgStore) Get(ctx context.Context, id int64) (Call, error) {
	ctx, cancel := s.timeout(ctx)
	defer cancel()
	if err := s.ensureReady(ctx); err != nil {
		return Call{}, s.fail("не прочитана", err)
	}
	rows, err := s.pool.Query(ctx, "SELECT "+columns+" FROM calls WHERE id = $1", id)
	if err != nil {
		return Call{}, s.fail("не прочитана", err)
	}
	c, err := pgx.CollectExactlyOneRow(rows, scanPGCall)
	if errors.Is(err, pgx.ErrNoRows) {
		return Call{}, fmt.Errorf("%w: %d", ErrNotFound, id)
	}
	return c, s.fail("не прочитана", err)
}

// Count is how many calls the history holds.
func (s *pgStore) Count(ctx context.Context) (int64, error) {
	ctx, cancel := s.timeout(ctx)
	defer cancel()
	if err := s.ensureReady(ctx); err != nil {
		return 0, s.fail("не прочитана", err)
	}
	var n int64
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM calls`).Scan(&n)
	return n, s.fail("не прочитана", err)
}

// FailedOriginals: see Store.
func (s *pgStore) FailedOriginals(ctx context.Context, limit int) ([]Call, error) {
	ctx, cancel := s.timeout(ctx)
	defer cancel()
	if err := s.ensureReady(ctx); err != nil {
		return nil, s.fail("не прочитана", err)
	}
	seen := map[string]bool{}
	var out []Call
	before := int64(1) << 62
	for len(out) < limit {
		rows, err := s.pool.Query(ctx, "SELECT "+columns+` FROM calls WHERE failed AND replay_of IS NULL AND id < $1
			ORDER BY id DESC LIMIT 500`, before)
		if err != nil {
			return nil, s.fail("не прочитана", err)
		}
		calls, err := pgx.CollectRows(rows, scanPGCall)
		if err != nil {
			return nil, s.fail("не прочитана", err)
		}
		out = distinctFailed(calls, seen, out, limit)
		if len(calls) < 500 {
			break
		}
		before = calls[len(calls)-1].ID
	}
	return out, nil
}

// scanPGCall reads one row of columns.
func scanPGCall(row pgx.CollectableRow) (Call, error) {
	var (
		c                Call
		params           string
		code             *int32
		durMS            int64
		errKind, errText *string
	)
	err := row.Scan(&c.ID, &c.UID, &c.At, &c.Agent, &c.Server, &c.Module, &c.Method, &c.HTTPMethod, &params, &code,
		&c.Message, &c.Data, &c.DataCut, &errKind, &errText, &durMS, &c.ReplayOf, &c.Source, &c.Starred, &c.Note,
		&c.NoteAuthor, &c.NoteAt)
	if err != nil {
		return Call{}, err
	}
	// Parameters or data that are not JSON (another tool wrote them) do
	// not fail the read: the call comes back marked (Call.Damaged).
	var rr rowReader
	c.Params = rr.params(params)
	c.Data, _ = rr.data(c.Data, c.DataCut)
	c.Damaged = rr.damaged
	if code != nil {
		n := int(*code)
		c.Code = &n
	}
	if errKind != nil {
		c.ErrorKind = *errKind
	}
	if errText != nil {
		c.Error = *errText
	}
	c.Duration = time.Duration(durMS) * time.Millisecond
	c.At = c.At.Local()
	if c.NoteAt != nil {
		t := c.NoteAt.Local()
		c.NoteAt = &t
	}
	return c, nil
}
