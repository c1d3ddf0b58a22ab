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

	"codedesk/model/syserr"

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
	// checked is closed when the integrity check is done; damage is its
	// verdict. Nothing is read or written before it.
	checked   chan struct{}
	damage    error
	stopCheck context.CancelFunc
	// beside, for a read-only store, is what was beside the file before
	// it was read: Close leaves it so (see tidy).
	beside *sidecars
}

// writeParams make two processes writing at once wait for each other
// (busy timeout) instead of failing, and write transactions take the lock
// up front.
const writeParams = "_txlock=immediate&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"

// sqliteURI is the file: URI of path for the driver: built with net/url so
// that every character of the path ("%41", "#", "?") survives as written.
func sqliteURI(path, query string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs // "file:h.db" would name a URI authority, not a file
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: query}
	return u.String()
}

func openSQLite(ctx context.Context, path string, opts Options) (*sqliteStore, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("история %s: %w", path, explained(err))
	}
	if err := regularOrAbsent(abs); err != nil {
		return nil, err
	}
	if opts.ReadOnly {
		if err := requireExisting(abs, path); err != nil {
			return nil, err
		}
	}
	beside := noteSidecars(abs)
	s, err := openSQLiteAt(ctx, path, abs, opts)
	if err != nil {
		beside.tidy()
		return nil, err
	}
	if s.readOnly {
		s.beside = &beside
	}
	return s, nil
}

// openSQLiteAt opens the history at abs (path as the user named it).
func openSQLiteAt(ctx context.Context, path, abs string, opts Options) (*sqliteStore, error) {
	version, err := inspect(abs)
	if err != nil {
		return nil, err
	}
	fresh, err := isFresh(abs)
	if err != nil {
		return nil, fmt.Errorf("история %s: %w", path, explained(err))
	}
	s := &sqliteStore{path: path, opts: opts, checked: make(chan struct{}), stopCheck: func() {}}
	switch {
	case fresh:
		close(s.checked)
	case version < len(migrations):
		// An upgrade writes (or copies): the file is checked first.
		if err := quickCheck(ctx, abs); err != nil {
			return nil, err
		}
		close(s.checked)
	default:
		s.startCheck(abs)
	}
	if why := notWritable(abs); !fresh && (opts.ReadOnly || why != "") {
		s.readOnly, s.why = true, why
		if err := s.openReadOnly(ctx, abs, version); err != nil {
			s.Close()
			return nil, err
		}
		return s, nil
	}
	if err := s.openWritable(ctx, abs); err != nil {
		s.Close()
		return nil, fmt.Errorf("история %s: %w", path, explained(err))
	}
	return s, nil
}

// openWritable opens the file for reading and writing, creating and
// migrating it as needed.
func (s *sqliteStore) openWritable(ctx context.Context, abs string) error {
	if err := createPrivate(abs); err != nil {
		return err
	}
	var err error
	s.db, err = sql.Open("sqlite", sqliteURI(abs, writeParams))
	if err != nil {
		return err
	}
	// WAL is a property of the file, set once. Switching to it, and the
	// first migration, need the whole file: another process doing the
	// same answers "busy" at once instead of waiting, so wait here. A
	// current file is only read here (its check may still be running).
	return retryBusy(func() error {
		if _, err := s.db.ExecContext(ctx, `PRAGMA journal_mode = WAL`); err != nil {
			return err
		}
		return s.migrate(ctx)
	})
}

// startCheck runs the integrity check in the background: on a million
// calls it reads 450 MB for a few seconds, which a command's network call
// or the TUI's first frames need not wait for. Every operation waits for
// its verdict (verdict).
func (s *sqliteStore) startCheck(abs string) {
	ctx, cancel := context.WithCancel(context.Background())
	s.stopCheck = cancel
	go func() {
		defer close(s.checked)
		s.damage = quickCheck(ctx, abs)
	}()
}

// verdict waits for the integrity check: an error wrapping ErrDamaged
// means nothing may be read or written.
func (s *sqliteStore) verdict(ctx context.Context) error {
	select {
	case <-s.checked:
		return s.damage
	case <-ctx.Done():
		return ctx.Err()
	}
}

// regularOrAbsent refuses, before anything opens it, a history (or its
// -wal, -shm or -journal file) that is there and is not a regular file: a
// FIFO would make every open wait forever, a device or a directory is no
// history. A path not there yet is fine: it becomes a new history.
func regularOrAbsent(path string) error {
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		st, err := os.Stat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return fmt.Errorf("история %s: %s", path, syserr.Sentence(err))
		case !st.Mode().IsRegular():
			return fmt.Errorf("%w: %s — это %s, а не обычный файл; файл не тронут, укажите другой путь (--history)",
				ErrNotHistory, p, syserr.FileKind(st.Mode()))
		}
	}
	return nil
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
func (s *sqliteStore) openReadOnly(ctx context.Context, abs string, version int) error {
	db, err := sql.Open("sqlite", sqliteURI(abs, readOnlyQuery(abs)))
	if err != nil {
		return fmt.Errorf("история %s: %w", s.path, explained(err))
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
		return fmt.Errorf("история %s: %w", s.path, explained(err))
	}
	s.snapshot = filepath.Join(tmp, "history.db")
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, s.snapshot); err != nil {
		return fmt.Errorf("история %s: копия для чтения: %w", s.path, explained(err))
	}
	s.db, err = sql.Open("sqlite", sqliteURI(s.snapshot, writeParams))
	if err == nil {
		err = s.migrate(ctx)
	}
	if err != nil {
		return fmt.Errorf("история %s: %w", s.path, explained(err))
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

// inspect refuses, without writing to it, a file that is not empty and not
// a codedesk history, and reads its schema version (0 for a new file).
func inspect(path string) (version int, err error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("история %s: %w", path, explained(err))
	}
	defer f.Close()
	head := make([]byte, 16)
	n, err := io.ReadFull(f, head)
	if n == 0 {
		return 0, nil // an empty file becomes a history
	}
	if err != nil || !bytes.HasPrefix(head, []byte("SQLite format 3\x00")) {
		return 0, fmt.Errorf("%w: %s — это не база SQLite; файл не тронут, укажите другой путь (--history)", ErrNotHistory, path)
	}
	// The application id (header bytes 68..71) marks our files; read it
	// through SQLite, not from the bytes: in WAL mode a committed header can
	// sit in the WAL until a checkpoint, and another process may be
	// creating this very file right now.
	ro, err := sql.Open("sqlite", sqliteURI(path, readOnlyQuery(path)))
	if err != nil {
		return 0, fmt.Errorf("история %s: %w", path, explained(err))
	}
	defer ro.Close()
	var appID int64
	var tables int
	// One statement, so one snapshot: read one by one, a file another
	// process was creating showed its tables but not yet its id, and was
	// taken for another program's database.
	err = ro.QueryRow(`SELECT a.application_id, (SELECT count(*) FROM sqlite_master), u.user_version
		FROM pragma_application_id AS a, pragma_user_version AS u`).Scan(&appID, &tables, &version)
	switch {
	case err != nil && isDamage(err):
		return 0, damaged(path, err.Error())
	case err != nil:
		return 0, fmt.Errorf("%w: %s — не читается как SQLite (%v); файл не тронут", ErrNotHistory, path, err)
	case appID == applicationID:
		return version, nil
	case appID != 0:
		return 0, fmt.Errorf("%w: %s — база SQLite другой программы; файл не тронут", ErrNotHistory, path)
	case tables > 0:
		return 0, fmt.Errorf("%w: %s — база SQLite с чужими таблицами; файл не тронут", ErrNotHistory, path)
	}
	return version, nil
}

// Where is the path as the user named it.
func (s *sqliteStore) Where() string { return s.path }

// Agent is who the store records as making calls.
func (s *sqliteStore) Agent() string { return s.opts.Agent }

// Close closes the file (and removes a read-only snapshot).
func (s *sqliteStore) Close() error {
	s.stopCheck()
	<-s.checked
	var err error
	if s.db != nil {
		err = s.db.Close()
	}
	if s.snapshot != "" {
		os.RemoveAll(filepath.Dir(s.snapshot))
	}
	if s.beside != nil {
		s.beside.tidy()
	}
	return err
}

// writable refuses writes to a read-only or damaged history.
func (s *sqliteStore) writable(ctx context.Context) error {
	if err := s.verdict(ctx); err != nil {
		return err
	}
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
