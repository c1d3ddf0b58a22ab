package ui

import (
	"context"
	"errors"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"codedesk/history"
	"codedesk/model"
)

// historyStore is what the TUI asks of the history (a SQLite file or a
// team's PostgreSQL): this file is the only place that knows the store.
type historyStore interface {
	List(ctx context.Context, f history.Filter) ([]history.Call, error)
	Record(ctx context.Context, c history.Call, key string) (int64, error)
	Star(ctx context.Context, id int64, starred bool) error
	SetNote(ctx context.Context, id int64, note, author string) error
	Delete(ctx context.Context, id int64) (history.Call, error)
	Restore(ctx context.Context, c history.Call) error
	Watch(ctx context.Context) (<-chan history.Change, error)
	Agent() string
	Close() error
}

// openStore opens the history at where (a path or a postgres:// URL), with
// agent as who makes the calls and writes the notes.
func openStore(where, agent string) (historyStore, error) {
	s, err := history.Open(context.Background(), where, history.Options{Agent: agent})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// starWithNote stars a call and sets its note, as the note key does.
func starWithNote(ctx context.Context, s historyStore, id int64, note string) error {
	if err := s.Star(ctx, id, true); err != nil {
		return err
	}
	return s.SetNote(ctx, id, note, "")
}

// historyDB runs the history's work off the update loop. A write starts at
// once, in its own goroutine, and counts as in flight until it ends, so
// that quitting can wait for it before closing the store: a call recorded
// just before q is not lost.
type historyDB struct {
	store  historyStore
	root   context.Context
	writes sync.WaitGroup
}

func newHistoryDB(store historyStore, root context.Context) *historyDB {
	return &historyDB{store: store, root: root}
}

// read is a command that reads the store; it stops with the program.
func (d *historyDB) read(do func(context.Context, historyStore) tea.Msg) tea.Cmd {
	store, root := d.store, d.root
	return func() tea.Msg { return do(root, store) }
}

// write starts do now and returns a command that delivers its message.
// Writes are not cancelled by quitting: Close waits for them (bounded).
func (d *historyDB) write(do func(context.Context, historyStore) tea.Msg) tea.Cmd {
	ch := make(chan tea.Msg, 1)
	d.writes.Add(1)
	go func() {
		defer d.writes.Done()
		ch <- do(context.WithoutCancel(d.root), d.store)
	}()
	return func() tea.Msg { return <-ch }
}

// errWritesPending says the store was closed with writes still running.
var errWritesPending = errors.New("история: запись не успела завершиться до выхода")

// Close waits up to wait for writes in flight, then closes the store.
func (d *historyDB) Close(wait time.Duration) error {
	done := make(chan struct{})
	go func() { d.writes.Wait(); close(done) }()
	var pending error
	select {
	case <-done:
	case <-time.After(wait):
		pending = errWritesPending
	}
	return errors.Join(pending, d.store.Close())
}

// exchangeOf is a recorded call as an exchange to explain; false for an
// imported request that was never sent.
func exchangeOf(c history.Call) (model.Exchange, bool) {
	req, err := c.Request()
	if err != nil {
		req = model.Request{Module: c.Module, Method: c.Method, Params: c.Params}
	}
	switch {
	case c.Code != nil:
		resp := model.Response{Envelope: model.Envelope{Code: *c.Code, Message: c.Message, Data: c.Data}, Duration: c.Duration}
		return model.Exchange{Request: req, Response: resp}, true
	case c.ErrorKind != "":
		return model.Exchange{Request: req, Response: model.Response{Duration: c.Duration},
			Err: &model.CallError{Kind: kindByName(c.ErrorKind), Msg: c.Error}}, true
	}
	return model.Exchange{Request: req}, false
}

// kindByName reads back the stable name history keeps of an error kind.
func kindByName(name string) model.ErrorKind {
	for k := model.ErrorKind(0); k.String() != ""; k++ {
		if k.String() == name {
			return k
		}
	}
	return model.KindNetwork
}
