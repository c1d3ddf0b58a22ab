package history

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// pgInsert adds calls given as arrays (one statement for any number of
// calls), in order, each with its search words stemmed by the russian and
// english configurations, and tells listeners about each. A replay link to
// a call that is no longer there becomes NULL; a call whose uid is there
// already is skipped.
const pgInsert = `WITH ins AS (
	INSERT INTO calls (uid, at, agent, server, module, method, http_method, params, code, message, data,
		data_cut, error_kind, error, duration_ms, replay_of, source, failed, starred, note, note_author,
		note_at, search)
	SELECT r.uid, r.at, r.agent, r.server, r.module, r.method, r.http_method, r.params, r.code, r.message,
		r.data, r.data_cut, r.error_kind, r.error, r.duration_ms,
		(SELECT c.id FROM calls c WHERE c.id = r.replay_of), r.source, r.failed, r.starred, r.note,
		r.note_author, r.note_at, to_tsvector('russian', r.ru) || to_tsvector('english', r.en)
	FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
		$8::text[], $9::int4[], $10::text[], $11::bytea[], $12::bool[], $13::text[], $14::text[], $15::int8[],
		$16::int8[], $17::text[], $18::bool[], $19::bool[], $20::text[], $21::text[], $22::timestamptz[],
		$23::text[], $24::text[]) WITH ORDINALITY
		AS r(uid, at, agent, server, module, method, http_method, params, code, message, data, data_cut,
		error_kind, error, duration_ms, replay_of, source, failed, starred, note, note_author, note_at,
		ru, en, n)
	ORDER BY r.n
	ON CONFLICT (uid) DO NOTHING
	RETURNING id, uid, agent
)
SELECT id, uid, pg_notify($25, json_build_object('kind', 'call', 'id', id, 'agent', agent, 'origin', $26::text)::text)::text
FROM ins`

// pgColumns are calls as the arrays pgInsert takes.
type pgColumns struct {
	uid, agent, server, module, method, httpMethod, params, message, source, note, noteAuthor, ru, en []string
	at                                                                                                []time.Time
	code                                                                                              []*int32
	data                                                                                              [][]byte
	dataCut, failed, starred                                                                          []bool
	errorKind, errText                                                                                []*string
	durationMS                                                                                        []int64
	replayOf                                                                                          []*int64
	noteAt                                                                                            []*time.Time
}

func toColumns(calls []Call) pgColumns {
	var p pgColumns
	for _, c := range calls {
		params, _ := json.Marshal(c.Params) // strings only: cannot fail
		ru, en := pgTexts(c)
		p.uid, p.agent, p.server = append(p.uid, c.UID), append(p.agent, c.Agent), append(p.server, c.Server)
		p.module, p.method, p.httpMethod = append(p.module, c.Module), append(p.method, c.Method), append(p.httpMethod, c.HTTPMethod)
		p.params, p.message, p.source = append(p.params, string(params)), append(p.message, c.Message), append(p.source, c.Source)
		p.note, p.noteAuthor, p.ru, p.en = append(p.note, c.Note), append(p.noteAuthor, c.NoteAuthor), append(p.ru, ru), append(p.en, en)
		p.at, p.data, p.durationMS = append(p.at, c.At), append(p.data, nullBytesSlice(c.Data)), append(p.durationMS, c.Duration.Milliseconds())
		p.dataCut, p.failed, p.starred = append(p.dataCut, c.DataCut), append(p.failed, c.Failed()), append(p.starred, c.Starred)
		p.errorKind, p.errText = append(p.errorKind, optString(c.ErrorKind)), append(p.errText, optString(c.Error))
		p.replayOf, p.noteAt = append(p.replayOf, c.ReplayOf), append(p.noteAt, c.NoteAt)
		var code *int32
		if c.Code != nil {
			n := int32(*c.Code)
			code = &n
		}
		p.code = append(p.code, code)
	}
	return p
}

func (p pgColumns) args(channel, origin string) []any {
	return []any{p.uid, p.at, p.agent, p.server, p.module, p.method, p.httpMethod, p.params, p.code, p.message,
		p.data, p.dataCut, p.errorKind, p.errText, p.durationMS, p.replayOf, p.source, p.failed, p.starred,
		p.note, p.noteAuthor, p.noteAt, p.ru, p.en, channel, origin}
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nullBytesSlice(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}

// pgBatchBytes keeps one statement's arrays to a size the server takes
// comfortably (data may be up to MaxData a call).
const pgBatchBytes = 8 << 20

// insert adds prepared calls and returns their ids; a call whose uid is
// there already keeps its row, its id is returned and added says false.
func (s *pgStore) insert(ctx context.Context, calls []Call) (ids []int64, added []bool, err error) {
	if err := s.ensureReady(ctx); err != nil {
		return nil, nil, err
	}
	byUID := make(map[string]int64, len(calls))
	for start := 0; start < len(calls); {
		end, size := start, 0
		for end < len(calls) && (end == start || size+len(calls[end].Data) < pgBatchBytes) && end-start < 5000 {
			size += len(calls[end].Data) + 512
			end++
		}
		rows, err := s.pool.Query(ctx, pgInsert, toColumns(calls[start:end]).args(s.channel, s.origin)...)
		if err != nil {
			return nil, nil, err
		}
		var id int64
		var uid, ignored string
		_, err = pgx.ForEachRow(rows, []any{&id, &uid, &ignored}, func() error {
			byUID[uid] = id
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
		start = end
	}
	return s.idsOf(ctx, calls, byUID)
}

// idsOf lists the ids of calls in order: those just added (byUID), then
// the ones that were there already, looked up by uid.
func (s *pgStore) idsOf(ctx context.Context, calls []Call, byUID map[string]int64) ([]int64, []bool, error) {
	var missing []string
	for _, c := range calls {
		if _, ok := byUID[c.UID]; !ok {
			missing = append(missing, c.UID)
		}
	}
	isNew := make(map[string]bool, len(byUID))
	for uid := range byUID {
		isNew[uid] = true
	}
	if len(missing) > 0 {
		rows, err := s.pool.Query(ctx, `SELECT id, uid FROM calls WHERE uid = ANY($1)`, missing)
		if err != nil {
			return nil, nil, err
		}
		var id int64
		var uid string
		if _, err := pgx.ForEachRow(rows, []any{&id, &uid}, func() error { byUID[uid] = id; return nil }); err != nil {
			return nil, nil, err
		}
	}
	ids, added := make([]int64, len(calls)), make([]bool, len(calls))
	for i, c := range calls {
		ids[i], added[i] = byUID[c.UID], isNew[c.UID]
	}
	return ids, added, nil
}

// notify tells listeners about a change, inside tx.
func (s *pgStore) notify(ctx context.Context, tx pgx.Tx, kind ChangeKind, id int64, agent string) error {
	_, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, s.channel, changePayload(Change{Kind: kind, ID: id, Agent: agent}, s.origin))
	return err
}

// update runs one UPDATE of a call that must exist, and notifies.
func (s *pgStore) update(ctx context.Context, kind ChangeKind, id int64, stmt string, args ...any) error {
	if err := s.writable(); err != nil {
		return err
	}
	ctx, cancel := s.timeout(ctx)
	defer cancel()
	if err := s.ensureReady(ctx); err != nil {
		return s.fail("не изменено", err)
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, stmt, args...)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("%w: %d", ErrNotFound, id)
		}
		return s.notify(ctx, tx, kind, id, s.opts.Agent)
	})
	return s.fail("не изменено", err)
}

// Star stars or unstars a call.
func (s *pgStore) Star(ctx context.Context, id int64, starred bool) error {
	return s.update(ctx, ChangeStar, id, `UPDATE calls SET starred = $1 WHERE id = $2`, starred, id)
}

// SetNote sets a call's note with its author and time, and its search words.
func (s *pgStore) SetNote(ctx context.Context, id int64, note, author string) error {
	c, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	c = withNote(c, note, author, s.opts)
	ru, en := pgTexts(c)
	return s.update(ctx, ChangeNote, id, `UPDATE calls SET note = $1, note_author = $2, note_at = $3,
		search = to_tsvector('russian', $4) || to_tsvector('english', $5) WHERE id = $6`,
		c.Note, c.NoteAuthor, c.NoteAt, ru, en, id)
}

// Delete removes a call and returns it, so that it can be restored.
func (s *pgStore) Delete(ctx context.Context, id int64) (Call, error) {
	if err := s.writable(); err != nil {
		return Call{}, err
	}
	ctx, cancel := s.timeout(ctx)
	defer cancel()
	if err := s.ensureReady(ctx); err != nil {
		return Call{}, s.fail("не удалено", err)
	}
	var c Call
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT "+columns+" FROM calls WHERE id = $1 FOR UPDATE", id)
		if err != nil {
			return err
		}
		if c, err = pgx.CollectExactlyOneRow(rows, scanPGCall); errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("%w: %d", ErrNotFound, id)
		} else if err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT id FROM calls WHERE replay_of = $1 ORDER BY id`, id)
		if err != nil {
			return err
		}
		if c.ReplayedBy, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM calls WHERE id = $1`, id); err != nil {
			return err
		}
		return s.notify(ctx, tx, ChangeDelete, id, s.opts.Agent)
	})
	if err != nil {
		return Call{}, s.fail("не удалено", err)
	}
	return c, nil
}

// Restore puts a deleted call back under its old id.
func (s *pgStore) Restore(ctx context.Context, c Call) error {
	if err := s.writable(); err != nil {
		return err
	}
	ctx, cancel := s.timeout(ctx)
	defer cancel()
	if err := s.ensureReady(ctx); err != nil {
		return s.fail("вызов не возвращён", err)
	}
	ru, en := pgTexts(c)
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO calls (id, `+insertColumns+`, search) VALUES ($1, $2, $3, $4, $5, $6, $7,
			$8, $9, $10, $11, $12, $13, $14, $15, $16, (SELECT c.id FROM calls c WHERE c.id = $17), $18, $19, $20,
			$21, $22, $23, to_tsvector('russian', $24) || to_tsvector('english', $25))`,
			append(append([]any{c.ID}, insertValues(c, func(t time.Time) any { return t })...), ru, en)...)
		if err != nil {
			return err
		}
		if len(c.ReplayedBy) > 0 {
			// A replay deleted since, or linked to another call, stays as it is.
			if _, err := tx.Exec(ctx, `UPDATE calls SET replay_of = $1 WHERE id = ANY($2) AND replay_of IS NULL`,
				c.ID, c.ReplayedBy); err != nil {
				return err
			}
		}
		return s.notify(ctx, tx, ChangeCall, c.ID, c.Agent)
	})
	return s.fail(fmt.Sprintf("вызов %d не возвращён", c.ID), err)
}

// writable refuses writes to a history opened for reading.
func (s *pgStore) writable() error {
	if s.opts.ReadOnly {
		return fmt.Errorf("%w: %s; ничего не записано", ErrReadOnly, s.where)
	}
	return nil
}
