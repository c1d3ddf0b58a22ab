package history

import (
	"context"
	"fmt"
)

// migrations bring a history file from one schema version (PRAGMA
// user_version) to the next. They are append-only: a released step never
// changes, a new one is added.
var migrations = []string{
	// 1: the calls, newest first by id; failed calls have their own index
	// so that "failed only" is fast on any size.
	`CREATE TABLE calls (
		id          INTEGER PRIMARY KEY,
		at          INTEGER NOT NULL,              -- unix milliseconds
		server      TEXT    NOT NULL,
		module      TEXT    NOT NULL,
		method      TEXT    NOT NULL,
		http_method TEXT    NOT NULL,
		params      TEXT    NOT NULL,              -- JSON [{key, value}], in order
		code        INTEGER,                       -- NULL: no envelope
		message     TEXT    NOT NULL DEFAULT '',
		data        BLOB,                          -- capped, see data_cut
		data_cut    INTEGER NOT NULL DEFAULT 0,
		error_kind  TEXT,                          -- why no envelope came
		error       TEXT,
		duration_ms INTEGER NOT NULL DEFAULT 0,
		replay_of   INTEGER REFERENCES calls(id) ON DELETE SET NULL,
		source      TEXT    NOT NULL DEFAULT 'tui',
		failed      INTEGER NOT NULL DEFAULT 0
	);
	CREATE INDEX calls_failed ON calls(id) WHERE failed = 1;
	CREATE INDEX calls_code ON calls(code, id);`,

	// 2: stars and notes, and full-text search over method, parameters,
	// message and note (FTS5 kept in step by triggers; old rows indexed).
	`ALTER TABLE calls ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE calls ADD COLUMN note TEXT NOT NULL DEFAULT '';
	CREATE INDEX calls_starred ON calls(id) WHERE starred = 1;
	CREATE VIRTUAL TABLE calls_fts USING fts5(
		module, method, params, message, note,
		content='calls', content_rowid='id',
		tokenize='unicode61 remove_diacritics 2'
	);
	CREATE TRIGGER calls_ai AFTER INSERT ON calls BEGIN
		INSERT INTO calls_fts(rowid, module, method, params, message, note)
		VALUES (new.id, new.module, new.method, new.params, new.message, new.note);
	END;
	CREATE TRIGGER calls_ad AFTER DELETE ON calls BEGIN
		INSERT INTO calls_fts(calls_fts, rowid, module, method, params, message, note)
		VALUES ('delete', old.id, old.module, old.method, old.params, old.message, old.note);
	END;
	CREATE TRIGGER calls_au AFTER UPDATE OF module, method, params, message, note ON calls BEGIN
		INSERT INTO calls_fts(calls_fts, rowid, module, method, params, message, note)
		VALUES ('delete', old.id, old.module, old.method, old.params, old.message, old.note);
		INSERT INTO calls_fts(rowid, module, method, params, message, note)
		VALUES (new.id, new.module, new.method, new.params, new.message, new.note);
	END;
	INSERT INTO calls_fts(calls_fts) VALUES ('rebuild');`,
}

// SchemaVersion is the version a current history file has.
var SchemaVersion = len(migrations)

// migrate applies the steps the file lacks, each in its own transaction,
// so that a kill in the middle leaves the file at a whole version.
func (s *Store) migrate(ctx context.Context) error {
	return s.migrateTo(ctx, len(migrations))
}

func (s *Store) migrateTo(ctx context.Context, target int) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for {
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		var version int
		if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
			tx.Rollback()
			return err
		}
		if version > len(migrations) {
			tx.Rollback()
			return fmt.Errorf("схема версии %d новее этой версии codedesk (%d): обновите codedesk", version, len(migrations))
		}
		if version >= target {
			return tx.Rollback()
		}
		if _, err := tx.ExecContext(ctx, migrations[version]); err != nil {
			tx.Rollback()
			return fmt.Errorf("миграция схемы %d → %d: %w", version, version+1, err)
		}
		// PRAGMA takes no parameters; the values are ours.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d; PRAGMA application_id = %d`, version+1, applicationID)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
}
