package ui

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/ru"
	"codedesk/model/wire"
)

// session is the life of calls: the one on the wire, the last answer and
// what it allows next (follow its task, resend after a 13, retry after a
// 30 once a countdown ends, keep a server), how many 30s came in a row,
// and the followed task's goroutine. It emits messages (answerMsg,
// statusMsg) and never touches a pane; every wait in it ends when the
// root context does.
type session struct {
	ctx    *Context
	root   context.Context
	client *wire.Client

	seq     int // the latest call; an answer to an older one is dropped
	cancel  context.CancelFunc
	started time.Time

	last *model.Explanation
	// lastOrigin is the server the customer named for the last answer's
	// request when the demo sent it to the sandbox instead; zero otherwise.
	lastOrigin model.Server
	throttled  int           // code-30 answers in a row, for the backoff
	resendTo   *model.Server // where a 13 sent us: a success there may be kept
	kept       bool

	retry retryState
	poll  pollState
	watch watchState
}

// retryState is a resend after a 30, waiting for its countdown.
type retryState struct {
	seq    int
	ctx    context.Context
	cancel context.CancelFunc
	at     time.Time
	req    model.Request
	origin model.Server
}

// sendAs is what a call carries besides its request, for the history and
// a reply: the history call it replays, where it came from (a paste), and
// the server the customer named when the demo sent it to the sandbox.
type sendAs struct {
	replayOf *int64
	imported *history.Call // the paste this call sends, kept as its call
	origin   model.Server
}

// pollState is a background task being followed.
type pollState struct {
	seq    int
	cancel context.CancelFunc
	ch     <-chan tea.Msg
	server model.Server
	task   taskProgress
}

func newSession(ctx *Context, root context.Context, client *wire.Client) *session {
	return &session{ctx: ctx, root: root, client: client}
}

// callDoneMsg is a call's result coming back to the session.
type callDoneMsg struct {
	seq  int
	req  model.Request
	as   sendAs
	resp model.Response
	err  error
}

// retryTickMsg says a step of a retry's countdown is over.
type retryTickMsg struct{ seq int }

// taskUpdateMsg is one getStatus answer of a followed task.
type taskUpdateMsg struct {
	seq    int
	update wire.TaskUpdate
}

// taskDoneMsg says following a task has ended.
type taskDoneMsg struct {
	seq     int
	last    wire.TaskUpdate
	outcome wire.PollOutcome
	err     error
}

// answerMsg is an explained answer for the panes to show and the history to
// keep, with the call it replays; status, when set, is what the status line
// says instead of the answer's summary (a followed task's end), and hint
// the action key it offers then.
type answerMsg struct {
	x            model.Explanation
	as           sendAs
	status, hint string
}

func emit(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// Send sends req with the settings' key, if the trust rule lets the key go
// to its server; as says what the history and a reply need to know of it.
func (s *session) Send(req model.Request, as sendAs) tea.Cmd {
	switch {
	case s.cancel != nil:
		return say(statusWarn, "запрос уже идёт — esc отменит его")
	case s.ctx.Settings.Key == "":
		return say(statusWarn, noKeyHint)
	}
	if err := s.ctx.Trust().Check(req.Server); err != nil {
		return say(statusError, err.Error())
	}
	s.stopRetry()
	s.seq++
	ctx, cancel := context.WithCancel(s.root)
	s.cancel, s.started = cancel, s.ctx.Now()
	seq, client, key := s.seq, s.client, s.ctx.Settings.Key
	return func() tea.Msg {
		resp, err := client.Do(ctx, req, key)
		return callDoneMsg{seq: seq, req: req, as: as, resp: resp, err: err}
	}
}

// Update handles the session's own messages.
func (s *session) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case callDoneMsg:
		return s.answered(msg)
	case retryTickMsg:
		return s.retryTick(msg)
	case taskUpdateMsg:
		return s.taskUpdate(msg)
	case taskDoneMsg:
		return s.taskDone(msg)
	case deliveryRoundMsg:
		return s.watchRound(msg)
	}
	return nil
}

func (s *session) answered(msg callDoneMsg) tea.Cmd {
	if msg.seq != s.seq || s.cancel == nil {
		return nil // an answer to a call that was replaced
	}
	s.cancel()
	s.cancel = nil
	x := s.ctx.Explain(model.Exchange{Request: msg.req, Response: msg.resp, Err: msg.err,
		ResentAfter13: s.resendTo != nil && msg.req.Server == *s.resendTo})
	if x.Offers(model.ActionRetryLater) {
		s.throttled++
	} else {
		s.throttled = 0
	}
	s.last, s.lastOrigin, s.kept = &x, msg.as.origin, false
	return emit(answerMsg{x: x, as: msg.as})
}

// Cancel stops the call on the wire, the followed task or the waiting
// retry; it reports whether there was one.
func (s *session) Cancel() (tea.Cmd, bool) {
	switch {
	case s.cancel != nil:
		s.cancel() // the answer comes back as a cancelled call
		return nil, true
	case s.poll.cancel != nil:
		s.poll.cancel() // the poller says it stopped
		return nil, true
	case s.retry.cancel != nil:
		s.stopRetry()
		return say(statusWarn, "повтор отменён"), true
	case s.watch.w != nil:
		s.watch.w.Stop()
		s.watch.w = nil
		return sayWithKey(statusWarn, "слежение за доставкой остановлено", "w — следить снова"), true
	}
	return nil, false
}

// Can reports whether an action of the last answer may start now.
func (s *session) Can(a model.Action) bool {
	if s.last == nil || s.Activity().kind != idle || !s.last.Offers(a) {
		return false
	}
	return a != model.ActionKeepServer || !s.kept
}

// Forget drops the last answer: the request on screen is another one now
// (a paste), and what that answer allowed no longer applies to it.
func (s *session) Forget() {
	s.last, s.lastOrigin, s.kept, s.resendTo, s.throttled = nil, model.Server{}, false, nil, 0
}

// Adopt makes x the last answer: a call loaded from the history, its
// answer on screen with its request.
func (s *session) Adopt(x model.Explanation) {
	s.Forget()
	s.last = &x
}

// Last is the last answer, if any.
func (s *session) Last() (model.Explanation, bool) {
	if s.last == nil {
		return model.Explanation{}, false
	}
	return *s.last, true
}

// Origin is the server the customer named for the last answer's request,
// when the demo sent it to the sandbox instead.
func (s *session) Origin() (model.Server, bool) { return s.lastOrigin, s.lastOrigin.Host != "" }

// Activity is what the session is busy with.
func (s *session) Activity() activity {
	switch {
	case s.cancel != nil:
		return activity{kind: sending, since: s.started}
	case s.poll.cancel != nil:
		return activity{kind: polling, task: s.poll.task}
	case s.retry.cancel != nil:
		return activity{kind: retrying, retryAt: s.retry.at}
	case s.watch.w != nil:
		return activity{kind: watching, watch: s.watch.state}
	}
	return activity{}
}

// RetryIn is the pause, in seconds, a retry after the last 30 would wait.
func (s *session) RetryIn() int { return int(wire.RetryDelay(s.throttled).Seconds()) }

// Kept says the server of the last resend is now the profile's.
func (s *session) Kept() { s.kept, s.resendTo = true, nil }

// SetClient replaces the client (another profile's timeout or TLS).
func (s *session) SetClient(c *wire.Client) { s.client = c }

// Retry resends the last call: after a 13 to the server it named (returned,
// so the request shows it), after a 30 once a countdown that doubles with
// each 30 in a row is over.
func (s *session) Retry() (tea.Cmd, *model.Server) {
	x := s.last
	switch {
	case s.Can(model.ActionResend):
		srv := *x.WrongServer
		s.resendTo = &srv
		req := x.Request
		req.Server = srv
		return s.Send(req, sendAs{}), &srv
	case s.Can(model.ActionRetryLater):
		ctx, cancel := context.WithCancel(s.root)
		s.retry = retryState{seq: s.retry.seq + 1, ctx: ctx, cancel: cancel, at: s.ctx.Now().Add(wire.RetryDelay(s.throttled)),
			req: x.Request, origin: s.lastOrigin}
		return s.countdown(), nil
	}
	return nil, nil
}

// countdown waits until the shown number of seconds changes.
func (s *session) countdown() tea.Cmd {
	left := s.retry.at.Sub(s.ctx.Now())
	wait := left - (time.Duration((left+time.Second-1)/time.Second)-1)*time.Second
	ctx, clock, seq := s.retry.ctx, s.ctx.Clock, s.retry.seq
	return func() tea.Msg {
		if clock.Sleep(ctx, wait) != nil {
			return nil
		}
		return retryTickMsg{seq: seq}
	}
}

func (s *session) retryTick(msg retryTickMsg) tea.Cmd {
	if msg.seq != s.retry.seq || s.retry.cancel == nil {
		return nil
	}
	if s.ctx.Now().Before(s.retry.at) {
		return s.countdown()
	}
	req, origin := s.retry.req, s.retry.origin
	s.stopRetry()
	return s.Send(req, sendAs{origin: origin})
}

func (s *session) stopRetry() {
	if s.retry.cancel != nil {
		s.retry.cancel()
		s.retry.cancel = nil
	}
}

// Follow follows the last answer's task: never more than one getStatus a
// second, longer pauses after a 30, until the task ends. Its goroutine
// ends with the root context even if nobody reads its messages any more.
func (s *session) Follow() tea.Cmd {
	if !s.Can(model.ActionFollowTask) {
		return nil
	}
	x := s.last
	ctx, cancel := context.WithCancel(s.root)
	ch := make(chan tea.Msg, 1)
	s.poll = pollState{seq: s.poll.seq + 1, cancel: cancel, ch: ch, server: x.Request.Server,
		task: taskProgress{id: x.TaskID, status: "запрос статуса"}}
	p := wire.Poller{Client: s.client, Server: x.Request.Server, Key: s.ctx.Settings.Key, Clock: s.ctx.Clock}
	seq, id, root := s.poll.seq, x.TaskID, s.root
	go func() {
		defer close(ch)
		last, outcome, err := p.Follow(ctx, id, func(u wire.TaskUpdate) {
			select {
			case ch <- taskUpdateMsg{seq: seq, update: u}:
			case <-ctx.Done():
			}
		})
		select {
		case ch <- taskDoneMsg{seq: seq, last: last, outcome: outcome, err: err}:
		case <-root.Done():
		}
	}()
	return waitTask(ch)
}

// waitTask delivers the next message of a followed task.
func waitTask(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

func (s *session) taskUpdate(msg taskUpdateMsg) tea.Cmd {
	if msg.seq != s.poll.seq || s.poll.cancel == nil {
		return nil
	}
	u := msg.update
	ux := s.ctx.Explain(model.Exchange{Request: model.TaskStatusRequest(s.poll.server, s.poll.task.id), Response: u.Response})
	t := &s.poll.task
	switch {
	case ux.Offers(model.ActionRetryLater):
		pause := wire.DefaultPollSchedule.Next(time.Time{}, u.Throttled).Sub(time.Time{})
		t.waitNote = fmt.Sprintf("код %d — пауза %d с", ux.Code.Number, int(pause.Seconds()))
	case ux.Task != nil:
		t.waitNote = ""
		t.status = s.ctx.Methods().TaskStatusName(ux.Task.Status)
		t.percent = ux.Task.Progress
	}
	return waitTask(s.poll.ch)
}

// taskDone shows the task's last getStatus as an answer of its own: its
// end (finished, or rejected with the API's reason), or getStatus's own
// code. A cancel shows nothing new; a call with no answer is shown and
// kept, but leaves the 100 on offer to follow again.
func (s *session) taskDone(msg taskDoneMsg) tea.Cmd {
	if msg.seq != s.poll.seq || s.poll.cancel == nil {
		return nil
	}
	s.poll.cancel()
	s.poll.cancel, s.poll.ch = nil, nil
	id := s.poll.task.id
	if msg.outcome == wire.PollCanceled {
		return say(statusWarn, fmt.Sprintf("слежение за задачей %s остановлено", id))
	}
	x := s.ctx.Explain(model.Exchange{Request: model.TaskStatusRequest(s.poll.server, id), Response: msg.last.Response, Err: msg.err})
	am := answerMsg{x: x}
	switch msg.outcome {
	case wire.PollFinished:
		am.status = fmt.Sprintf("задача %s завершена: 100%%, %s статуса", id, ru.Requests.Count(msg.last.Attempt))
	case wire.PollRejected:
		am.status = fmt.Sprintf("задача %s %s на %d%%", id, s.ctx.Methods().TaskStatusName(msg.last.State.Status), msg.last.State.Progress)
		if x.Message != "" {
			am.status += ": " + x.Message
		}
	case wire.PollFailed:
		am.status, am.hint = fmt.Sprintf("задача %s: %v", id, msg.err), "p — следить снова"
		return emit(am) // the 100 stays the last answer
	}
	s.last, s.kept = &x, false
	return emit(am)
}
