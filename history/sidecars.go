package history

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// A history file is in WAL mode: SQLite keeps a log (-wal) and an index
// (-shm) beside it while it is open. A read-only connection creates them
// when they are missing and, unable to take the lock that lets the last
// connection remove them, leaves them behind when it closes. Reading a
// history must leave its folder as it was, so reading goes two ways:
//   - a file codedesk never writes (no owner's write bit, a read-only file
//     system) without a log is read as immutable: SQLite creates nothing;
//   - any other file is read as SQLite reads it (so that a writer at the
//     same time is seen correctly), and tidy removes afterwards the log and
//     index the reading created, the way SQLite's last connection does.

// readOnlyQuery is the connection query of a read-only connection to the
// file at abs (see above).
func readOnlyQuery(abs string) string {
	const query = "mode=ro&_pragma=busy_timeout(10000)"
	if frozen(abs) && !exists(abs+"-wal") {
		return query + "&immutable=1"
	}
	return query
}

// frozen reports a file no codedesk writes: its owner took the write bit
// away (notWritable respects that even for root), or its file system is
// read-only.
func frozen(abs string) bool {
	st, err := os.Stat(abs)
	if err != nil {
		return false
	}
	return st.Mode().Perm()&0o200 == 0 || onReadOnlyFS(abs)
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// sidecars is what was beside a history file before it was read.
type sidecars struct {
	abs string
	had bool // a -wal or -shm was there already: leave them be
}

func noteSidecars(abs string) sidecars {
	return sidecars{abs: abs, had: exists(abs+"-wal") || exists(abs+"-shm")}
}

// tidy removes the empty log and the index that reading created, once
// every connection of this process to the file is closed. It lets SQLite
// do it, as the last connection to a file does on close: a read-write
// connection that reads the header and closes. SQLite removes them only
// when it gets the file's exclusive lock, so never under another process
// that has the history open; an empty log has nothing to copy into the
// file, so the file itself is not written. A file codedesk must not write
// (frozen), or a log someone has written to since, is left alone.
func (s sidecars) tidy() {
	if s.had || !exists(s.abs+"-wal") && !exists(s.abs+"-shm") || frozen(s.abs) {
		return
	}
	if st, err := os.Stat(s.abs + "-wal"); err == nil && st.Size() > 0 || err != nil && !errors.Is(err, fs.ErrNotExist) {
		return
	}
	db, err := sql.Open("sqlite", sqliteURI(s.abs, "_pragma=busy_timeout(1000)"))
	if err != nil {
		return
	}
	defer db.Close()
	var version int
	// The read opens the log; whether it succeeds (a damaged file) does
	// not matter: Close is what removes the files.
	_ = db.QueryRow(`PRAGMA user_version`).Scan(&version)
}

// requireExisting refuses to read a history that is not there: a file
// that does not exist or is empty holds no calls, and a mistyped path must
// not look like an empty history.
func requireExisting(abs, path string) error {
	st, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w: %s — ни одного вызова не записано, или путь неверен", ErrNoHistory, path)
	case err == nil && st.Mode().IsRegular() && st.Size() == 0:
		return fmt.Errorf("%w: %s — файл пуст, ни одного вызова в нём не записано", ErrNoHistory, path)
	}
	return nil
}
