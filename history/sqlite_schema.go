package history

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
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

	// 3: ids never reused (AUTOINCREMENT: the table is rebuilt, ids kept); a
	// uid per call, unique, so that copying between histories is
	// idempotent (the rows already there get theirs from Go, below, made
	// from what they hold, so that every copy of this file agrees); replay
	// links indexed, so that deleting a call does not scan for its replays; who made each call and who wrote each note, and when;
	// indexes by agent and time. Search moves to an index of words and
	// stems that codedesk builds (calls_search, contentless); search_rebuild
	// asks Go to fill it for the rows already there (and to recompute
	// "failed" by the current rule) in one transaction after this step.
	`CREATE TABLE calls_v3 (
		id          INTEGER PRIMARY KEY AUTOINCREMENT,
		uid         TEXT    NOT NULL UNIQUE,
		at          INTEGER NOT NULL,              -- unix milliseconds
		agent       TEXT    NOT NULL DEFAULT '',
		server      TEXT    NOT NULL,
		module      TEXT    NOT NULL,
		method      TEXT    NOT NULL,
		http_method TEXT    NOT NULL,
		params      TEXT    NOT NULL,              -- JSON [{key, value}], in order
		code        INTEGER,                       -- NULL: no envelope
		message     TEXT    NOT NULL DEFAULT '',
		data        BLOB,                          -- JSON within MaxData, see data_cut
		data_cut    INTEGER NOT NULL DEFAULT 0,
		error_kind  TEXT,                          -- why no envelope came
		error       TEXT,
		duration_ms INTEGER NOT NULL DEFAULT 0,
		replay_of   INTEGER REFERENCES calls(id) ON DELETE SET NULL,
		source      TEXT    NOT NULL DEFAULT 'tui',
		failed      INTEGER NOT NULL DEFAULT 0,
		starred     INTEGER NOT NULL DEFAULT 0,
		note        TEXT    NOT NULL DEFAULT '',
		note_author TEXT    NOT NULL DEFAULT '',
		note_at     INTEGER                        -- unix milliseconds; NULL: no note
	);
	INSERT INTO calls_v3 (id, uid, at, server, module, method, http_method, params, code, message, data,
		data_cut, error_kind, error, duration_ms, replay_of, source, failed, starred, note, note_at)
		SELECT id, 'v2:' || id, at, server, module, method, http_method, params, code, message,
		data, data_cut, error_kind, error, duration_ms, replay_of, source, failed, starred, note,
		CASE WHEN note <> '' THEN at END
		FROM calls ORDER BY id;
	DROP TRIGGER calls_ai;
	DROP TRIGGER calls_ad;
	DROP TRIGGER calls_au;
	DROP TABLE calls_fts;
	DROP TABLE calls;
	ALTER TABLE calls_v3 RENAME TO calls;
	CREATE INDEX calls_failed ON calls(id) WHERE failed = 1;
	CREATE INDEX calls_code ON calls(code, id);
	CREATE INDEX calls_starred ON calls(id) WHERE starred = 1;
	CREATE INDEX calls_agent ON calls(agent, id);
	CREATE INDEX calls_at ON calls(at);
	CREATE INDEX calls_replay_of ON calls(replay_of);
	CREATE VIRTUAL TABLE calls_search USING fts5(
		words, content='', contentless_delete=1,
		tokenize='unicode61 remove_diacritics 0'
	);
	CREATE TRIGGER calls_search_ad AFTER DELETE ON calls BEGIN
		DELETE FROM calls_search WHERE rowid = old.id;
	END;
	CREATE TABLE search_rebuild (needed INTEGER NOT NULL);
	INSERT INTO search_rebuild VALUES (1);`,
	// 4: the ends of the digit runs in parameter values (phone numbers,
	// message ids) join the search words, so that «0403» finds
	// recipient=77001230403: the index is built again.
	`INSERT INTO calls_search(calls_search) VALUES ('delete-all');
	CREATE TABLE IF NOT EXISTS search_rebuild (needed INTEGER NOT NULL);
	INSERT INTO search_rebuild SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM search_rebuild);`,
}

// SchemaVersion is the version a current history file has.
var SchemaVersion = len(migrations)

// migrate applies the steps the file lacks, then fills the search index
// if a step asked for it.
func (s *sqliteStore) migrate(ctx context.Context) error {
	if err := s.migrateTo(ctx, len(migrations)); err != nil {
		return err
	}
	return s.rebuildSearch(ctx)
}

// migrateTo applies steps up to target, each in its own transaction, so
// that a kill in the middle leaves the file at a whole version. Foreign
// keys are off meanwhile: rebuilding a table must not let the old one's
// removal touch the new one's replay links.
func (s *sqliteStore) migrateTo(ctx context.Context, target int) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`) //nolint:errcheck // best effort; the pool's other connections are untouched
	for {
		done, err := migrateStep(ctx, conn, target)
		if err != nil || done {
			return err
		}
	}
}

// migrateStep applies the next step, or reports that none is needed.
func migrateStep(ctx context.Context, conn *sql.Conn, target int) (done bool, err error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	var version int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return false, err
	}
	if version > len(migrations) {
		return false, errNewerSchema(version)
	}
	if version >= target {
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, migrations[version]); err != nil {
		return false, fmt.Errorf("миграция схемы %d → %d: %w", version, version+1, err)
	}
	// PRAGMA takes no parameters; the values are ours.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d; PRAGMA application_id = %d`, version+1, applicationID)); err != nil {
		return false, err
	}
	return false, tx.Commit()
}

// rebuildSearch fills calls_search for every row, recomputes failed, gives
// rows from before uids theirs, and makes data an older codedesk cut
// mid-value valid JSON, when a migration asked for it; all in one
// transaction.
func (s *sqliteStore) rebuildSearch(ctx context.Context) error {
	var needed int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'search_rebuild'`).Scan(&needed)
	if err != nil || needed == 0 {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	// Another process may have done it while this one waited for the lock.
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'search_rebuild'`).Scan(&needed)
	if err != nil || needed == 0 {
		return err
	}
	var after int64
	for {
		calls, err := scanCalls(tx.QueryContext(ctx, "SELECT "+columns+" FROM calls WHERE id > ? ORDER BY id LIMIT 2000", after))
		if err != nil || len(calls) == 0 {
			if err != nil {
				return err
			}
			break
		}
		for _, c := range calls {
			if _, err := tx.ExecContext(ctx, `INSERT INTO calls_search(rowid, words) VALUES (?, ?)`, c.ID, indexWords(c)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE calls SET failed = ? WHERE id = ? AND failed <> ?`, c.Failed(), c.ID, c.Failed()); err != nil {
				return err
			}
			if strings.HasPrefix(c.UID, "v2:") {
				if _, err := tx.ExecContext(ctx, `UPDATE calls SET uid = ? WHERE id = ?`, contentUID(c), c.ID); err != nil {
					return err
				}
			}
			if data := validData(c.Data, c.DataCut); c.dataFixed || !bytes.Equal(data, c.Data) {
				if _, err := tx.ExecContext(ctx, `UPDATE calls SET data = ? WHERE id = ?`, data, c.ID); err != nil {
					return err
				}
			}
		}
		after = calls[len(calls)-1].ID
	}
	if _, err := tx.ExecContext(ctx, `DROP TABLE search_rebuild`); err != nil {
		return err
	}
	return tx.Commit()
}

// contentUID is the uid of a call recorded before uids existed: made from
// its id, time, server, method and parameters, so that two copies of one
// old file give their calls the same uids and pushing both copies once.
func contentUID(c Call) string {
	params, _ := json.Marshal(c.Params)
	h := sha256.New()
	for _, part := range []string{strconv.FormatInt(c.ID, 10), strconv.FormatInt(c.At.UnixMilli(), 10), c.Server, c.Name(), string(params)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
