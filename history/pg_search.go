package history

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
)

// A text search, newest first, a page at a time, must not depend on how
// well PostgreSQL guesses how many calls a word matches: its guesses for
// words it has no statistics on (a phone number) are off by thousands, and
// the wrong plan then reads a million rows for a word no call holds, or
// fetches twelve thousand to show fifty. So the search runs in two steps
// whose cost is bounded either way:
//
//  1. the newest searchWindow calls (before the page's start) are read in
//     id order and each is tested: a common word fills the page here;
//  2. only if it did not, the GIN index lists the older matches, which are
//     then few (the word was rare among the newest), sorted by id.

// searchWindow is how many of the newest calls step 1 tests, one by one
// (about a microsecond each): enough for fifty calls of any word in one
// call of two hundred.
const searchWindow = 10000

// searchPage is one page of calls matching the words (and the filter).
func (s *pgStore) searchPage(ctx context.Context, f Filter, ws []queryWord, notCode *int, limit int) ([]Call, error) {
	top := f.Before - 1
	if f.Before <= 0 {
		if err := s.pool.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM calls`).Scan(&top); err != nil {
			return nil, err
		}
	}
	f.Before = 0 // the steps bound ids themselves
	window := max(top-searchWindow, 0)
	ids, err := s.matchIDs(ctx, f, notCode, ws, window+1, top, limit, false)
	if err != nil || len(ids) >= limit || window == 0 {
		return s.callsByID(ctx, ids, err)
	}
	older, err := s.matchIDs(ctx, f, notCode, ws, 1, window, limit-len(ids), true)
	return s.callsByID(ctx, append(ids, older...), err)
}

// matchIDs lists, newest first, the ids from..to of calls that pass the
// filter and match the words: testing each call of the range in id order,
// or (byIndex) through the GIN index.
func (s *pgStore) matchIDs(ctx context.Context, f Filter, notCode *int, ws []queryWord, from, to int64, limit int, byIndex bool) ([]int64, error) {
	q := &query{pg: true}
	q.filter(f)
	if notCode != nil {
		q.add("(calls.code IS NULL OR calls.code <> ?)", *notCode)
	}
	q.add("calls.id BETWEEN ? AND ?", from, to)
	var stmt string
	if byIndex {
		match, args := pgMatch("calls.search", ws)
		q.add(match, args...)
		// MATERIALIZED: the matches are found first (by the index, not by
		// walking ids), then sorted.
		stmt = "WITH m AS MATERIALIZED (SELECT calls.id FROM calls WHERE " + strings.Join(q.where, " AND ") +
			") SELECT id FROM m ORDER BY id DESC LIMIT ?"
	} else {
		// OFFSET 0 keeps the range walk apart from the test, so that the
		// index is not used for it.
		match, args := pgMatch("w.search", ws)
		stmt = "SELECT w.id FROM (SELECT calls.id, calls.search FROM calls WHERE " + strings.Join(q.where, " AND ") +
			" ORDER BY calls.id DESC OFFSET 0) w WHERE " + match + " LIMIT ?"
		q.args = append(q.args, args...)
	}
	// Planned for these very values each time (an unnamed statement): a
	// plan made once for any value of "id BETWEEN $1 AND $2" walks the
	// whole table by id.
	args := append([]any{pgx.QueryExecModeExec}, append(q.args, limit)...)
	rows, err := s.pool.Query(ctx, numberPlaceholders(stmt), args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// callsByID reads the calls of ids, newest first.
func (s *pgStore) callsByID(ctx context.Context, ids []int64, err error) ([]Call, error) {
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, "SELECT "+columns+" FROM calls WHERE id = ANY($1) ORDER BY id DESC", ids)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanPGCall)
}
