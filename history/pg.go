package history

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pgStore is a team's history in PostgreSQL. It connects on first use,
// never at Open, so that opening costs a call nothing; writes the server
// does not take in time go to a local SQLite file (see team.go).
type pgStore struct {
	pool   *pgxpool.Pool
	config *pgxpool.Config
	where  string // the URL without its password
	opts   Options
	red    redactor
	origin string // this store, so that Watch skips its own changes

	// ready is held while the schema is checked; channel is set once it is.
	ready   chan struct{}
	isReady atomic.Bool
	channel string

	// downUntil: after the server failed to answer a write, writes go
	// straight to the local file until then (unix nanoseconds).
	downUntil atomic.Int64

	fallbackMu sync.Mutex
	fallback   *sqliteStore
	reported   bool        // the user was told that calls are kept locally
	pending    atomic.Bool // the local file may hold calls to push
	pushing    sync.Mutex
	closeMu    sync.Mutex
	closed     bool
	background sync.WaitGroup
	stop       context.Context
	cancel     context.CancelFunc
}

// downFor is how long writes skip a server that did not answer.
const downFor = 30 * time.Second

func openPostgres(_ context.Context, where string, opts Options) (*pgStore, error) {
	s := &pgStore{where: RedactURL(where), opts: opts, origin: newUID(), ready: make(chan struct{}, 1)}
	if u, err := url.Parse(where); err == nil {
		if pw, ok := u.User.Password(); ok {
			s.red = newRedactor(pw)
		}
	}
	cfg, err := pgxpool.ParseConfig(where)
	if err != nil {
		return nil, s.red.err(fmt.Errorf("история %s: %w", s.where, explained(err)))
	}
	// The password may also come from PGPASSWORD or ~/.pgpass.
	s.red = append(s.red, newRedactor(cfg.ConnConfig.Password)...)
	cfg.ConnConfig.ConnectTimeout = opts.RecordTimeout
	if cfg.ConnConfig.RuntimeParams["application_name"] == "" {
		cfg.ConnConfig.RuntimeParams["application_name"] = "codedesk"
	}
	// A commit does not wait for the server's disk, as the SQLite file's
	// synchronous=NORMAL does not: a crash of the server may lose the last
	// moment of history, never its consistency, and a call is recorded in
	// well under a millisecond instead of one to three. The URL may say
	// synchronous_commit=on.
	if cfg.ConnConfig.RuntimeParams["synchronous_commit"] == "" {
		cfg.ConnConfig.RuntimeParams["synchronous_commit"] = "off"
	}
	s.config = cfg
	s.pool, err = pgxpool.NewWithConfig(context.Background(), cfg) // connects lazily
	if err != nil {
		return nil, s.red.err(fmt.Errorf("история %s: %w", s.where, explained(err)))
	}
	s.stop, s.cancel = context.WithCancel(context.Background())
	if st, err := os.Stat(opts.Fallback); err == nil && st.Size() > 0 {
		s.pending.Store(true)
	}
	return s, nil
}

// Where is the URL without its password.
func (s *pgStore) Where() string { return s.where }

// Agent is who the store records as making calls.
func (s *pgStore) Agent() string { return s.opts.Agent }

// Close waits for a push under way (at most Timeout), then closes.
func (s *pgStore) Close() error {
	s.closeMu.Lock()
	s.closed = true
	s.closeMu.Unlock()
	done := make(chan struct{})
	go func() { s.background.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(s.opts.Timeout):
		s.cancel()
		<-done
	}
	s.cancel()
	s.pool.Close()
	s.fallbackMu.Lock()
	defer s.fallbackMu.Unlock()
	if s.fallback != nil {
		return s.fallback.Close()
	}
	return nil
}

// fail is err as the user sees it: what failed, where, and never the
// password.
func (s *pgStore) fail(what string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrReadOnly) {
		return s.red.err(err)
	}
	return s.red.err(fmt.Errorf("история %s: %s: %w", s.where, what, explained(err)))
}

// timeout bounds one operation on the server.
func (s *pgStore) timeout(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.opts.Timeout)
}

// ensureReady checks the schema once, migrating it unless read-only, and
// learns the notification channel. Concurrent callers wait, each no longer
// than its own ctx.
func (s *pgStore) ensureReady(ctx context.Context) error {
	if s.isReady.Load() {
		return nil
	}
	select {
	case s.ready <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.ready }()
	if s.isReady.Load() {
		return nil
	}
	if err := s.migrate(ctx, len(pgMigrations)); err != nil {
		return err
	}
	var schema string
	if err := s.pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return err
	}
	s.channel = "codedesk." + schema
	s.isReady.Store(true)
	return nil
}

// inTx runs f in a transaction.
func (s *pgStore) inTx(ctx context.Context, f func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, f)
}
