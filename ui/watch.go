package ui

import (
	"context"
	"errors"
	"sync"

	tea "charm.land/bubbletea/v2"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/delivery"
)

// A delivery lookup or watch runs off the update loop (delivery.Client on
// its own goroutine); each result comes back as a message tagged with the
// part that asked for it, carrying the wire calls it made so that the root
// keeps them in the history like any call.

// watchOwner says whose delivery watch a round is for.
type watchOwner int

const (
	answerWatch watchOwner = iota // the last answer's message (w)
	viewWatch                     // the «Доставка» view's unfinished messages
)

// callLog collects the calls a lookup or a watch makes, from its own
// goroutine, until the next message takes them.
type callLog struct {
	mu    sync.Mutex
	calls []history.Call
}

func (l *callLog) add(req model.Request, resp model.Response, err error) {
	if ce, ok := model.AsCallError(err); errors.Is(err, context.Canceled) || ok && ce.Kind == model.KindCanceled {
		return // stopped by the user (esc, a new lookup): not an outcome worth keeping
	}
	c := history.FromResult(req, resp, err, "tui")
	l.mu.Lock()
	l.calls = append(l.calls, c)
	l.mu.Unlock()
}

// take hands over what was collected so far.
func (l *callLog) take() []history.Call {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.calls
	l.calls = nil
	return out
}

// carriesCalls is a message with calls for the history: the root records
// them before it routes the message.
type carriesCalls interface{ recordedCalls() []history.Call }

// deliveryRoundMsg is one round of a watch, for its owner. ended says the
// watch stopped without a last round (it was cancelled).
type deliveryRoundMsg struct {
	owner  watchOwner
	seq    int
	update delivery.Update
	ended  bool
	calls  []history.Call
}

func (m deliveryRoundMsg) recordedCalls() []history.Call { return m.calls }

// deliveryWatch is a running watch: delivery.Client.Stream, read one round
// per message. Its goroutine ends when Stop is called or the root context
// ends, whether or not anybody reads on.
type deliveryWatch struct {
	owner  watchOwner
	seq    int
	cancel context.CancelFunc
	ch     <-chan delivery.Update
	log    *callLog
}

// startWatch watches ids with c until they are all final or missing; the
// command delivers the first round.
func startWatch(root context.Context, c delivery.Client, ids []int64, owner watchOwner, seq int) (*deliveryWatch, tea.Cmd) {
	ctx, cancel := context.WithCancel(root)
	log := &callLog{}
	c.OnCall = delivery.OnlyChanges(log.add) // a row per change, not one a second
	w := &deliveryWatch{owner: owner, seq: seq, cancel: cancel, ch: c.Stream(ctx, ids), log: log}
	return w, w.Next()
}

// Next delivers the next round.
func (w *deliveryWatch) Next() tea.Cmd {
	ch, log, owner, seq := w.ch, w.log, w.owner, w.seq
	return func() tea.Msg {
		u, ok := <-ch
		return deliveryRoundMsg{owner: owner, seq: seq, update: u, ended: !ok, calls: log.take()}
	}
}

// Stop ends the watch; a round on its way is dropped by its owner.
func (w *deliveryWatch) Stop() { w.cancel() }
