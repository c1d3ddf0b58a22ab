package history

import (
	"context"
	"database/sql"
	"fmt"
)

// sink is what calls are copied into: each call added unless a call with
// its uid is there already; ids returned either way.
type sink func(ctx context.Context, calls []Call) (ids []int64, added []bool, err error)

// copyBatch is how many calls a push reads and writes at once.
const copyBatch = 500

// copyHistory copies every call of src, oldest first, into dst, keeping
// times, agents, stars and notes. With remap, replay links are carried
// over to the ids the originals have in dst (src's own ids mean nothing
// there); without, they are kept as they are (a team store's local file
// holds links to the server's ids).
func copyHistory(ctx context.Context, src *sqliteStore, remap bool, dst sink) (PushResult, error) {
	if err := src.verdict(ctx); err != nil {
		return PushResult{}, err
	}
	c := copier{dst: dst, remap: remap, ids: map[int64]int64{}, inBatch: map[int64]bool{}}
	var after int64
	for {
		calls, err := scanCalls(src.db.QueryContext(ctx, "SELECT "+columns+" FROM calls WHERE id > ? ORDER BY id LIMIT ?", after, copyBatch))
		if err != nil {
			return c.res, fmt.Errorf("история %s: %w", src.Where(), explained(err))
		}
		if len(calls) == 0 {
			return c.res, nil
		}
		after = calls[len(calls)-1].ID
		for _, call := range calls {
			if err := c.add(ctx, call); err != nil {
				return c.res, err
			}
		}
		if err := c.flush(ctx); err != nil {
			return c.res, err
		}
	}
}

// copier batches calls for a sink, and knows where each copied call went.
type copier struct {
	dst     sink
	remap   bool
	res     PushResult
	ids     map[int64]int64 // src id → dst id
	batch   []Call
	inBatch map[int64]bool
}

func (c *copier) add(ctx context.Context, call Call) error {
	call.Data = validData(call.Data, call.DataCut)
	if r := call.ReplayOf; r != nil && c.remap {
		// The original must have its dst id first.
		if c.inBatch[*r] {
			if err := c.flush(ctx); err != nil {
				return err
			}
		}
		call.ReplayOf = nil
		if to, ok := c.ids[*r]; ok {
			call.ReplayOf = &to
		}
	}
	c.batch = append(c.batch, call)
	c.inBatch[call.ID] = true
	return nil
}

func (c *copier) flush(ctx context.Context) error {
	if len(c.batch) == 0 {
		return nil
	}
	got, added, err := c.dst(ctx, c.batch)
	if err != nil {
		return err
	}
	for i, call := range c.batch {
		c.ids[call.ID] = got[i]
		if added[i] {
			c.res.Sent++
		} else {
			c.res.Skipped++
		}
	}
	c.batch, c.inBatch = c.batch[:0], map[int64]bool{}
	return nil
}

// PushFrom copies the SQLite history at path into this one.
func (s *sqliteStore) PushFrom(ctx context.Context, path string) (PushResult, error) {
	if err := s.writable(ctx); err != nil {
		return PushResult{}, err
	}
	src, err := openSQLite(ctx, path, Options{ReadOnly: true}.withDefaults(osGetenv))
	if err != nil {
		return PushResult{}, err
	}
	defer src.Close()
	return copyHistory(ctx, src, true, func(ctx context.Context, calls []Call) (ids []int64, added []bool, err error) {
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			if err := dropMissingReplayLinks(ctx, tx, calls); err != nil {
				return err
			}
			ids, added, err = insertSQLite(ctx, tx, calls)
			return err
		})
		if err != nil {
			err = fmt.Errorf("история: %w", explained(err))
		}
		return ids, added, err
	})
}

func dropMissingReplayLinks(ctx context.Context, tx *sql.Tx, calls []Call) error {
	for i := range calls {
		if err := keepReplayLink(ctx, tx, &calls[i]); err != nil {
			return err
		}
	}
	return nil
}
