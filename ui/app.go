package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/config"
	"codedesk/model/curl"
	"codedesk/model/safe"
	"codedesk/model/wire"
)

// focusArea is the pane or field that receives keys the root does not
// handle. Tab cycles through them in this order.
type focusArea int

const (
	focusCodes focusArea = iota
	focusDetail
	focusMethod
	focusParams
	focusServer
	focusCount
)

// isTextField reports focus areas that type text: q and ? are letters
// there, and action keys are off.
func (f focusArea) isTextField() bool { return f >= focusMethod }

func (f focusArea) field() requestField {
	switch f {
	case focusServer:
		return fieldServer
	case focusParams:
		return fieldParams
	}
	return fieldMethod
}

// Options configure the app before its first frame.
type Options struct {
	Catalog *catalog.Catalog
	// Settings are what calls run with; an empty Key still lets the user
	// browse, and the request pane says how to set one.
	Settings config.Settings
	// Client sends calls; nil builds one from Settings.
	Client *wire.Client
	// ConfigPath is where "keep this server for the profile" writes.
	ConfigPath string
	// HistoryPath is the history file, opened after the first frame; ""
	// keeps no history.
	HistoryPath string
	// Demo marks calls as going to the built-in sandbox; DemoNote says
	// what else it offers (its second region, for code 13).
	Demo     bool
	DemoNote string
	// Method and Params prefill the request pane.
	Method string
	Params []model.Param
	// Width and Height are the terminal size when known before start, so the
	// first frame is already laid out instead of waiting for a resize event.
	Width, Height int
	NoColor       bool
	// Note is shown in the request pane's status line at start (a broken
	// config file, say: browsing works regardless).
	Note string
}

// App is the root model: it owns focus, layout, the global keys and the
// life of calls and task polling, and routes everything else to the
// focused pane.
type App struct {
	ctx     *Context
	keys    globalKeys
	actions actionKeys
	help    help.Model
	codes   codesPane
	detail  detailPane
	request requestPane
	history historyPane
	focus   focusArea
	// inHistory says the history view replaces the codes and the card.
	inHistory bool

	client      *wire.Client
	configPath  string
	historyPath string
	store       history.Store

	// The call on the wire, if any, and the last answer.
	seq        int
	cancelCall context.CancelFunc
	last       *answerView
	throttled  int // code-30 answers in a row, for the retry backoff
	// A retry waiting for its backoff.
	retrySeq    int
	retryCancel context.CancelFunc
	// A followed background task.
	pollSeq    int
	pollCancel context.CancelFunc
	pollCh     <-chan tea.Msg
	// After a resend that followed a code 13: the server to offer keeping.
	resentTo   *model.Server
	canSaveSrv bool

	width, height int
	showAllKeys   bool
	noColor       bool
	demoNote      string
	now           func() time.Time

	// frame is the last rendered screen; start-up alone brings several
	// messages that change nothing, and each would otherwise redraw it all.
	frame string
	dirty bool
}

// New builds the app. It does no I/O and renders nothing with glamour: the
// first frame must not wait on anything.
func New(opts Options) *App {
	// Dark until the terminal says otherwise: most terminals are dark, and a
	// terminal that never answers the background query must still get a UI.
	ctx := &Context{
		Catalog:  opts.Catalog,
		Styles:   DefaultStyles(true, opts.NoColor),
		Markdown: newMarkdown(),
		Settings: opts.Settings,
		Demo:     opts.Demo,
	}
	client := opts.Client
	if client == nil {
		client = wire.NewClient(wire.ClientOptions{Timeout: opts.Settings.Timeout, Insecure: opts.Settings.Insecure})
	}
	server := ""
	if opts.Settings.Server.Host != "" {
		server = opts.Settings.Server.String()
	}
	a := &App{
		ctx:         ctx,
		keys:        defaultGlobalKeys(),
		actions:     defaultActionKeys(),
		help:        help.New(),
		codes:       newCodesPane(ctx),
		detail:      newDetailPane(ctx),
		request:     newRequestPane(ctx, server),
		history:     newHistoryPane(ctx),
		client:      client,
		configPath:  opts.ConfigPath,
		historyPath: opts.HistoryPath,
		demoNote:    opts.DemoNote,
		noColor:     opts.NoColor,
		now:         time.Now,
	}
	if opts.Method != "" {
		a.request.SetRequest(opts.Method, opts.Params)
	}
	if opts.Note != "" {
		a.request.SetStatus(statusWarn, opts.Note)
	}
	a.help.Styles = ctx.Styles.Help
	a.resize(opts.Width, opts.Height)
	if c, ok := a.codes.Selected(); ok {
		// No command yet: the glamour render starts after the first frame.
		a.detail.code, a.detail.hasCode = c, true
		a.detail.showPlain()
	}
	return a
}

// Init asks the terminal for its background (answered later as a message,
// never waited for). Rendering the first card with glamour and building the
// search index wait until the first frame is out: on two cores they would
// otherwise compete with it; the plain card is on screen meanwhile.
func (a *App) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, tea.Tick(afterFirstFrame, func(time.Time) tea.Msg {
		return startupIdleMsg{}
	}))
}

// afterFirstFrame is long enough for Bubble Tea's renderer (120 fps) to have
// flushed the first frame, and short enough to go unnoticed.
const afterFirstFrame = 25 * time.Millisecond

// startupIdleMsg says the first frame is out and deferred work may start.
type startupIdleMsg struct{}

// indexReadyMsg says the catalog's search index is built.
type indexReadyMsg struct{}

// warmUp renders the current card, builds the search index and gives the
// method field its completions.
func (a *App) warmUp() tea.Cmd {
	a.request.method.SetSuggestions(a.ctx.Methods().Names())
	cat := a.ctx.Catalog
	return tea.Batch(a.detail.Refresh(), func() tea.Msg {
		cat.Warm()
		return indexReadyMsg{}
	}, a.openHistory())
}

// historyOpenedMsg carries the opened history, or why it could not open.
type historyOpenedMsg struct {
	store history.Store
	err   error
}

// recordedMsg says a call reached the history, or why not.
type recordedMsg struct {
	id       int64
	replayOf *int64
	err      error
}

func (a *App) openHistory() tea.Cmd {
	path := a.historyPath
	if path == "" {
		a.history.SetStore(nil, errors.New("история отключена"))
		return nil
	}
	return func() tea.Msg {
		s, err := history.Open(context.Background(), path, history.Options{})
		return historyOpenedMsg{store: s, err: err}
	}
}

// Close releases the history file; the caller runs it after the program.
func (a *App) Close() error {
	if a.store != nil {
		return a.store.Close()
	}
	return nil
}

// record keeps a call in the history off the update loop.
func (a *App) record(c history.Call) tea.Cmd {
	if a.store == nil {
		return nil
	}
	store, key := a.store, a.ctx.Settings.Key
	return func() tea.Msg {
		id, err := store.Record(context.Background(), c, key)
		return recordedMsg{id: id, replayOf: c.ReplayOf, err: err}
	}
}

// answerMsg is a call's result coming back.
type answerMsg struct {
	seq  int
	req  model.Request
	resp model.Response
	err  error
	// replayOf is the history call this one replays, if any.
	replayOf *int64
}

// retryMsg says a retry's backoff is over.
type retryMsg struct{ seq int }

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

// serverSavedMsg says the profile's server was written (or why not).
type serverSavedMsg struct {
	server model.Server
	path   string
	err    error
}

func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.ColorProfileMsg, tea.EnvMsg, indexReadyMsg:
		return a, nil // nothing on screen changes
	case tea.WindowSizeMsg:
		if msg.Width == a.width && msg.Height == a.height {
			return a, nil
		}
	}
	a.dirty = true
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.resize(msg.Width, msg.Height)
		return a, a.detail.Refresh()

	case startupIdleMsg:
		return a, a.warmUp()

	case tea.BackgroundColorMsg:
		if msg.IsDark() != a.ctx.Styles.IsDark {
			a.setStyles(DefaultStyles(msg.IsDark(), a.noColor))
			return a, a.detail.Refresh()
		}
		return a, nil

	case cardRenderedMsg:
		var cmd tea.Cmd
		a.detail, cmd = a.detail.Update(msg)
		return a, cmd

	case answerMsg:
		return a, a.handleAnswer(msg)
	case retryMsg:
		if msg.seq != a.retrySeq || a.retryCancel == nil {
			return a, nil
		}
		a.retryCancel = nil
		return a, a.send()
	case taskUpdateMsg:
		return a, a.handleTaskUpdate(msg)
	case taskDoneMsg:
		return a, a.handleTaskDone(msg)
	case serverSavedMsg:
		a.handleServerSaved(msg)
		return a, nil

	case historyOpenedMsg:
		a.store = msg.store
		a.history.SetStore(msg.store, msg.err)
		if msg.err != nil {
			a.request.SetStatus(statusWarn, "история недоступна, вызовы не сохраняются: "+msg.err.Error())
			return a, nil
		}
		if a.inHistory {
			return a, a.history.Reload()
		}
		return a, nil
	case recordedMsg:
		if msg.err != nil {
			a.request.SetStatus(statusWarn, a.request.status+" · не сохранено в истории: "+msg.err.Error())
			a.history.SetStatus(statusWarn, "не сохранено в истории: "+msg.err.Error())
		}
		if a.inHistory && msg.err == nil && msg.replayOf == nil {
			return a, a.history.Reload()
		}
		return a, nil
	case historyPageMsg, historyChangedMsg:
		var cmd tea.Cmd
		a.history, cmd = a.history.Update(msg)
		return a, cmd

	case spinner.TickMsg:
		// The request pane's spinner is the only one that ticks.
		var cmd tea.Cmd
		a.request, cmd = a.request.Update(msg)
		return a, cmd

	case tea.KeyPressMsg:
		return a.handleKey(msg)
	case tea.PasteMsg:
		if looksLikeRequest(msg.Content) && !(a.inHistory && a.history.TextFocused()) {
			return a, a.importText(msg.Content)
		}
		if a.inHistory {
			var cmd tea.Cmd
			a.history, cmd = a.history.Update(msg)
			return a, cmd
		}
		// A paste lands in the request: several lines always in the
		// parameters, one line in the focused field.
		if !a.focus.isTextField() || strings.Contains(msg.Content, "\n") {
			a.setFocus(focusParams)
		}
	}
	// Everything else (cursor blinks, pastes) goes to the focused pane.
	return a.updateFocused(msg)
}

func (a *App) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, a.keys.ForceQuit):
		return a, tea.Quit
	case key.Matches(msg, a.keys.History) && !a.showAllKeys:
		return a, a.toggleHistory()
	case key.Matches(msg, a.keys.Send) && a.inHistory:
		return a, a.replaySelected()
	case key.Matches(msg, a.keys.Send):
		return a, a.send()
	}
	if a.showAllKeys {
		if key.Matches(msg, a.keys.Help) || msg.String() == "esc" || msg.String() == "q" {
			a.showAllKeys = false
		}
		return a, nil
	}
	if msg.String() == "esc" && a.cancelRunning() {
		return a, nil
	}
	// A text field with focus gets every other key, so that q and ? can be
	// typed into it.
	if !a.typing() {
		switch {
		case key.Matches(msg, a.keys.Quit):
			return a, tea.Quit
		case key.Matches(msg, a.keys.Help):
			a.showAllKeys = true
			return a, nil
		}
	}
	if a.inHistory {
		return a.handleHistoryKey(msg)
	}
	if a.focus == focusCodes && a.codes.Filtering() {
		return a.updateFocused(msg)
	}
	if a.focus.isTextField() {
		switch {
		case key.Matches(msg, a.keys.NextPane):
			return a, a.setFocus(a.nextFocus(1))
		case key.Matches(msg, a.keys.PrevPane):
			return a, a.setFocus(a.nextFocus(-1))
		case msg.String() == "esc":
			return a, a.setFocus(focusCodes)
		case msg.String() == "enter" && a.focus == focusMethod:
			// enter takes the completion and moves on to the parameters.
			a.request.AcceptCompletion()
			return a, a.setFocus(focusParams)
		case msg.String() == "enter" && a.focus == focusServer:
			return a, a.setFocus(focusMethod)
		}
		return a.updateFocused(msg)
	}
	switch {
	case key.Matches(msg, a.keys.NextPane):
		return a, a.setFocus(a.nextFocus(1))
	case key.Matches(msg, a.keys.PrevPane):
		return a, a.setFocus(a.nextFocus(-1))
	case key.Matches(msg, a.actions.Poll) && a.canPoll():
		return a, a.startPoll()
	case key.Matches(msg, a.actions.Retry) && a.canRetry():
		return a, a.retry()
	case key.Matches(msg, a.actions.SaveServer) && a.canSaveSrv:
		return a, a.saveServer()
	case key.Matches(msg, a.actions.EditCall):
		return a, a.setFocus(focusParams)
	case msg.String() == "/" && a.focus != focusCodes:
		// "/" searches the codes from anywhere: the list is what one searches.
		a.setFocus(focusCodes)
	}
	return a.updateFocused(msg)
}

// typing reports a text field with the keyboard: the request's fields,
// the codes filter, or the history's search and note.
func (a *App) typing() bool {
	if a.inHistory {
		return a.history.TextFocused()
	}
	return a.focus.isTextField() || a.focus == focusCodes && a.codes.Filtering()
}

// nextFocus is the focus area step places away in tab order.
func (a *App) nextFocus(step int) focusArea {
	return (a.focus + focusCount + focusArea(step)) % focusCount
}

// setFocus moves the keyboard; leaving the method field offers its
// parameters.
func (a *App) setFocus(f focusArea) tea.Cmd {
	a.focus = f
	if f.isTextField() {
		return a.request.Focus(f.field())
	}
	a.request.Blur()
	return nil
}

// updateFocused hands a message to the focused pane and keeps the detail on
// the code under the list's cursor when the cursor moved.
func (a *App) updateFocused(msg tea.Msg) (tea.Model, tea.Cmd) {
	before, _ := a.codes.Selected()
	var cmd tea.Cmd
	switch {
	case a.focus == focusCodes:
		a.codes, cmd = a.codes.Update(msg)
	case a.focus == focusDetail:
		a.detail, cmd = a.detail.Update(msg)
	default:
		a.request, cmd = a.request.Update(msg)
	}
	if after, ok := a.codes.Selected(); ok && after.Number != before.Number {
		cmd = tea.Batch(cmd, a.detail.Show(after))
	}
	return a, cmd
}

func (a *App) setStyles(s Styles) {
	a.ctx.Styles = s
	a.help.Styles = s.Help
	a.codes.applyStyles()
	a.request.applyStyles(s)
	a.history.applyStyles(s)
}

// running reports a call on the wire.
func (a *App) running() bool { return a.cancelCall != nil }

// send builds the request from the pane and sends it.
func (a *App) send() tea.Cmd {
	if a.running() {
		a.request.SetStatus(statusWarn, "запрос уже идёт — esc отменит его")
		return nil
	}
	if a.retryCancel != nil {
		a.retryCancel()
		a.retryCancel = nil
	}
	req, err := a.request.Build()
	if err != nil {
		a.request.SetStatus(statusError, err.Error())
		return nil
	}
	return a.sendRequest(req, nil)
}

// sendRequest sends req; replayOf names the history call it replays.
func (a *App) sendRequest(req model.Request, replayOf *int64) tea.Cmd {
	if a.running() {
		a.request.SetStatus(statusWarn, "запрос уже идёт — esc отменит его")
		a.history.SetStatus(statusWarn, "запрос уже идёт — esc отменит его")
		return nil
	}
	if a.ctx.Settings.Key == "" {
		a.request.SetStatus(statusWarn, noKeyHint)
		a.history.SetStatus(statusWarn, noKeyHint)
		return nil
	}
	a.seq++
	ctx, cancel := context.WithCancel(context.Background())
	a.cancelCall = cancel
	a.request.running, a.request.started = true, a.now()
	a.request.SetStatus(statusInfo, "")
	seq, client, apiKey := a.seq, a.client, a.ctx.Settings.Key
	return tea.Batch(a.request.spinner.Tick, func() tea.Msg {
		resp, err := client.Do(ctx, req, apiKey)
		return answerMsg{seq: seq, req: req, resp: resp, err: err, replayOf: replayOf}
	})
}

// cancelRunning stops a call, a poll or a waiting retry; it reports
// whether there was one.
func (a *App) cancelRunning() bool {
	switch {
	case a.cancelCall != nil:
		a.cancelCall() // the answer arrives as a canceled error
		return true
	case a.pollCancel != nil:
		a.pollCancel()
		return true
	case a.retryCancel != nil:
		a.retryCancel()
		a.retryCancel = nil
		a.request.SetStatus(statusWarn, "повтор отменён")
		return true
	}
	return false
}

func (a *App) handleAnswer(msg answerMsg) tea.Cmd {
	if msg.seq != a.seq {
		return nil // an answer to a call that was replaced
	}
	a.cancelCall = nil
	a.request.running = false
	st := a.ctx.Settings
	av := &answerView{seq: msg.seq, req: msg.req, resp: msg.resp, err: msg.err,
		keyMask: safe.MaskKey(st.Key), keyFrom: st.KeySource, insecure: a.client.Insecure(), at: a.now(),
		canKeep: !a.ctx.Demo}
	a.last = av
	rec := history.FromResult(msg.req, msg.resp, msg.err, "tui")
	if msg.replayOf != nil {
		rec.ReplayOf, rec.Source = msg.replayOf, "replay"
		a.history.RecordReplay(*msg.replayOf, av)
		a.history.SetStatus(statusInfo, "повтор записан в историю")
	}
	recordCmd := a.record(rec)
	if msg.err != nil {
		if ce, ok := model.AsCallError(msg.err); ok && ce.Kind == model.KindCanceled {
			a.request.SetStatus(statusWarn, "запрос отменён")
		} else {
			a.request.SetStatus(statusError, "нет ответа API: "+msg.err.Error())
		}
		a.canSaveSrv = false
		return tea.Batch(recordCmd, a.detail.SetAnswer(av, catalog.Code{}))
	}
	code := a.ctx.Catalog.Describe(msg.resp.Code)
	switch msg.resp.Code {
	case 100:
		av.taskID, _ = model.TaskID(msg.resp.Data)
	case 13:
		if srv, ok := model.WrongServerDomain(msg.resp.Data, msg.req.Server); ok {
			av.server13 = &srv
		}
	}
	if msg.resp.Code == 30 {
		a.throttled++
	} else {
		a.throttled = 0
	}
	a.canSaveSrv = a.resentTo != nil && msg.resp.Code != 13 && msg.req.Server == *a.resentTo && !a.ctx.Demo
	a.codes.Select(msg.resp.Code)
	a.codes.Mark(msg.resp.Code)
	kind := statusOK
	switch {
	case code.Class == catalog.ClassPartial || msg.resp.Code == 30:
		kind = statusWarn
	case !model.IsSuccess(msg.resp.Code):
		kind = statusError
	}
	status := fmt.Sprintf("код %d · %s · %d мс", code.Number, code.Title, msg.resp.Duration.Milliseconds())
	if hint := a.nextStepHint(av); hint != "" {
		status += " · " + hint
	}
	a.request.SetStatus(kind, status)
	cmd := a.detail.SetAnswer(av, code)
	if !a.inHistory {
		a.setFocus(focusDetail) // the answer is what one reads next; action keys work here
	}
	return tea.Batch(recordCmd, cmd)
}

// nextStepHint names the action key an answer offers.
func (a *App) nextStepHint(av *answerView) string {
	switch {
	case av.resp.Code == 100 && av.taskID != "":
		return "p — следить за задачей"
	case av.resp.Code == 13 && av.server13 != nil:
		return "r — повторить на " + av.server13.String()
	case av.resp.Code == 30:
		return fmt.Sprintf("r — повторить через %d с", int(wire.RetryDelay(a.throttled).Seconds()))
	case a.canSaveSrv:
		return "s — сохранить сервер в профиле"
	}
	return ""
}

func (a *App) canPoll() bool {
	return a.last != nil && a.last.err == nil && a.last.resp.Code == 100 && a.last.taskID != "" && a.pollCancel == nil && !a.running()
}

func (a *App) canRetry() bool {
	if a.last == nil || a.last.err != nil || a.running() || a.retryCancel != nil {
		return false
	}
	return a.last.resp.Code == 30 || a.last.resp.Code == 13 && a.last.server13 != nil
}

// retry resends after a 13 (to the server it names) or a 30 (after a
// backoff that doubles with each 30 in a row).
func (a *App) retry() tea.Cmd {
	if a.last.resp.Code == 13 {
		srv := *a.last.server13
		a.resentTo = &srv
		a.request.SetServer(srv.BaseURL())
		return a.send()
	}
	delay := wire.RetryDelay(a.throttled)
	a.retrySeq++
	ctx, cancel := context.WithCancel(context.Background())
	a.retryCancel = cancel
	seq := a.retrySeq
	a.request.SetStatus(statusWarn, fmt.Sprintf("код 30: повтор через %.0f с · esc — отмена", delay.Seconds()))
	return func() tea.Msg {
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-t.C:
			return retryMsg{seq: seq}
		case <-ctx.Done():
			return nil
		}
	}
}

// startPoll follows the task of the last answer: never more than one
// getStatus a second, longer pauses after a 30, until the task ends.
func (a *App) startPoll() tea.Cmd {
	id := a.last.taskID
	a.pollSeq++
	ctx, cancel := context.WithCancel(context.Background())
	a.pollCancel = cancel
	ch := make(chan tea.Msg, 1)
	a.pollCh = ch
	a.request.task = &taskProgress{id: id, status: "запрос статуса"}
	p := wire.Poller{Client: a.client, Server: a.last.req.Server, Key: a.ctx.Settings.Key}
	seq := a.pollSeq
	go func() {
		defer close(ch)
		last, outcome, err := p.Follow(ctx, id, func(u wire.TaskUpdate) {
			select {
			case ch <- taskUpdateMsg{seq: seq, update: u}:
			case <-ctx.Done():
			}
		})
		ch <- taskDoneMsg{seq: seq, last: last, outcome: outcome, err: err}
	}()
	return tea.Batch(a.request.spinner.Tick, waitTask(ch))
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

func (a *App) handleTaskUpdate(msg taskUpdateMsg) tea.Cmd {
	if msg.seq != a.pollSeq || a.request.task == nil {
		return nil
	}
	t := a.request.task
	u := msg.update
	t.attempts = u.Attempt
	if u.Response.Code == 30 {
		t.waitNote = fmt.Sprintf("код 30 — пауза %d с", int(wire.DefaultPollSchedule.Next(time.Time{}, u.Throttled).Sub(time.Time{}).Seconds()))
	} else if u.Response.Code == 0 {
		t.waitNote = ""
		t.status = a.ctx.Methods().TaskStatusName(u.State.Status)
		t.percent = u.State.Progress
	}
	return waitTask(a.pollCh)
}

func (a *App) handleTaskDone(msg taskDoneMsg) tea.Cmd {
	if msg.seq != a.pollSeq {
		return nil
	}
	id := ""
	if a.request.task != nil {
		id = a.request.task.id
	}
	a.request.task = nil
	a.pollCancel = nil
	a.pollCh = nil
	statusReq := model.Request{Server: a.last.req.Server, Module: "taskqueue", Method: "getStatus", Params: []model.Param{{Key: "id", Value: id}}}
	var recordCmd tea.Cmd
	if msg.outcome != wire.PollCanceled && msg.outcome != wire.PollAPIError {
		// The task's last getStatus is kept, not every poll.
		recordCmd = a.record(history.FromResult(statusReq, msg.last.Response, msg.err, "tui"))
	}
	switch msg.outcome {
	case wire.PollFinished:
		a.request.SetStatus(statusOK, fmt.Sprintf("задача %s завершена: 100%%, %d запросов статуса", id, msg.last.Attempt))
	case wire.PollRejected:
		a.request.SetStatus(statusError, fmt.Sprintf("задача %s отклонена (статус 3) на %d%%", id, msg.last.State.Progress))
	case wire.PollCanceled:
		a.request.SetStatus(statusWarn, fmt.Sprintf("слежение за задачей %s остановлено", id))
	case wire.PollAPIError:
		// getStatus answered with its own code (2: no such task): show it
		// as an answer of its own.
		a.seq++
		return a.handleAnswer(answerMsg{seq: a.seq, req: statusReq, resp: msg.last.Response})
	case wire.PollFailed:
		a.request.SetStatus(statusError, fmt.Sprintf("задача %s: %v", id, msg.err))
	}
	return recordCmd
}

// saveServer keeps the server a 13 pointed to in the profile's config.
func (a *App) saveServer() tea.Cmd {
	a.canSaveSrv = false
	srv, path, profile := *a.resentTo, a.configPath, a.ctx.Settings.Profile
	return func() tea.Msg {
		return serverSavedMsg{server: srv, path: path, err: config.SaveProfileServer(path, profile, srv)}
	}
}

func (a *App) handleServerSaved(msg serverSavedMsg) {
	if msg.err != nil {
		a.request.SetStatus(statusError, "сервер не сохранён: "+msg.err.Error())
		return
	}
	a.ctx.Settings.Server = msg.server
	a.resentTo = nil
	a.request.SetStatus(statusOK, fmt.Sprintf("сервер %s сохранён в %s", msg.server, msg.path))
}

// layout is where each part of the screen goes for a terminal size.
type layout struct {
	header     bool
	bodyHeight int // codes and detail
	reqHeight  int // the request pane, 0 when it shares the body
	sideBySide bool
	single     bool // one pane at a time: the focused one
	listWidth  int  // outer width of the codes pane when side by side
	bordered   bool
}

const (
	minSideBySideWidth = 70
	minHeaderHeight    = 12
	minBorderHeight    = 6
	minBorderWidth     = 20
	minClampFreeHeight = 3  // a help bar and one line of body
	minStackedHeight   = 18 // below this, one pane at a time
)

// computeLayout places the panes; listNatural is the outer width at which
// the codes list shows every title whole.
func computeLayout(width, height, listNatural int) layout {
	l := layout{header: height >= minHeaderHeight, bordered: height >= minBorderHeight && width >= minBorderWidth}
	avail := height - 1 // help bar
	if l.header {
		avail--
	}
	avail = max(avail, 1)
	if width < minSideBySideWidth || height < minStackedHeight {
		l.single = true
		l.bodyHeight = avail
		return l
	}
	l.sideBySide = true
	l.listWidth = max(min(listNatural, width/2), 30)
	paramLines := min(max(height/8, 2), 5)
	l.reqHeight = requestFixedLines + paramLines + 2 // + border
	l.bodyHeight = max(avail-l.reqHeight, 3)
	return l
}

func (a *App) paneFrame() (int, int) {
	st := a.ctx.Styles.PaneBlurred
	return st.GetHorizontalFrameSize(), st.GetVerticalFrameSize()
}

func (a *App) listNaturalWidth() int {
	fw, _ := a.paneFrame()
	return a.codes.NaturalWidth() + fw
}

func (a *App) resize(width, height int) {
	if width <= 0 || height <= 0 {
		return
	}
	a.width, a.height = width, height
	a.help.SetWidth(width)
	l := computeLayout(width, height, a.listNaturalWidth())
	fw, fh := 0, 0
	if l.bordered {
		fw, fh = a.paneFrame()
	}
	innerH := max(l.bodyHeight-fh, 1)
	a.history.SetSize(width-fw, innerH)
	if l.single {
		a.codes.SetSize(width-fw, innerH)
		a.detail.SetSize(width-fw, innerH)
		a.request.SetSize(width-fw, innerH)
		return
	}
	a.codes.SetSize(l.listWidth-fw, innerH)
	a.detail.SetSize(width-l.listWidth-fw, innerH)
	a.request.SetSize(width-fw, max(l.reqHeight-fh, 1))
}

func (a *App) View() tea.View {
	if a.dirty || a.frame == "" || a.request.running || a.request.task != nil {
		// While a call runs the elapsed time changes every frame.
		a.frame = a.render()
		a.dirty = false
	}
	v := tea.NewView(a.frame)
	v.AltScreen = true
	v.WindowTitle = "codedesk"
	if a.last != nil && a.last.err == nil {
		v.WindowTitle = fmt.Sprintf("codedesk · код %d", a.last.resp.Code)
	}
	switch {
	case a.request.task != nil:
		v.ProgressBar = tea.NewProgressBar(tea.ProgressBarDefault, a.request.task.percent)
	case a.request.running:
		v.ProgressBar = tea.NewProgressBar(tea.ProgressBarIndeterminate, 0)
	}
	return v
}

func (a *App) render() string {
	if a.width <= 0 || a.height <= 0 {
		return "codedesk"
	}
	l := computeLayout(a.width, a.height, a.listNaturalWidth())
	var parts []string
	if l.header {
		parts = append(parts, a.headerView())
	}
	if a.showAllKeys {
		parts = append(parts, a.allKeysView(l.bodyHeight+l.reqHeight))
	} else {
		parts = append(parts, a.bodyView(l))
		if l.reqHeight > 0 {
			parts = append(parts, a.pane(a.request.View(a.now()), a.focus.isTextField(), a.width, l.reqHeight, l.bordered))
		}
	}
	parts = append(parts, a.helpBar())
	out := strings.Join(parts, "\n")
	if a.width < minBorderWidth || a.height < minClampFreeHeight {
		// Below these sizes the parts cannot all fit; draw the top left of
		// the UI rather than past the terminal's edge. Above them every part
		// is cut to size already, and this pass would cost a quarter of the
		// frame.
		return lipgloss.NewStyle().MaxWidth(a.width).MaxHeight(a.height).Render(out)
	}
	return out
}

func (a *App) headerView() string {
	s := a.ctx.Styles
	h := s.Header.Render("codedesk") + s.HeaderMuted.Render(" · коды ответов Mobizon API")
	if srv := a.ctx.Settings.Server; srv.Host != "" {
		h += s.HeaderMuted.Render(" · " + srv.String())
	}
	if a.ctx.Demo {
		h += " " + s.Warning.Render("· песочница")
		if a.demoNote != "" {
			h += s.HeaderMuted.Render(" · " + a.demoNote)
		}
	}
	return ansi.Truncate(h, a.width, "…")
}

func (a *App) pane(content string, focused bool, width, height int, bordered bool) string {
	if !bordered {
		return lipgloss.NewStyle().Width(width).Height(height).MaxHeight(height).Render(content)
	}
	st := a.ctx.Styles.PaneBlurred
	if focused {
		st = a.ctx.Styles.PaneFocused
	}
	return st.Width(width).Height(height).MaxHeight(height).Render(content)
}

func (a *App) bodyView(l layout) string {
	if a.inHistory {
		return a.pane(a.history.View(), true, a.width, l.bodyHeight, l.bordered)
	}
	if l.sideBySide {
		left := a.pane(a.codes.View(), a.focus == focusCodes, l.listWidth, l.bodyHeight, l.bordered)
		right := a.pane(a.detail.View(), a.focus == focusDetail, a.width-l.listWidth, l.bodyHeight, l.bordered)
		return lipgloss.JoinHorizontal(lipgloss.Top, left, right)
	}
	// Narrow or short: one pane at a time, the focused one; tab switches.
	var content string
	switch {
	case a.focus == focusCodes:
		content = a.codes.View()
	case a.focus == focusDetail:
		content = a.detail.View()
	default:
		content = a.request.View(a.now())
	}
	return a.pane(content, true, a.width, l.bodyHeight, l.bordered)
}

// actionBindings are the action keys the current state allows.
func (a *App) actionBindings() []key.Binding {
	var b []key.Binding
	if a.running() || a.pollCancel != nil || a.retryCancel != nil {
		b = append(b, a.actions.Cancel)
	}
	if a.canPoll() {
		b = append(b, a.actions.Poll)
	}
	if a.canRetry() {
		b = append(b, a.actions.Retry)
	}
	if a.canSaveSrv {
		b = append(b, a.actions.SaveServer)
	}
	return b
}

// focusedKeys is the help.KeyMap of what has focus plus the global keys.
func (a *App) focusedKeys() help.KeyMap {
	var pane help.KeyMap
	switch {
	case a.focus == focusCodes:
		pane = a.codes
	case a.focus == focusDetail:
		pane = a.detail
	default:
		pane = a.request
	}
	if a.inHistory {
		return keyMapFunc{
			short: func() []key.Binding {
				b := a.history.ShortHelp()
				if !a.history.TextFocused() {
					b = append(b, a.history.keys.Back, a.keys.Help, a.keys.Quit)
				}
				return b
			},
			full: func() [][]key.Binding {
				return append(a.history.FullHelp(), []key.Binding{a.keys.History, a.keys.Help, a.keys.Quit, a.keys.ForceQuit})
			},
		}
	}
	return keyMapFunc{
		short: func() []key.Binding {
			if a.focus == focusCodes && a.codes.Filtering() {
				return append(pane.ShortHelp(), a.keys.ForceQuit)
			}
			var b []key.Binding
			if !a.focus.isTextField() {
				b = append(b, a.actionBindings()...)
			}
			b = append(b, pane.ShortHelp()...)
			if !a.focus.isTextField() {
				b = append(b, a.keys.Send)
			}
			b = append(b, a.keys.NextPane)
			if !a.focus.isTextField() {
				b = append(b, a.keys.History, a.keys.Help, a.keys.Quit)
			}
			return b
		},
		full: func() [][]key.Binding {
			groups := append([][]key.Binding{}, a.codes.FullHelp()...)
			groups = append(groups, a.detail.FullHelp()...)
			groups = append(groups, a.request.FullHelp()...)
			groups = append(groups, []key.Binding{a.actions.Poll, a.actions.Retry, a.actions.SaveServer, a.actions.Cancel, a.actions.EditCall})
			return append(groups, []key.Binding{a.keys.Send, a.keys.History, a.keys.NextPane, a.keys.PrevPane, a.keys.Help, a.keys.Quit, a.keys.ForceQuit})
		},
	}
}

func (a *App) helpBar() string {
	return ansi.Truncate(a.help.ShortHelpView(a.focusedKeys().ShortHelp()), a.width, "…")
}

func (a *App) allKeysView(height int) string {
	s := a.ctx.Styles
	title := s.PaneTitle.Render("Все клавиши") + s.Muted.Render("  (? или esc — закрыть)")
	l := computeLayout(a.width, a.height, a.listNaturalWidth())
	inner := a.width
	if l.bordered {
		fw, _ := a.paneFrame()
		inner -= fw
	}
	body := title + "\n\n" + keyColumns(a.focusedKeys().FullHelp(), inner, s)
	return a.pane(body, true, a.width, height, l.bordered)
}

// keyColumns lists every binding once, flowing into as many columns as the
// width allows, so that a narrow terminal still shows every key.
func keyColumns(groups [][]key.Binding, width int, s Styles) string {
	type entry struct{ key, desc string }
	var entries []entry
	seen := map[string]bool{}
	keyW, descW := 0, 0
	for _, g := range groups {
		for _, b := range g {
			h := b.Help()
			if h.Key == "" || seen[h.Key+h.Desc] {
				continue
			}
			seen[h.Key+h.Desc] = true
			entries = append(entries, entry{h.Key, h.Desc})
			keyW = max(keyW, lipgloss.Width(h.Key))
			descW = max(descW, lipgloss.Width(h.Desc))
		}
	}
	colW := keyW + 1 + descW + 3
	cols := max(width/colW, 1)
	rows := (len(entries) + cols - 1) / cols
	lines := make([]string, rows)
	for i, e := range entries {
		cell := s.Key.Render(e.key+strings.Repeat(" ", keyW-lipgloss.Width(e.key))) + " " + e.desc
		r := i % rows
		if i/rows < cols-1 {
			cell += strings.Repeat(" ", max(colW-keyW-1-lipgloss.Width(e.desc), 0))
		}
		lines[r] += cell
	}
	return strings.Join(lines, "\n")
}

// keyMapFunc adapts two functions to help.KeyMap.
type keyMapFunc struct {
	short func() []key.Binding
	full  func() [][]key.Binding
}

func (k keyMapFunc) ShortHelp() []key.Binding  { return k.short() }
func (k keyMapFunc) FullHelp() [][]key.Binding { return k.full() }

// toggleHistory switches between the codes and the history view.
func (a *App) toggleHistory() tea.Cmd {
	a.inHistory = !a.inHistory
	if a.inHistory {
		a.request.Blur()
		return a.history.Reload()
	}
	a.setFocus(focusCodes)
	return nil
}

// handleHistoryKey runs the history view's keys; global keys were handled.
func (a *App) handleHistoryKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if !a.history.TextFocused() {
		switch {
		case msg.String() == "esc":
			return a, a.toggleHistory()
		case key.Matches(msg, a.history.keys.Load):
			return a, a.loadSelected()
		}
	}
	var cmd tea.Cmd
	a.history, cmd = a.history.Update(msg)
	return a, cmd
}

// loadSelected puts the selected call into the request pane and goes back
// to it, ready to edit or send.
func (a *App) loadSelected() tea.Cmd {
	c, ok := a.history.Selected()
	if !ok {
		return nil
	}
	a.request.SetServer(c.Server)
	a.request.SetRequest(c.Name(), c.Params)
	a.request.SetStatus(statusInfo, fmt.Sprintf("вызов %d из истории · ctrl+s — отправить", c.ID))
	a.inHistory = false
	return a.setFocus(focusParams)
}

// replaySelected sends the selected call again; the history shows its old
// and new answers side by side.
func (a *App) replaySelected() tea.Cmd {
	c, ok := a.history.Selected()
	if !ok {
		return nil
	}
	req, err := c.Request()
	if err != nil {
		a.history.SetStatus(statusError, fmt.Sprintf("вызов %d: %v", c.ID, err))
		return nil
	}
	a.history.SetStatus(statusInfo, fmt.Sprintf("повтор вызова %d…", c.ID))
	id := c.ID
	return a.sendRequest(req, &id)
}

// looksLikeRequest tells a pasted curl command or API address from text
// meant for a field.
func looksLikeRequest(s string) bool {
	t := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "$ "))
	return strings.HasPrefix(t, "curl ") || strings.HasPrefix(t, "curl\t") ||
		(strings.HasPrefix(t, "http://") || strings.HasPrefix(t, "https://")) && strings.Contains(t, "/service/")
}

// importText fills the request from a pasted curl command or URL, keeps it
// in the history, and says what was dropped (a key, options).
func (a *App) importText(text string) tea.Cmd {
	im, err := curl.Parse(text)
	if err != nil {
		a.request.SetStatus(statusError, "вставка не разобрана: "+err.Error())
		a.history.SetStatus(statusError, "вставка не разобрана: "+err.Error())
		return nil
	}
	r := im.Request
	a.request.SetServer(r.Server.String())
	a.request.SetRequest(r.Name(), r.Params)
	msg := fmt.Sprintf("импортировано: %s, параметров %d", r.Name(), len(r.Params))
	if im.KeyRemoved {
		// First: it is what the user must know before sending.
		msg = "ключ из запроса удалён, отправка пойдёт с вашим · " + msg
	}
	if len(im.Notes) > 0 {
		msg += " · " + strings.Join(im.Notes, "; ")
	}
	a.request.SetStatus(statusInfo, msg+" · ctrl+s — отправить")
	a.inHistory = false
	focus := a.setFocus(focusParams)
	return tea.Batch(focus, a.record(history.Call{Server: r.Server.String(), Module: r.Module, Method: r.Method,
		HTTPMethod: r.HTTPMethod(), Params: r.Params, Source: "import"}))
}
