package ui

import (
	"context"
	"errors"
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/config"
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

// viewKind is what the body shows.
type viewKind int

const (
	codesView    viewKind = iota // codes, card and request
	historyView                  // the history, all of the body
	deliveryView                 // «Доставка»: where SMS are, all of the body
	webhooksView                 // «Вебхуки»: a local listener, all of the body
)

// overlayKind is what is drawn over the body, taking the keys.
type overlayKind int

const (
	noOverlay overlayKind = iota
	helpOverlay
	profilesOverlay
)

// Options configure the app before its first frame.
type Options struct {
	Catalog *catalog.Catalog
	// Settings are what calls run with; an empty Key still lets the user
	// browse, and the status line says how to set one.
	Settings config.Settings
	// Client sends calls; nil builds one from Settings.
	Client *wire.Client
	// ConfigPath is config.toml: its profiles are offered in the picker,
	// and "keep this server" writes there. The demo passes a file of its
	// own that goes away with it.
	ConfigPath string
	// HistoryPath is the history file, opened after the first frame; ""
	// keeps no history.
	HistoryPath string
	// DemoRegions are the built-in sandbox's regions: when set, every call
	// goes to one of them, whatever server it names.
	DemoRegions []DemoRegion
	// Method and Params prefill the request pane.
	Method string
	Params []model.Param
	// Width and Height are the terminal size when known before start, so the
	// first frame is already laid out instead of waiting for a resize event.
	Width, Height int
	NoColor       bool
	// Note is shown in the status line at start (a broken config file,
	// say: browsing works regardless).
	Note string
	// DemoWebhooks, in the demo, lets the «Вебхуки» view's listener get
	// the sandbox's delivery reports; nil elsewhere.
	DemoWebhooks *DemoWebhooks
	// Clock is what the UI waits on; nil is the wall clock.
	Clock model.Clock
	// Getenv reads the environment for the profile picker; nil is os.Getenv.
	Getenv func(string) string
}

// App is the root model. It owns focus, layout, the overlays and the global
// keys, and routes: keys to the focused pane, each async result to the
// part whose type it carries (cards to the detail, pages to the history,
// call results to the session), the session's answers to the panes. It
// decides nothing about what an answer means.
type App struct {
	ctx     *Context
	keys    globalKeys
	actions actionKeys
	session *session
	client  *wire.Client

	codes   codesPane
	detail  detailPane
	request requestPane
	history historyPane
	// delivery and webhooks are built on first use (viewsBuilt): the
	// first frame does not need them.
	delivery   deliveryPane
	webhooks   webhooksPane
	viewsBuilt bool
	demoHooks  *DemoWebhooks
	status     statusLine
	help       help.Model
	allKeys    keyList
	picker     profilePicker
	confirm    *confirmPrompt

	focus   focusArea
	view    viewKind
	overlay overlayKind

	db          *historyDB
	historyPath string
	// opening hands Close the history an open still in flight at quit.
	opening    <-chan historyOpenedMsg
	historyErr error          // why the history did not open
	pending    []history.Call // calls made before it opened
	// pendingImport is the pasted request on screen, kept in the history
	// once it is clear it will not be sent (keepImport).
	pendingImport *history.Call
	configPath    string
	getenv        func(string) string
	answers       int // numbers each answer shown
	// edits counts keys typed into the request's fields; editsAtSend is
	// its value at the last send: an answer takes the keyboard to itself
	// unless the user has typed since.
	edits, editsAtSend int

	// root ends with the program: every call, poll, countdown and read
	// waits on it.
	root context.Context
	stop context.CancelFunc

	width, height int
	statusLines   int // the status line's height the layout was made for
	reqLines      int // the request's wanted height the layout was made for
	// frame is the last rendered screen; start-up alone brings several
	// messages that change nothing, and each would otherwise redraw it all.
	frame string
	dirty bool
}

// New builds the app. It does no I/O and renders nothing with glamour: the
// first frame must not wait on anything.
func New(opts Options) *App {
	clock := opts.Clock
	if clock == nil {
		clock = model.RealClock{}
	}
	// Dark until the terminal says otherwise: most terminals are dark, and a
	// terminal that never answers the background query must still get a UI.
	ctx := &Context{Catalog: opts.Catalog, Styles: DefaultStyles(true, opts.NoColor), Settings: opts.Settings,
		Demo: newDemo(opts.DemoRegions), Clock: clock}
	client := opts.Client
	if client == nil {
		client = newClient(ctx)
	}
	root, stop := context.WithCancel(context.Background())
	server := ""
	if opts.Settings.Server.Host != "" {
		server = opts.Settings.Server.String()
	}
	a := &App{ctx: ctx, keys: defaultGlobalKeys(), actions: defaultActionKeys(), client: client,
		session: newSession(ctx, root, client),
		codes:   newCodesPane(ctx), detail: newDetailPane(ctx), request: newRequestPane(ctx, server),
		history: newHistoryPane(ctx), status: newStatusLine(ctx), help: help.New(), allKeys: newKeyList(ctx),
		picker:      newProfilePicker(ctx, opts.ConfigPath),
		historyPath: opts.HistoryPath, configPath: opts.ConfigPath, getenv: opts.Getenv, root: root, stop: stop}
	if a.getenv == nil {
		a.getenv = os.Getenv
	}
	a.demoHooks = opts.DemoWebhooks
	a.request.editHint = keyHint(a.actions.EditCall)
	if opts.Method != "" {
		a.request.SetRequest(opts.Method, opts.Params)
	}
	if note := strings.Join(append(nonEmpty(opts.Note), opts.Settings.Warnings...), " · "); note != "" {
		a.status.SetStatus(statusWarn, note)
	}
	a.help.Styles = ctx.Styles.Help
	a.resize(opts.Width, opts.Height)
	if c, ok := a.codes.Selected(); ok {
		// No command yet: the glamour render starts after the first frame.
		a.detail.ShowPlain(c)
	}
	return a
}

// newClient is a client for the settings, sending the key only where the
// context's trust rule allows.
func newClient(ctx *Context) *wire.Client {
	s := ctx.Settings
	return wire.NewClient(wire.ClientOptions{Timeout: s.Timeout, Insecure: s.Insecure, Trust: ctx.Trust()})
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

// warmUp renders the current card, builds the search index, gives the
// method field its completions and opens the history.
func (a *App) warmUp() tea.Cmd {
	a.request.SetMethodNames(a.ctx.Methods().Names())
	cat := a.ctx.Catalog
	return tea.Batch(a.detail.Refresh(), func() tea.Msg {
		cat.Warm()
		return indexReadyMsg{}
	}, a.openHistory())
}

// historyOpenedMsg carries the opened history, or why it could not open.
type historyOpenedMsg struct {
	store historyStore
	err   error
}

func (a *App) openHistory() tea.Cmd {
	path := a.historyPath
	if path == "" {
		a.history.SetStore(nil, errors.New("история отключена"))
		return nil
	}
	agent := a.ctx.Settings.Agent
	opened := make(chan historyOpenedMsg, 1)
	a.opening = opened
	return func() tea.Msg {
		s, err := openStore(path, agent)
		msg := historyOpenedMsg{store: s, err: err}
		opened <- msg // for Close, should the program end before it reads the message
		return msg
	}
}

// closeWait is how long quitting waits for history writes in flight.
const closeWait = 2 * time.Second

// Close ends what the app started: the call on the wire, the followed
// task, a retry's countdown; it keeps a pasted request never sent; then
// it waits (up to two seconds) for history writes in flight and closes
// the store. The caller runs it after the program.
func (a *App) Close() error {
	a.stop()
	a.keepImport()
	if a.viewsBuilt {
		a.delivery.Close()
		a.webhooks.Close()
	}
	if a.db == nil && a.opening != nil {
		// Quit while the history was opening: close what opened, so the
		// file is left as it was (no -wal or -shm beside it).
		select {
		case msg := <-a.opening:
			if msg.store != nil {
				a.db = newHistoryDB(msg.store, context.Background())
			}
		case <-time.After(closeWait):
		}
	}
	if a.db == nil && len(a.pending) > 0 && a.historyErr == nil {
		// Quit before the history opened: open it now for what waits.
		s, err := openStore(a.historyPath, a.ctx.Settings.Agent)
		if err != nil {
			return err
		}
		a.db = newHistoryDB(s, context.Background())
	}
	if a.db == nil {
		return nil
	}
	pending := a.pending
	a.pending = nil
	for _, c := range pending {
		a.keep(c)
	}
	return a.db.Close(closeWait)
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
	cmd := a.route(msg)
	cmd = tea.Batch(cmd, a.status.SetActivity(a.session.Activity()))
	a.status.SetKeysAway(a.view != codesView || a.typing())
	if a.status.Height() != a.statusLines || a.request.WantedHeight() != a.reqLines {
		// A long message wraps, the request grows: the panes give them room.
		a.resize(a.width, a.height)
	}
	return a, cmd
}

// route hands msg to its owner: each async result's type names the part
// that asked for it.
func (a *App) route(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.resize(msg.Width, msg.Height)
		return a.detail.Refresh()
	case startupIdleMsg:
		return a.warmUp()
	case tea.BackgroundColorMsg:
		return a.setDark(msg.IsDark())
	case cardRenderedMsg:
		a.detail, cmd = a.detail.Update(msg)
	case callDoneMsg, retryTickMsg, taskUpdateMsg, taskDoneMsg:
		return a.session.Update(msg)
	case answerMsg:
		return a.showAnswer(msg)
	case statusMsg:
		a.status.SetStatusWithKey(msg.kind, msg.text, msg.hint)
	case confirmMsg:
		a.confirm = newConfirm(msg)
	case historyOpenedMsg, recordedMsg, replayConsentMsg, serverSavedMsg, profileChosenMsg:
		return a.handleResult(msg)
	case historyPageMsg, historyChangedMsg, historyDetailMsg:
		a.history, cmd = a.history.Update(msg)
	case profilesLoadedMsg:
		a.picker, cmd = a.picker.Update(msg)
	case spinner.TickMsg:
		a.status, cmd = a.status.Update(msg)
	case tea.KeyPressMsg:
		return a.handleKey(msg)
	case tea.PasteMsg:
		return a.handlePaste(msg)
	default:
		if cmd, ok := a.routeMore(msg); ok {
			return cmd
		}
		return a.updateFocused(msg) // cursor blinks and the like
	}
	return cmd
}

// setDark rebuilds the styles for the terminal's background.
func (a *App) setDark(dark bool) tea.Cmd {
	if dark == a.ctx.Styles.IsDark {
		return nil
	}
	s := DefaultStyles(dark, a.ctx.Styles.NoColor)
	a.ctx.Styles = s
	a.help.Styles = s.Help
	a.codes.applyStyles()
	a.request.applyStyles(s)
	a.history.applyStyles(s)
	if a.viewsBuilt {
		a.delivery.applyStyles(s)
		a.webhooks.applyStyles(s)
	}
	a.status.applyStyles(s)
	return a.detail.Refresh()
}

func (a *App) handleKey(k tea.KeyPressMsg) tea.Cmd {
	if key.Matches(k, a.keys.ForceQuit) {
		return tea.Quit
	}
	if a.confirm != nil {
		cmd, done := a.confirm.Update(k)
		if done {
			a.confirm = nil
		}
		return cmd
	}
	switch a.overlay {
	case helpOverlay:
		return a.allKeysKey(k)
	case profilesOverlay:
		return a.pickerKey(k)
	}
	switch {
	case key.Matches(k, a.keys.History):
		return a.toggleHistory()
	case key.Matches(k, a.keys.Delivery):
		return a.toggleView(deliveryView)
	case key.Matches(k, a.keys.Webhooks):
		return a.toggleView(webhooksView)
	case key.Matches(k, a.keys.Send) && a.view == historyView:
		return a.historyReplay(k)
	case key.Matches(k, a.keys.Send):
		return a.send()
	case key.Matches(k, a.keys.Profiles):
		return a.openProfiles()
	case key.Matches(k, a.actions.Cancel):
		if cmd, ok := a.session.Cancel(); ok {
			return cmd
		}
	}
	if !a.typing() {
		switch {
		case key.Matches(k, a.keys.Quit):
			return tea.Quit
		case key.Matches(k, a.keys.Help):
			return a.openAllKeys()
		}
	}
	switch {
	case a.view == historyView:
		return a.historyKey(k)
	case a.view != codesView:
		return a.viewKey(k)
	case a.focus == focusCodes && a.codes.Filtering():
		return a.updateFocused(k)
	case a.focus.isTextField():
		return a.fieldKey(k)
	}
	return a.paneKey(k)
}

// fieldKey runs the keys of a request field: moving between fields and
// leaving them; the rest is typing.
func (a *App) fieldKey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, a.keys.NextPane):
		return a.setFocus(a.nextFocus(1))
	case key.Matches(k, a.keys.PrevPane):
		return a.setFocus(a.nextFocus(-1))
	case key.Matches(k, a.keys.Back):
		return a.setFocus(focusCodes)
	case a.focus == focusMethod && key.Matches(k, a.request.keys.ToParams):
		// enter takes the completion and moves on to the parameters.
		return tea.Batch(a.request.AcceptCompletion(), a.setFocus(focusParams))
	case a.focus == focusServer && key.Matches(k, a.request.keys.ToMethod):
		return a.setFocus(focusMethod)
	}
	a.edits++
	return a.updateFocused(k)
}

// paneKey runs the keys of the codes list and the card: moving focus and
// the actions on the last answer and the request.
func (a *App) paneKey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, a.keys.NextPane):
		return a.setFocus(a.nextFocus(1))
	case key.Matches(k, a.keys.PrevPane):
		return a.setFocus(a.nextFocus(-1))
	case key.Matches(k, a.actions.Poll) && a.session.Can(model.ActionFollowTask):
		return a.session.Follow()
	case key.Matches(k, a.actions.Watch) && a.session.Can(model.ActionWatchDelivery):
		return a.session.Watch()
	case key.Matches(k, a.actions.Retry):
		return a.retry()
	case key.Matches(k, a.actions.SaveServer) && a.session.Can(model.ActionKeepServer):
		return a.keepServer()
	case key.Matches(k, a.actions.EditCall):
		a.request.EditAtEnd() // e is for adding to the request: its cursor goes last
		return a.setFocus(focusParams)
	case key.Matches(k, a.actions.CopyCurl):
		return a.copyCurl()
	case key.Matches(k, a.actions.CopyReply):
		return a.copyReply()
	case key.Matches(k, a.codes.keys.Filter) && a.focus != focusCodes:
		// "/" searches the codes from anywhere: the list is what one searches.
		a.setFocus(focusCodes)
	}
	return a.updateFocused(k)
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
	return a.request.Blur()
}

// updateFocused hands a message to the focused pane and keeps the card on
// the code under the list's cursor.
func (a *App) updateFocused(msg tea.Msg) tea.Cmd {
	before, had := a.codes.Selected()
	var cmd tea.Cmd
	switch {
	case a.focus == focusCodes:
		a.codes, cmd = a.codes.Update(msg)
	case a.focus == focusDetail:
		a.detail, cmd = a.detail.Update(msg)
	default:
		a.request, cmd = a.request.Update(msg)
	}
	after, has := a.codes.Selected()
	switch {
	case has && (!had || entryID(after) != entryID(before)):
		cmd = tea.Batch(cmd, a.detail.Show(after))
	case !has && had:
		a.detail.Clear("ничего не найдено")
	}
	return cmd
}

func (a *App) openAllKeys() tea.Cmd {
	a.overlay = helpOverlay
	a.allKeys.SetSections(a.keySections())
	return nil
}

func (a *App) allKeysKey(k tea.KeyPressMsg) tea.Cmd {
	if key.Matches(k, a.keys.Help) || key.Matches(k, a.keys.Back) || key.Matches(k, a.keys.Quit) {
		a.overlay = noOverlay
		return nil
	}
	a.allKeys.Update(k)
	return nil
}

func (a *App) openProfiles() tea.Cmd {
	a.overlay = profilesOverlay
	return a.picker.Open(a.getenv)
}

func (a *App) pickerKey(k tea.KeyPressMsg) tea.Cmd {
	if key.Matches(k, a.picker.keys.Close) {
		a.overlay = noOverlay
		return nil
	}
	var cmd tea.Cmd
	a.picker, cmd = a.picker.Update(k)
	return cmd
}

// errNoSelection says a history key found no call under the cursor.
var errNoSelection = errors.New("в истории не выбран вызов")
