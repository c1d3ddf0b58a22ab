package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// A team store never fails a call: what its server does not take within
// RecordTimeout goes to a local SQLite file (Options.Fallback), the user is
// told once, and the next write the server takes starts a push of what
// was kept. After the server let a write wait its whole time out, writes
// go straight to the file for a while (downFor) rather than waiting on it
// each time.

// Record adds a call and returns its id (0 when kept locally).
func (s *pgStore) Record(ctx context.Context, c Call, key string) (int64, error) {
	ids, err := s.RecordBatch(ctx, []Call{c}, key)
	if len(ids) == 0 {
		return 0, err
	}
	return ids[0], err
}

// RecordBatch records calls in one statement, or keeps them locally.
func (s *pgStore) RecordBatch(ctx context.Context, calls []Call, key string) ([]int64, error) {
	if err := s.writable(); err != nil {
		return nil, err
	}
	prepared := make([]Call, len(calls))
	for i, c := range calls {
		prepared[i] = prepare(c, key, s.opts.Agent, s.opts.Now)
	}
	if time.Now().UnixNano() < s.downUntil.Load() {
		return s.keepLocally(ctx, prepared, errors.New("сервер не ответил только что"))
	}
	wctx, cancel := context.WithTimeout(ctx, s.opts.RecordTimeout)
	defer cancel()
	ids, _, err := s.insert(wctx, prepared)
	if err == nil {
		s.pushLater()
		return ids, nil
	}
	// A server that let the call wait its whole time out is skipped for a
	// while; one that refused at once costs nothing to try again.
	if ctx.Err() == nil && (wctx.Err() != nil || timedOut(err)) {
		s.downUntil.Store(time.Now().Add(downFor).UnixNano())
	}
	return s.keepLocally(ctx, prepared, err)
}

// keepLocally writes prepared calls to the local file. The first time it
// returns ErrKeptLocally, to be shown; then nothing.
func (s *pgStore) keepLocally(ctx context.Context, calls []Call, cause error) ([]int64, error) {
	s.fallbackMu.Lock()
	defer s.fallbackMu.Unlock()
	var err error
	if s.fallback == nil {
		s.fallback, err = openSQLite(ctx, s.opts.Fallback, Options{Agent: s.opts.Agent, Now: s.opts.Now}.withDefaults(osGetenv))
	}
	if err == nil {
		_, err = s.fallback.RecordBatch(ctx, calls, "")
	}
	if err != nil {
		return nil, s.red.err(fmt.Errorf("история %s: вызов не сохранён ни на сервере (%v), ни локально: %w", s.where, explained(cause), explained(err)))
	}
	s.pending.Store(true)
	ids := make([]int64, len(calls))
	if s.reported {
		return ids, nil
	}
	s.reported = true
	return ids, s.red.err(fmt.Errorf("%w в %s (%s: %v); codedesk history push отправит сохранённое, когда сервер вернётся",
		ErrKeptLocally, s.opts.Fallback, s.where, cause))
}

// pushLater starts a push of what was kept locally, in the background,
// unless one is running or nothing is kept.
func (s *pgStore) pushLater() {
	if !s.pending.Load() {
		return
	}
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed || !s.pushing.TryLock() {
		return
	}
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		defer s.pushing.Unlock()
		s.pushPending(s.stop) //nolint:errcheck // the next write tries again
	}()
}

// Push sends what was kept locally, each call exactly once.
func (s *pgStore) Push(ctx context.Context) (PushResult, error) {
	if err := s.writable(); err != nil {
		return PushResult{}, err
	}
	s.pushing.Lock()
	defer s.pushing.Unlock()
	return s.pushPending(ctx)
}

// pushPending copies the local file's calls to the server, batch by
// batch, removing each batch from the file once the server has it. A
// batch the server took whose removal was cut short is skipped next time
// (same uids): nothing is sent twice.
func (s *pgStore) pushPending(ctx context.Context) (PushResult, error) {
	fb, err := s.localFile(ctx)
	if fb == nil || err != nil {
		return PushResult{}, err
	}
	res, err := copyHistory(ctx, fb, false, func(ctx context.Context, calls []Call) ([]int64, []bool, error) {
		tctx, cancel := s.timeout(ctx)
		defer cancel()
		ids, added, err := s.insert(tctx, calls)
		if err != nil {
			return nil, nil, s.fail("не отправлено", err)
		}
		if err := fb.forget(ctx, calls); err != nil {
			return nil, nil, fmt.Errorf("forget: %w", err)
		}
		return ids, added, nil
	})
	if err != nil {
		return res, err
	}
	if n, err := fb.Count(ctx); err == nil && n == 0 {
		s.pending.Store(false)
	}
	s.downUntil.Store(0)
	return res, nil
}

// localFile is the local file, opened when it exists; nil when it does not.
func (s *pgStore) localFile(ctx context.Context) (*sqliteStore, error) {
	s.fallbackMu.Lock()
	defer s.fallbackMu.Unlock()
	if s.fallback != nil {
		return s.fallback, nil
	}
	if fresh, err := isFresh(s.opts.Fallback); err != nil || fresh {
		return nil, err
	}
	fb, err := openSQLite(ctx, s.opts.Fallback, Options{Agent: s.opts.Agent, Now: s.opts.Now}.withDefaults(osGetenv))
	if err != nil {
		return nil, err
	}
	s.fallback = fb
	return fb, nil
}

// forget removes calls (by id) from a local file once they were pushed.
func (s *sqliteStore) forget(ctx context.Context, calls []Call) error {
	ids := make([]string, len(calls))
	for i, c := range calls {
		ids[i] = fmt.Sprint(c.ID)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM calls WHERE id IN ("+strings.Join(ids, ",")+")")
		return err
	})
}

// PushFrom copies the SQLite history at path into the team's.
func (s *pgStore) PushFrom(ctx context.Context, path string) (PushResult, error) {
	if err := s.writable(); err != nil {
		return PushResult{}, err
	}
	src, err := openSQLite(ctx, path, Options{ReadOnly: true}.withDefaults(osGetenv))
	if err != nil {
		return PushResult{}, err
	}
	defer src.Close()
	return copyHistory(ctx, src, true, func(ctx context.Context, calls []Call) ([]int64, []bool, error) {
		tctx, cancel := s.timeout(ctx)
		defer cancel()
		ids, added, err := s.insert(tctx, calls)
		return ids, added, s.fail("не скопировано", err)
	})
}

// timedOut reports an error of waiting too long (for a connection, an
// answer), whichever deadline ran out first.
func timedOut(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}
