// Package history keeps every API call codedesk makes (every request it
// imports, every webhook it receives): record, list, search, star and
// note, delete and restore. One Store interface, two engines: a SQLite file
// for one person (modernc.org/sqlite, pure Go; the default), and a team's
// shared PostgreSQL database (pgx v5), chosen by where the history points.
//
// It never stores the API key (a parameter named apiKey is dropped, a
// plausible key is cut out of everything else), never rewrites what it
// stores for masking's sake, never reuses an id, never writes into a
// damaged file, and never lets a slow or absent team server fail a call.
// A database password never appears in what it says.
package history

import (
	"context"
	"errors"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"time"
)

// Store is an open history. It is safe for concurrent use; several
// processes may use the same history at once.
type Store interface {
	// Record adds a call and returns its id. Nothing of key survives (see
	// the package doc); data past MaxData is cut and marked; a call
	// without UID, At, Agent or Source gets them here; a call whose UID is
	// there already is not added twice (its id is returned). A team store whose
	// server does not answer keeps the call in its local file instead and
	// returns id 0: with an error wrapping ErrKeptLocally the first time,
	// with no error after that.
	Record(ctx context.Context, c Call, key string) (int64, error)
	// RecordBatch records many calls in one transaction, as Record does each.
	RecordBatch(ctx context.Context, calls []Call, key string) ([]int64, error)

	// Get returns one call, or an error wrapping ErrNotFound.
	Get(ctx context.Context, id int64) (Call, error)
	// List returns calls newest first (by id), narrowed by the filter.
	List(ctx context.Context, f Filter) ([]Call, error)
	// Count is how many calls the history holds.
	Count(ctx context.Context) (int64, error)
	// FailedOriginals are the distinct failed requests, newest first:
	// failed calls that are not replays, one per server, method and
	// parameters, for a regression run.
	FailedOriginals(ctx context.Context, limit int) ([]Call, error)

	// Star stars or unstars a call.
	Star(ctx context.Context, id int64, starred bool) error
	// SetNote sets a call's note, its author (the store's agent when
	// empty) and its time; an empty note removes it.
	SetNote(ctx context.Context, id int64, note, author string) error
	// Delete removes a call and returns it whole, for Restore.
	Delete(ctx context.Context, id int64) (Call, error)
	// Restore puts a deleted call back under its old id, with its uid,
	// agent, star and note (undo).
	Restore(ctx context.Context, c Call) error

	// Watch delivers what others change in a shared history (new calls,
	// stars, notes, deletions) until ctx ends; the channel is then closed.
	// A store's own changes are not delivered. A SQLite history returns a
	// nil channel: nobody else shares it live.
	Watch(ctx context.Context) (<-chan Change, error)
	// Push sends the calls a team store kept locally while its server was
	// away, each exactly once. A SQLite history has nothing to push.
	Push(ctx context.Context) (PushResult, error)
	// PushFrom copies the SQLite history at path into this one,
	// idempotently (by uid), keeping times, agents, stars, notes and
	// replay links.
	PushFrom(ctx context.Context, path string) (PushResult, error)

	// Where names the history for people: a path, or the URL without its
	// password.
	Where() string
	// Agent is the name recorded for calls and notes made through this store.
	Agent() string
	// Close releases the history; it waits for a push under way.
	Close() error
}

// Filter narrows a listing. Zero values mean "no condition".
type Filter struct {
	// Query: words found in the method, parameters, message, error, note
	// and the code's title and keywords, in Russian and English, by stem;
	// the last word as a prefix (as typed). A bare number lists the calls
	// with that code first, then the calls whose words start with it.
	Query   string
	Code    *int
	Failed  bool // see Call.Failed
	Starred bool
	Agent   string    // only the calls this engineer made
	Since   time.Time // only calls at or after this time
	Until   time.Time // only calls before this time
	// Before pages backwards: only calls older than this id (the last id
	// of the previous page).
	Before int64
	Limit  int // default 50
}

// ChangeKind says what changed in a shared history.
type ChangeKind string

// What Watch reports.
const (
	ChangeCall   ChangeKind = "call"
	ChangeStar   ChangeKind = "star"
	ChangeNote   ChangeKind = "note"
	ChangeDelete ChangeKind = "delete"
)

// Change is one change someone else made to a shared history.
type Change struct {
	Kind  ChangeKind `json:"kind"`
	ID    int64      `json:"id"`
	Agent string     `json:"agent"` // who made it
}

// PushResult counts what a push did.
type PushResult struct {
	Sent    int `json:"sent"`    // calls the target did not have
	Skipped int `json:"skipped"` // calls it had already (same uid)
}

// Options say how to open a history.
type Options struct {
	// Agent is recorded as who made each call and wrote each note;
	// default DefaultAgent ($USER).
	Agent string
	// ReadOnly is for reading commands: nothing is written, created or
	// migrated (an older SQLite file is read through a migrated copy).
	ReadOnly bool
	// Fallback is the local SQLite file where a team store keeps calls its
	// server did not take; default DefaultFallbackPath.
	Fallback string
	// Now is the clock for new calls and notes; default time.Now.
	Now func() time.Time
	// RecordTimeout bounds one write to a team server before the call is
	// kept locally (default 2 s); Timeout bounds any other operation on it
	// (default 10 s).
	RecordTimeout, Timeout time.Duration
}

func (o Options) withDefaults(getenv func(string) string) Options {
	if o.Agent == "" {
		o.Agent = DefaultAgent(getenv)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.RecordTimeout <= 0 {
		o.RecordTimeout = 2 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	return o
}

// Errors a caller may tell apart with errors.Is.
var (
	// ErrNotFound: no call has that id.
	ErrNotFound = errors.New("нет такого вызова в истории")
	// ErrNotHistory: the file is something else; it was left as it was.
	ErrNotHistory = errors.New("не файл истории codedesk")
	// ErrNoHistory: a history opened for reading only is not there (no
	// file, an empty one, a team database without codedesk's tables):
	// nothing was created.
	ErrNoHistory = errors.New("истории ещё нет")
	// ErrDamaged: the SQLite file failed its integrity check; nothing was
	// written to it (see Check and Repair).
	ErrDamaged = errors.New("файл истории повреждён")
	// ErrReadOnly: the history was opened for reading, or its file may
	// not be written; nothing was changed.
	ErrReadOnly = errors.New("история открыта только для чтения")
	// ErrKeptLocally: the team server did not take a call; it was kept in
	// the local file for Push. The call itself is not lost.
	ErrKeptLocally = errors.New("сервер истории недоступен: вызов сохранён локально")
)

// Open opens the history where points: a postgres:// or postgresql:// URL
// is a team's PostgreSQL database, anything else a SQLite file (created,
// folder 0700 and file 0600, when missing). Either is brought to the
// current schema unless opts.ReadOnly, which creates nothing: a history
// that is not there is an error wrapping ErrNoHistory, and a SQLite file
// is left with the files beside it as they were. A team store opens even when its
// server is away: calls are then kept locally.
func Open(ctx context.Context, where string, opts Options) (Store, error) {
	opts = opts.withDefaults(osGetenv)
	// A nil *store in a Store interface is not a nil Store: return nil itself.
	if IsPostgresURL(where) {
		if opts.Fallback == "" {
			opts.Fallback = DefaultFallbackPath(osGetenv, where)
		}
		pg, err := openPostgres(ctx, where, opts)
		if err != nil {
			return nil, err
		}
		return pg, nil
	}
	file, err := openSQLite(ctx, where, opts)
	if err != nil {
		return nil, err
	}
	return file, nil
}

// DefaultPath is $XDG_STATE_HOME/codedesk/history.db, or
// ~/.local/state/codedesk/history.db when XDG_STATE_HOME is not set.
func DefaultPath(getenv func(string) string) string {
	return filepath.Join(stateDir(getenv), "history.db")
}

// DefaultAgent is who the person at this terminal is: $USER, else
// $LOGNAME (cron and some containers set only one of them, or neither),
// else the account this process runs as (os/user, which reads /etc/passwd
// without cgo), else this machine's name, else "unknown".
func DefaultAgent(getenv func(string) string) string {
	for _, name := range []string{"USER", "LOGNAME"} {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
	}
	if u, err := currentUser(); err == nil && strings.TrimSpace(u.Username) != "" {
		return strings.TrimSpace(u.Username)
	}
	if h, err := hostname(); err == nil && strings.TrimSpace(h) != "" {
		return strings.TrimSpace(h)
	}
	return "unknown"
}

// currentUser and hostname are the system's answers, replaceable in tests.
var (
	currentUser = user.Current
	hostname    = os.Hostname
)

func stateDir(getenv func(string) string) string {
	dir := getenv("XDG_STATE_HOME")
	if dir == "" {
		dir = filepath.Join(getenv("HOME"), ".local", "state")
	}
	return filepath.Join(dir, "codedesk")
}
