package history

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// defaultLimit is a page of the listing.
const defaultLimit = 50

// query is a SELECT being built for one engine: conditions joined with AND,
// written with ? placeholders (numbered $1, $2… for PostgreSQL at the end).
type query struct {
	pg    bool
	where []string
	args  []any
}

func (q *query) add(cond string, args ...any) {
	q.where = append(q.where, cond)
	q.args = append(q.args, args...)
}

// flag is a true boolean column, as each engine writes it (SQLite's
// partial indexes are used only for the literal "= 1").
func (q *query) flag(col string) string {
	if q.pg {
		return col
	}
	return col + " = 1"
}

// at is a time as each engine keeps it.
func (q *query) at(t time.Time) any {
	if q.pg {
		return t
	}
	return t.UnixMilli()
}

// filter adds the conditions of f other than its text.
func (q *query) filter(f Filter) {
	if f.Before > 0 {
		q.add("calls.id < ?", f.Before)
	}
	if f.Code != nil {
		q.add("calls.code = ?", *f.Code)
	}
	if f.Failed {
		q.add(q.flag("calls.failed"))
	}
	if f.Starred {
		q.add(q.flag("calls.starred"))
	}
	if f.Agent != "" {
		q.add("calls.agent = ?", f.Agent)
	}
	if !f.Since.IsZero() {
		q.add("calls.at >= ?", q.at(f.Since))
	}
	if !f.Until.IsZero() {
		q.add("calls.at < ?", q.at(f.Until))
	}
}

// sql is the statement: from (a FROM clause), the conditions, newest first.
func (q *query) sql(from, orderBy string, limit int) (string, []any) {
	s := "SELECT " + columns + " FROM " + from
	if len(q.where) > 0 {
		s += " WHERE " + strings.Join(q.where, " AND ")
	}
	s += " ORDER BY " + orderBy + " DESC LIMIT ?"
	args := append(q.args[:len(q.args):len(q.args)], limit)
	if q.pg {
		s = numberPlaceholders(s)
	}
	return s, args
}

// numberPlaceholders writes ?, ?, ? as $1, $2, $3. No statement here holds
// a literal question mark.
func numberPlaceholders(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// columns are a call's columns in the order scanners read them.
const columns = `calls.id, calls.uid, calls.at, calls.agent, calls.server, calls.module, calls.method,
	calls.http_method, calls.params, calls.code, calls.message, calls.data, calls.data_cut, calls.error_kind,
	calls.error, calls.duration_ms, calls.replay_of, calls.source, calls.starred, calls.note,
	calls.note_author, calls.note_at`

// insertColumns are what a new row is given, in insertValues order.
const insertColumns = `uid, at, agent, server, module, method, http_method, params, code, message, data, data_cut,
	error_kind, error, duration_ms, replay_of, source, failed, starred, note, note_author, note_at`

// insertValues are c's values for insertColumns; at turns a time into what
// the engine keeps.
func insertValues(c Call, at func(time.Time) any) []any {
	params, _ := json.Marshal(c.Params) // strings only: cannot fail
	var noteAt any
	if c.NoteAt != nil {
		noteAt = at(*c.NoteAt)
	}
	var code any
	if c.Code != nil {
		code = *c.Code
	}
	var replayOf any
	if c.ReplayOf != nil {
		replayOf = *c.ReplayOf
	}
	return []any{c.UID, at(c.At), c.Agent, c.Server, c.Module, c.Method, c.HTTPMethod, string(params), code,
		c.Message, nullBytes(c.Data), c.DataCut, nullString(c.ErrorKind), nullString(c.Error),
		c.Duration.Milliseconds(), replayOf, c.Source, c.Failed(), c.Starred, c.Note, c.NoteAuthor, noteAt}
}

// fingerprint identifies a request whatever its answer.
func fingerprint(c Call) string {
	params, _ := json.Marshal(c.Params)
	return strings.ToLower(c.Server+" "+c.Name()) + " " + string(params)
}

// distinctFailed keeps the first call of each request, up to limit.
func distinctFailed(calls []Call, seen map[string]bool, out []Call, limit int) []Call {
	for _, c := range calls {
		if len(out) >= limit {
			break
		}
		if !c.Sent() {
			continue // a webhook delivery was received, never sent: nothing to replay
		}
		key := fingerprint(c)
		if !seen[key] {
			seen[key] = true
			out = append(out, c)
		}
	}
	return out
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullBytes(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// searchPlan is how List answers a filter's text.
type searchPlan struct {
	none  bool        // only stop words: nothing matches
	words []queryWord // words every call must match; none: no text condition
	code  *int        // a bare number: the calls with this code come first
}

func planSearch(text string) searchPlan {
	ws, none := parseQuery(text)
	p := searchPlan{none: none, words: ws}
	if len(ws) == 1 {
		if n, ok := ws[0].number(); ok {
			p.code = &n
		}
	}
	return p
}

// pageFunc reads one page: the filter's conditions, every word matched,
// and no call with code notCode when it is set.
type pageFunc func(f Filter, ws []queryWord, notCode *int, limit int) ([]Call, error)

// listPlanned runs a listing. A bare number lists two runs, each newest
// first: the calls with that code, then the other calls that match it as
// a word. Paging stays by id: the code of the call a page ends with (codeOf)
// says which run the next page continues.
func listPlanned(f Filter, p searchPlan, page pageFunc, codeOf func(id int64) (*int, error)) ([]Call, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	switch {
	case p.none:
		return nil, nil
	case p.code == nil:
		return page(f, p.words, nil, limit)
	}
	inCodeRun := true
	if f.Before > 0 {
		code, err := codeOf(f.Before)
		if err != nil {
			return nil, err
		}
		inCodeRun = code != nil && *code == *p.code
	}
	var out []Call
	rest := f
	if inCodeRun {
		if f.Code == nil || *f.Code == *p.code {
			byCode := f
			byCode.Code = p.code
			calls, err := page(byCode, nil, nil, limit)
			if err != nil || len(calls) == limit {
				return calls, err
			}
			out = calls
		}
		rest.Before = 0
	}
	more, err := page(rest, p.words, p.code, limit-len(out))
	return append(out, more...), err
}
