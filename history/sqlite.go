package history

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// applicationID marks a SQLite file as codedesk's history (PRAGMA
// application_id), so that another program's database is never migrated.
const applicationID = 0x43444B31 // "CDK1"

// sqliteStore is a history in a SQLite file.
type sqliteStore struct {
	db   *sql.DB
	path string // as the user named it
	opts Options
	// readOnly refuses every write; why says to whom it matters.
	readOnly bool
	why      string
	// snapshot is a migrated copy of an older read-only file, removed on
	// Close.
	snapshot string
}

// writeParams make two processes writing at once wait for each other
// (busy timeout) instead of failing, and write transactions take the lock
// up front.
const writeParams = "_txlock=immediate&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"

// sqliteURI is the file: URI of path for the driver: built with net/url so
// that every character of the path ("%41", "#", "?") survives as written.
func sqliteURI(path, query string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: query}
	return u.String()
}

func openSQLite(ctx context.Context, path string, opts Options) (*sqliteStore, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("история %s: %w", path, err)
	}
	if err := checkOurs(abs); err != nil {
		return nil, err
	}
	fresh, err := isFresh(abs)
	if err != nil {
		return nil, fmt.Errorf("история %s: %w", path, err)
	}
	if !fresh {
		if err := quickCheck(ctx, abs); err != nil {
			return nil, err
		}
	}
	s := &sqliteStore{path: path, opts: opts}
	if why := notWritable(abs); !fresh && (opts.ReadOnly || why != "") {
		s.readOnly, s.why = true, why
		return s, s.openReadOnly(ctx, abs)
	}
	if err := createPrivate(abs); err != nil {
		return nil, fmt.Errorf("история %s: %w", path, err)
	}
	s.db, err = sql.Open("sqlite", sqliteURI(abs, writeParams))
	if err != nil {
		return nil, fmt.Errorf("история %s: %w", path, err)
	}
	// WAL is a property of the file, set once. Switching to it, and the
	// first migration, need the whole file: another process doing the
	// same answers "busy" at once instead of waiting, so wait here.
	err = retryBusy(func() error {
		if _, err := s.db.ExecContext(ctx, `PRAGMA journal_mode = WAL`); err != nil {
			return err
		}
		return s.migrate(ctx)
	})
	if err != nil {
		s.db.Close()
		return nil, fmt.Errorf("история %s: %w", path, err)
	}
	return s, nil
}

// isFresh reports a file that is not there yet or is empty: it becomes a
// new history.
func isFresh(path string) (bool, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return st.Size() == 0, nil
}

// createPrivate makes the folder (0700) and the file (0600) when they are
// missing. A new or empty file, also one a symlink points to, is made 0600:
// a history is never left readable by others. An existing history keeps
// the mode its owner gave it.
func createPrivate(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	fresh, err := isFresh(path)
	if err != nil || !fresh {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Chmod(0o600) // the file itself, through any symlink
}

// notWritable says why the file at path must not be written, or "". A file
// its owner made read-only (chmod a-w) is respected as such even by root.
func notWritable(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return ""
	}
	if st.Mode().Perm()&0o200 == 0 {
		return "файл только для чтения"
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
			return "нет права записи в файл"
		}
		return ""
	}
	f.Close()
	return ""
}

// openReadOnly reads the file without writing to it. An older schema is
// read through a migrated copy in the temporary folder.
func (s *sqliteStore) openReadOnly(ctx context.Context, abs string) error {
	db, err := sql.Open("sqlite", sqliteURI(abs, "mode=ro&_pragma=busy_timeout(10000)"))
	if err != nil {
		return fmt.Errorf("история %s: %w", s.path, err)
	}
	var version int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		db.Close()
		return fmt.Errorf("история %s: %w", s.path, err)
	}
	switch {
	case version > len(migrations):
		db.Close()
		return fmt.Errorf("история %s: %w", s.path, errNewerSchema(version))
	case version == len(migrations):
		s.db = db
		return nil
	}
	defer db.Close()
	tmp, err := os.MkdirTemp("", "codedesk-history-")
	if err != nil {
		return fmt.Errorf("история %s: %w", s.path, err)
	}
	s.snapshot = filepath.Join(tmp, "history.db")
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, s.snapshot); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("история %s: копия для чтения: %w", s.path, err)
	}
	s.db, err = sql.Open("sqlite", sqliteURI(s.snapshot, writeParams))
	if err == nil {
		err = s.migrate(ctx)
	}
	if err != nil {
		s.Close()
		return fmt.Errorf("история %s: %w", s.path, err)
	}
	return nil
}

func errNewerSchema(version int) error {
	return fmt.Errorf("схема версии %d новее этой версии codedesk (%d): обновите codedesk", version, len(migrations))
}

// setupWait is how long Open waits for another process setting up the
// same file.
const setupWait = 15 * time.Second

// retryBusy runs f until it succeeds, fails for another reason than a lock
// held by someone else, or setupWait passes.
func retryBusy(f func() error) error {
	deadline := time.Now().Add(setupWait)
	pause := 10 * time.Millisecond
	for {
		err := f()
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(pause)
		pause = min(pause*2, 200*time.Millisecond)
	}
}

// isBusy tells SQLite's "database is locked" (SQLITE_BUSY) from other errors.
func isBusy(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked")
}

// checkOurs refuses, without writing to it, a file that is not empty and
// not a codedesk history.
func checkOurs(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("история %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, 16)
	n, err := io.ReadFull(f, head)
	if n == 0 {
		return nil // an empty file becomes a history
	}
	if err != nil || !bytes.HasPrefix(head, []byte("SQLite format 3\x00")) {
		return fmt.Errorf("%w: %s — это не база SQLite; файл не тронут, укажите другой путь (--history)", ErrNotHistory, path)
	}
	// The application id (header bytes 68..71) marks our files; read it
	// through SQLite, not from the bytes: in WAL mode a committed header can
	// sit in the WAL until a checkpoint, and another process may be
	// creating this very file right now.
	ro, err := sql.Open("sqlite", sqliteURI(path, "mode=ro&_pragma=busy_timeout(10000)"))
	if err != nil {
		return fmt.Errorf("история %s: %w", path, err)
	}
	defer ro.Close()
	var appID int64
	var tables int
	err = ro.QueryRow(`PRAGMA application_id`).Scan(&appID)
	if err == nil {
		err = ro.QueryRow(`SELECT count(*) FROM sqlite_master`).Scan(&tables)
	}
	switch {
	case err != nil && isDamage(err):
		return damaged(path, err.Error())
	case err != nil:
		return fmt.Errorf("%w: %s — не читается как SQLite (%v); файл не тронут", ErrNotHistory, path, err)
	case appID == applicationID:
		return nil
	case appID != 0:
		return fmt.Errorf("%w: %s — база SQLite другой программы; файл не тронут", ErrNotHistory, path)
	case tables > 0:
		return fmt.Errorf("%w: %s — база SQLite с чужими таблицами; файл не тронут", ErrNotHistory, path)
	}
	return nil
}

// Where is the path as the user named it.
func (s *sqliteStore) Where() string { return s.path }

// Agent is who the store records as making calls.
func (s *sqliteStore) Agent() string { return s.opts.Agent }

// Close closes the file (and removes a read-only snapshot).
func (s *sqliteStore) Close() error {
	var err error
	if s.db != nil {
		err = s.db.Close()
	}
	if s.snapshot != "" {
		os.RemoveAll(filepath.Dir(s.snapshot))
	}
	return err
}

// writable refuses writes to a read-only history.
func (s *sqliteStore) writable() error {
	if !s.readOnly {
		return nil
	}
	why := ""
	if s.why != "" {
		why = " (" + s.why + ")"
	}
	return fmt.Errorf("%w: %s%s; ничего не записано", ErrReadOnly, s.path, why)
}

// Watch: nobody shares a SQLite file live.
func (s *sqliteStore) Watch(context.Context) (<-chan Change, error) { return nil, nil }

// Push: a SQLite history keeps nothing for anyone else.
func (s *sqliteStore) Push(context.Context) (PushResult, error) { return PushResult{}, nil }
