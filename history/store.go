// Package history keeps every API call codedesk makes (and every request
// it imports) in a SQLite file: record, list, search, star and note,
// delete and restore. It uses modernc.org/sqlite, pure Go.
//
// The store never holds the API key: Record removes a parameter that
// carries one and masks the key anywhere else it appears.
package history

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"codedesk/model"
	"codedesk/model/safe"
)

// applicationID marks a SQLite file as codedesk's history (PRAGMA
// application_id), so that another program's database is never migrated.
const applicationID = 0x43444B31 // "CDK1"

// MaxData is how much of an answer's data is kept; more is cut and marked.
const MaxData = 256 << 10

// DefaultPath is $XDG_STATE_HOME/codedesk/history.db, or
// ~/.local/state/codedesk/history.db when XDG_STATE_HOME is not set.
func DefaultPath(getenv func(string) string) string {
	dir := getenv("XDG_STATE_HOME")
	if dir == "" {
		dir = filepath.Join(getenv("HOME"), ".local", "state")
	}
	return filepath.Join(dir, "codedesk", "history.db")
}

// Store is an open history file. It is safe for concurrent use, and
// several processes may write the same file at once.
type Store struct {
	db   *sql.DB
	path string
}

// ErrNotHistory says the file at the path is something else; it is left
// exactly as it was.
var ErrNotHistory = errors.New("не файл истории codedesk")

// Open opens the history at path, creating it (folder 0700, file 0600) and
// migrating it to the current schema as needed. A file that is not a
// codedesk history is refused and not touched.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("история %s: %w", path, err)
	}
	if err := checkOurs(path); err != nil {
		return nil, err
	}
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600); err == nil {
		f.Close()
	} else {
		return nil, fmt.Errorf("история %s: %w", path, err)
	}
	// Every connection gets a busy timeout (two processes writing at once
	// wait for each other instead of failing) and write transactions that
	// take the lock up front.
	dsn := "file:" + path + "?_txlock=immediate" +
		"&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("история %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	// WAL is a property of the file, set once. Switching to it, and the
	// first migration, need the whole file: another process doing the
	// same answers "busy" at once instead of waiting, so wait here.
	err = retryBusy(func() error {
		if _, err := db.Exec(`PRAGMA journal_mode = WAL`); err != nil {
			return err
		}
		return s.migrate(context.Background())
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("история %s: %w", path, err)
	}
	return s, nil
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
	ro, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
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

// Path is where the history lives.
func (s *Store) Path() string { return s.path }

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// Call is one recorded call, or an imported request that was never sent
// (no code, no error).
type Call struct {
	ID         int64         `json:"id"`
	At         time.Time     `json:"at"`
	Server     string        `json:"server"`
	Module     string        `json:"module"`
	Method     string        `json:"method"`
	HTTPMethod string        `json:"http_method"`
	Params     []model.Param `json:"params"`
	Code       *int          `json:"code,omitempty"` // nil: no envelope
	Message    string        `json:"message,omitempty"`
	Data       []byte        `json:"-"`
	DataCut    bool          `json:"data_cut,omitempty"`
	ErrorKind  string        `json:"error_kind,omitempty"` // no envelope: why
	Error      string        `json:"error,omitempty"`
	Duration   time.Duration `json:"-"`
	ReplayOf   *int64        `json:"replay_of,omitempty"`
	Source     string        `json:"source"` // tui, cli, replay, import
	Starred    bool          `json:"starred,omitempty"`
	Note       string        `json:"note,omitempty"`
}

// Name is module/method.
func (c Call) Name() string { return c.Module + "/" + c.Method }

// Failed reports a call that came back with a code other than 0 and 100,
// or with no envelope at all. An imported request never sent is neither.
func (c Call) Failed() bool {
	return c.ErrorKind != "" || c.Code != nil && !model.IsSuccess(*c.Code)
}

// Sent reports whether the call went to a server (imports did not).
func (c Call) Sent() bool { return c.Code != nil || c.ErrorKind != "" }

// Request is the call as a request to send again.
func (c Call) Request() (model.Request, error) {
	srv, err := model.ParseServer(c.Server)
	if err != nil {
		return model.Request{}, err
	}
	return model.Request{Server: srv, Module: c.Module, Method: c.Method, Params: c.Params}, nil
}

// FromResult builds a Call from a request and what came back, as the TUI
// and the CLI have them. source says who made the call.
func FromResult(req model.Request, resp model.Response, callErr error, source string) Call {
	c := Call{
		At: time.Now(), Server: req.Server.String(), Module: req.Module, Method: req.Method,
		HTTPMethod: req.HTTPMethod(), Params: req.Params, Duration: resp.Duration, Source: source,
	}
	if callErr != nil {
		c.ErrorKind = "network"
		if ce, ok := model.AsCallError(callErr); ok {
			c.ErrorKind = ce.Kind.String()
		}
		c.Error = callErr.Error()
		return c
	}
	code := resp.Code
	c.Code, c.Message, c.Data = &code, resp.Message, resp.Data
	return c
}

// Record adds a call and returns its id. Nothing of key survives: a
// parameter named apiKey is dropped and the key is masked wherever else
// it appears. Data past MaxData is cut and marked.
func (s *Store) Record(ctx context.Context, c Call, key string) (int64, error) {
	ids, err := s.RecordBatch(ctx, []Call{c}, key)
	if err != nil {
		return 0, err
	}
	return ids[0], nil
}

// RecordBatch records many calls in one transaction (an import, a replay
// run), as Record does each.
func (s *Store) RecordBatch(ctx context.Context, calls []Call, key string) ([]int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("история: запись не сохранена: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	stmt, err := tx.PrepareContext(ctx, insertCall)
	if err != nil {
		return nil, fmt.Errorf("история: запись не сохранена: %w", err)
	}
	defer stmt.Close()
	ids := make([]int64, 0, len(calls))
	for _, c := range calls {
		c = redact(c, key)
		if len(c.Data) > MaxData {
			c.Data, c.DataCut = c.Data[:MaxData], true
		}
		if c.At.IsZero() {
			c.At = time.Now()
		}
		if c.Source == "" {
			c.Source = "tui"
		}
		res, err := stmt.ExecContext(ctx, insertArgs(nil, c)...) // nil: SQLite picks the id
		if err != nil {
			return nil, fmt.Errorf("история: запись не сохранена: %w", err)
		}
		id, _ := res.LastInsertId()
		ids = append(ids, id)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("история: запись не сохранена: %w", err)
	}
	return ids, nil
}

// insertCall adds a row; its first value is the id, nil for a new one.
const insertCall = `INSERT INTO calls
	(id, at, server, module, method, http_method, params, code, message, data, data_cut,
	 error_kind, error, duration_ms, replay_of, source, failed, starred, note)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// insertArgs are the values of insertCall for c.
func insertArgs(id any, c Call) []any {
	params, _ := json.Marshal(paramsOrEmpty(c.Params)) // strings only: cannot fail
	return []any{id, c.At.UnixMilli(), c.Server, c.Module, c.Method, c.HTTPMethod, string(params), c.Code, c.Message,
		nullBytes(c.Data), c.DataCut, nullString(c.ErrorKind), nullString(c.Error), c.Duration.Milliseconds(),
		c.ReplayOf, c.Source, c.Failed(), c.Starred, c.Note}
}

// redact removes the key from everything a call holds.
func redact(c Call, key string) Call {
	kept := make([]model.Param, 0, len(c.Params))
	for _, p := range c.Params {
		if strings.EqualFold(p.Key, "apiKey") {
			continue
		}
		kept = append(kept, model.Param{Key: p.Key, Value: safe.Scrub(p.Value, key)})
	}
	c.Params = kept
	c.Server = safe.Scrub(c.Server, key)
	c.Message = safe.Scrub(c.Message, key)
	c.Error = safe.Scrub(c.Error, key)
	c.Note = safe.Scrub(c.Note, key)
	if key != "" && bytes.Contains(c.Data, []byte(key)) {
		c.Data = []byte(safe.Scrub(string(c.Data), key))
	}
	return c
}

func paramsOrEmpty(p []model.Param) []model.Param {
	if p == nil {
		return []model.Param{}
	}
	return p
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
