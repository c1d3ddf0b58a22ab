package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"codedesk/model/safe"
)

// sqliteInsert adds a row with an id SQLite picks (AUTOINCREMENT: never
// one used before); sqliteRestore puts one back under its own id.
const (
	sqliteInsert  = "INSERT INTO calls (" + insertColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING"
	sqliteRestore = "INSERT INTO calls (id, " + insertColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	sqliteIndex   = "INSERT INTO calls_search (rowid, words) VALUES (?, ?)"
)

func unixMilli(t time.Time) any { return t.UnixMilli() }

// Record adds a call and returns its id.
func (s *sqliteStore) Record(ctx context.Context, c Call, key string) (int64, error) {
	ids, err := s.RecordBatch(ctx, []Call{c}, key)
	if err != nil {
		return 0, err
	}
	return ids[0], nil
}

// RecordBatch records calls in one transaction.
func (s *sqliteStore) RecordBatch(ctx context.Context, calls []Call, key string) ([]int64, error) {
	if err := s.writable(ctx); err != nil {
		return nil, err
	}
	for i := range calls {
		calls[i] = prepare(calls[i], key, s.opts.Agent, s.opts.Now)
	}
	var ids []int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		ids, _, err = insertSQLite(ctx, tx, calls)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("история: запись не сохранена: %w", explained(err))
	}
	return ids, nil
}

// insertSQLite adds prepared calls and their search words, and returns
// their ids. A call whose uid is there already is left as it is: its id is
// returned, and added says false.
func insertSQLite(ctx context.Context, tx *sql.Tx, calls []Call) (ids []int64, added []bool, err error) {
	stmt, err := tx.PrepareContext(ctx, sqliteInsert)
	if err != nil {
		return nil, nil, err
	}
	defer stmt.Close()
	index, err := tx.PrepareContext(ctx, sqliteIndex)
	if err != nil {
		return nil, nil, err
	}
	defer index.Close()
	ids, added = make([]int64, 0, len(calls)), make([]bool, 0, len(calls))
	for _, c := range calls {
		res, err := stmt.ExecContext(ctx, insertValues(c, unixMilli)...)
		if err != nil {
			return nil, nil, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var id int64
			if err := tx.QueryRowContext(ctx, `SELECT id FROM calls WHERE uid = ?`, c.UID).Scan(&id); err != nil {
				return nil, nil, err
			}
			ids, added = append(ids, id), append(added, false)
			continue
		}
		id, err := res.LastInsertId()
		if err != nil {
			return nil, nil, err
		}
		if _, err := index.ExecContext(ctx, id, indexWords(c)); err != nil {
			return nil, nil, err
		}
		ids, added = append(ids, id), append(added, true)
	}
	return ids, added, nil
}

// inTx runs f in a write transaction.
func (s *sqliteStore) inTx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Star stars or unstars a call.
func (s *sqliteStore) Star(ctx context.Context, id int64, starred bool) error {
	if err := s.writable(ctx); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE calls SET starred = ? WHERE id = ?`, starred, id)
	if err != nil {
		return fmt.Errorf("история: %w", explained(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: %d", ErrNotFound, id)
	}
	return nil
}

// SetNote sets a call's note with its author and time, and re-indexes the
// call so that the note is searchable.
func (s *sqliteStore) SetNote(ctx context.Context, id int64, note, author string) error {
	if err := s.writable(ctx); err != nil {
		return err
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	c = withNote(c, note, author, s.opts)
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var noteAt any
		if c.NoteAt != nil {
			noteAt = c.NoteAt.UnixMilli()
		}
		res, err := tx.ExecContext(ctx, `UPDATE calls SET note = ?, note_author = ?, note_at = ? WHERE id = ?`,
			c.Note, c.NoteAuthor, noteAt, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: %d", ErrNotFound, id)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM calls_search WHERE rowid = ?`, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, sqliteIndex, id, indexWords(c))
		return err
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("история: %w", explained(err))
	}
	return err
}

// withNote is c with a new note by author (the store's agent when empty),
// written now; an empty note has no author and no time. A key pasted into
// a note (a run of letters and digits a key can be) is cut out here, for
// every path that writes a note, on both engines.
func withNote(c Call, note, author string, opts Options) Call {
	if author == "" {
		author = opts.Agent
	}
	c.Note, c.NoteAuthor, c.NoteAt = safe.MaskSecrets(note), "", nil
	if note != "" {
		at := time.UnixMilli(opts.Now().UnixMilli())
		c.NoteAuthor, c.NoteAt = author, &at
	}
	return c
}

// Delete removes a call and returns it, so that it can be restored.
func (s *sqliteStore) Delete(ctx context.Context, id int64) (Call, error) {
	if err := s.writable(ctx); err != nil {
		return Call{}, err
	}
	var c Call
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = scanCall(tx.QueryRowContext(ctx, "SELECT "+columns+" FROM calls WHERE calls.id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: %d", ErrNotFound, id)
		}
		if err != nil {
			return err
		}
		if c.ReplayedBy, err = sqliteReplays(ctx, tx, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM calls WHERE id = ?`, id)
		return err
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Call{}, fmt.Errorf("история: %w", explained(err))
	}
	return c, err
}

// Restore puts a deleted call back under its old id.
func (s *sqliteStore) Restore(ctx context.Context, c Call) error {
	if err := s.writable(ctx); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := keepReplayLink(ctx, tx, &c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, sqliteRestore, append([]any{c.ID}, insertValues(c, unixMilli)...)...); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, sqliteIndex, c.ID, indexWords(c)); err != nil {
			return err
		}
		for _, r := range c.ReplayedBy {
			// A replay deleted since, or linked to another call, stays as it is.
			if _, err := tx.ExecContext(ctx, `UPDATE calls SET replay_of = ? WHERE id = ? AND replay_of IS NULL`, c.ID, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("история: вызов %d не возвращён: %w", c.ID, explained(err))
	}
	return nil
}

// sqliteReplays are the ids of the calls that replay call id.
func sqliteReplays(ctx context.Context, tx *sql.Tx, id int64) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM calls WHERE replay_of = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var r int64
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// keepReplayLink drops c's link to the call it replays when that call is
// no longer there (deleted since), so that putting c back never fails.
func keepReplayLink(ctx context.Context, tx *sql.Tx, c *Call) error {
	if c.ReplayOf == nil {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM calls WHERE id = ?`, *c.ReplayOf).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		c.ReplayOf = nil
	}
	return nil
}
