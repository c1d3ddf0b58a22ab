package ui

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/config"
	"codedesk/model/curl"
	"codedesk/model/reply"
	"codedesk/model/ru"
	"codedesk/model/safe"
)

// send builds the request from the pane and sends it.
func (a *App) send() tea.Cmd {
	settle := a.request.Settle()
	req, err := a.request.Build()
	if err != nil {
		return tea.Batch(settle, say(statusError, err.Error()))
	}
	as := sendAs{origin: a.request.Origin()}
	req, moved, note := a.toSandbox(req)
	if moved.Host != "" {
		as.origin = moved
		a.request.SetOrigin(moved)
	}
	// A pasted request is kept as the call it makes (when it comes back),
	// not as a second row for the paste; once its method was changed it is
	// another call, and the customer's request is kept as they sent it.
	var kept tea.Cmd
	as.imported = a.pendingImport
	if p := a.pendingImport; p != nil && !strings.EqualFold(p.Name(), req.Name()) {
		kept, as.imported = a.keepImport(), nil
	}
	a.editsAtSend = a.edits
	return tea.Batch(settle, note, kept, a.session.Send(req, as))
}

// toSandbox sends a demo's request to the sandbox region standing for the
// server it names, shows that in the server field, and says so; from is
// the server it named when it was moved.
func (a *App) toSandbox(req model.Request) (_ model.Request, from model.Server, note tea.Cmd) {
	if a.ctx.Demo == nil {
		return req, from, nil
	}
	r, moved := a.ctx.Demo.route(req.Server)
	if !moved {
		return req, from, nil
	}
	from = req.Server
	req.Server = r.Server
	a.request.SetServer(r.Server.BaseURL())
	return req, from, say(statusInfo, a.ctx.Demo.movedNote(from, r))
}

// retry resends after a 13 (to the server it names, shown in the request)
// or a 30 (after a countdown).
func (a *App) retry() tea.Cmd {
	cmd, movedTo := a.session.Retry()
	if movedTo != nil {
		a.request.SetServer(movedTo.BaseURL())
	}
	return cmd
}

// serverSavedMsg says the profile's server was written (or why not).
type serverSavedMsg struct {
	server  model.Server
	path    string
	profile string // the profile that holds it now
	err     error
}

// keepServer keeps the server a 13 pointed to in the profile's config (the
// demo's own throwaway config in the demo, under a profile of its own).
func (a *App) keepServer() tea.Cmd {
	x, _ := a.session.Last()
	srv, path, profile := x.Request.Server, a.configPath, a.ctx.Settings.Profile
	if path == "" {
		return say(statusError, "сервер не сохранить: файл настроек не задан")
	}
	switch {
	case profile != "":
	case a.ctx.Demo != nil:
		profile = demoProfile
	default:
		profile = "default" // as config names a profile it has to make
	}
	return func() tea.Msg {
		return serverSavedMsg{server: srv, path: path, profile: profile, err: config.SaveProfileServer(path, profile, srv)}
	}
}

// showKept redraws the last answer's card with its server kept: the card
// says it is done instead of offering s.
func (a *App) showKept(done string) tea.Cmd {
	x, ok := a.session.Last()
	if !ok {
		return nil
	}
	a.answers++
	shown := newShownAnswer(a.ctx, a.answers, x, a.client.Insecure())
	shown.kept = done
	return a.detail.SetAnswer(shown)
}

// recordedMsg says a call reached the history, or why not.
type recordedMsg struct {
	replayOf *int64
	err      error
}

// replayConsentMsg says the user agreed to send a paid call again.
type replayConsentMsg struct {
	req    model.Request
	origin model.Server // the server the call named, when the demo moved it
	id     int64
}

// handleResult handles the results of the app's own commands.
func (a *App) handleResult(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case historyOpenedMsg:
		if msg.err != nil {
			a.historyErr, a.pending = msg.err, nil
			a.history.SetStore(nil, msg.err)
			a.alertHistory(msg.err)
			return nil
		}
		a.db = newHistoryDB(msg.store, a.root)
		a.history.SetStore(a.db, nil)
		cmds := make([]tea.Cmd, 0, len(a.pending)+2)
		cmds = append(cmds, a.db.watch(), a.checkHistory())
		for _, c := range a.pending {
			cmds = append(cmds, a.keep(c))
		}
		a.pending = nil
		if a.view == historyView {
			cmds = append(cmds, a.history.Reload())
		}
		return tea.Batch(cmds...)
	case recordedMsg:
		if msg.err != nil {
			return a.notSaved(msg.err)
		}
		if a.view == historyView {
			return a.history.Refresh() // the count, and a replay's new row
		}
	case replayConsentMsg:
		return tea.Batch(say(statusInfo, fmt.Sprintf("повтор вызова %d…", msg.id)), a.session.Send(msg.req, sendAs{replayOf: &msg.id, origin: msg.origin}))
	case serverSavedMsg:
		if msg.err != nil {
			return say(statusError, "сервер не сохранён: "+msg.err.Error())
		}
		// The kept server is now a profile's: one the user named.
		s := a.ctx.Settings
		s.Server, s.Trust, s.Profile = msg.server, s.Trust.With(msg.server), msg.profile
		a.ctx.SetSettings(s)
		a.client = newClient(a.ctx)
		a.session.SetClient(a.client)
		a.session.Kept()
		done := fmt.Sprintf("сервер %s сохранён в профиле %s (%s)", msg.server, msg.profile, msg.path)
		return tea.Batch(a.showKept("сохранено: "+done), say(statusOK, done))
	case profileChosenMsg:
		return a.switchProfile(msg)
	}
	return nil
}

// showAnswer shows an explained answer: the status line sums it up, the
// list selects and marks its code, the card explains it, and the history
// keeps it (and shows old → new for a replay).
func (a *App) showAnswer(msg answerMsg) tea.Cmd {
	x := msg.x
	a.answers++
	shown := newShownAnswer(a.ctx, a.answers, x, a.client.Insecure())
	kind, text, hint := answerStatus(x, a.session.RetryIn())
	if msg.status != "" {
		text, hint = msg.status, msg.hint
	}
	a.status.SetStatusWithKey(kind, text, hint)
	if x.NoAnswer == nil {
		a.codes.Select(x.Code.Number)
		a.codes.Mark(x.Code.Number)
	}
	if msg.as.replayOf != nil {
		a.history.RecordReplay(*msg.as.replayOf, shown)
	}
	cmd := tea.Batch(a.record(x, msg.as), a.detail.SetAnswer(shown))
	if a.view == codesView && (!a.focus.isTextField() || a.edits == a.editsAtSend) {
		// The answer is what one reads next, and its action keys work
		// there. Only typing since the send keeps the keyboard in a
		// field: the status line then says how to reach the keys.
		cmd = tea.Batch(cmd, a.setFocus(focusDetail))
	}
	return cmd
}

// record keeps a call in the history, off the update loop.
func (a *App) record(x model.Explanation, as sendAs) tea.Cmd {
	c := history.FromResult(x.Request, x.Response, x.Err, "tui")
	switch {
	case as.replayOf != nil:
		c.ReplayOf, c.Source = as.replayOf, "replay"
	case as.imported != nil:
		c.Source = history.SourceImport
		if a.pendingImport == as.imported {
			a.pendingImport = nil // kept as this call
		}
	}
	return a.keep(c)
}

// keepImport keeps a pasted request that was not sent (another paste or a
// call from the history replaced it, the history view is opened, the app
// ends) as the customer sent it; a sent one is kept as the call it made.
func (a *App) keepImport() tea.Cmd {
	c := a.pendingImport
	a.pendingImport = nil
	if c == nil {
		return nil
	}
	return a.keep(*c)
}

// keep writes c to the history; a call made before the history has
// opened waits for it.
func (a *App) keep(c history.Call) tea.Cmd {
	if a.db == nil {
		if a.historyPath != "" && a.historyErr == nil {
			a.pending = append(a.pending, c)
		}
		return nil
	}
	key := a.ctx.Settings.Key
	return a.db.write(func(ctx context.Context, s historyStore) tea.Msg {
		_, err := s.Record(ctx, c, key)
		return recordedMsg{replayOf: c.ReplayOf, err: err}
	})
}

// loadSelected puts the selected call into the request pane, its answer
// into the card, and goes back to them, ready to edit or send.
func (a *App) loadSelected() tea.Cmd {
	c, ok := a.history.Selected()
	if !ok {
		return say(statusWarn, errNoSelection.Error())
	}
	rec := a.keepImport() // the pasted request gives way to this call
	a.request.SetServer(c.Server)
	kind, note := statusInfo, fmt.Sprintf("вызов %d из истории · ctrl+s — отправить", c.ID)
	if cuts := a.request.SetRequest(a.ctx.MethodName(c.Name()), c.Params); len(cuts) > 0 {
		kind, note = statusWarn, note+" · "+cutNote(cuts, fmt.Sprintf("codedesk replay %d", c.ID))
	}
	a.view = codesView
	a.resize(a.width, a.height)
	cmds := []tea.Cmd{rec, say(kind, note)}
	cmds = append(cmds, a.forgetAnswer())
	if exch, sent := exchangeOf(c); sent {
		// Its answer is on screen with its request: its actions apply.
		x := a.ctx.Explain(exch)
		a.session.Adopt(x)
		a.answers++
		if x.NoAnswer == nil {
			a.codes.Select(x.Code.Number)
			a.codes.Mark(x.Code.Number)
		}
		cmds = append(cmds, a.detail.SetAnswer(newShownAnswer(a.ctx, a.answers, x, false)))
	}
	return tea.Batch(append(cmds, a.setFocus(focusParams))...)
}

// replaySelected sends the selected call again; the history shows its old
// and new answers side by side. A call that sends paid messages goes only
// after the user agrees, told how many and to whom.
func (a *App) replaySelected() tea.Cmd {
	c, ok := a.history.Selected()
	if !ok {
		return say(statusWarn, errNoSelection.Error())
	}
	req, err := c.Request()
	if err != nil {
		return say(statusError, fmt.Sprintf("вызов %d: %v", c.ID, err))
	}
	req, origin, note := a.toSandbox(req)
	consent := replayConsentMsg{req: req, origin: origin, id: c.ID}
	if !model.SpendsMoney(c.Name()) {
		return tea.Batch(note, emit(consent))
	}
	return tea.Batch(note, emit(confirmMsg{question: consentQuestion(c, req, a.ctx.MethodName(req.Name())), yes: emit(consent)}))
}

// consentQuestion names what a paid replay of method would send, and
// whether the first attempt may already have been delivered.
func consentQuestion(c history.Call, req model.Request, method string) string {
	names, total := model.Recipients(req, 5)
	whom := ru.Join(names)
	if total > len(names) {
		whom += fmt.Sprintf(" и ещё %d", total-len(names))
	}
	what := fmt.Sprintf("%s: %s", ru.Messages.Count(total), whom)
	if strings.EqualFold(req.Name(), "campaign/send") {
		what = "рассылку " + whom + " — всем её получателям"
	}
	q := fmt.Sprintf("Повторить вызов %d (%s)? Он отправит за счёт клиента %s.", c.ID, safe.Line(method), what)
	if !c.Sent() {
		q += " Этот запрос импортирован и ещё не отправлялся."
	} else if c.Code == nil {
		q += " Прошлая отправка осталась без ответа (" + safe.Line(c.ErrorKind) + "): исход неизвестен, сообщения могли уже уйти."
	}
	return q
}

// handlePaste turns a pasted curl command or API address into the request;
// other text goes to the field that has the keyboard.
func (a *App) handlePaste(msg tea.PasteMsg) tea.Cmd {
	if looksLikeRequest(msg.Content) && !(a.view != codesView && a.typing()) {
		return a.importText(msg.Content)
	}
	var cmd tea.Cmd
	switch a.view {
	case deliveryView:
		a.delivery, cmd = a.delivery.Update(msg)
		return cmd
	case webhooksView:
		a.webhooks, cmd = a.webhooks.Update(msg)
		return cmd
	}
	if a.view == historyView {
		a.history, cmd = a.history.Update(msg)
		return cmd
	}
	// Several lines always go to the parameters, one line to the focused
	// field. Terminals paste line breaks as CR.
	if !a.focus.isTextField() || strings.ContainsAny(msg.Content, "\r\n") {
		a.setFocus(focusParams)
	}
	a.edits++
	return a.updateFocused(msg)
}

// importText fills the request from a pasted curl command or URL, keeps it
// in the history, and says what was dropped (a key, options). The text
// goes to the parser as pasted, CR line breaks and all.
func (a *App) importText(text string) tea.Cmd {
	im, err := curl.Parse(text)
	if err != nil {
		return say(statusError, "вставка не разобрана: "+err.Error())
	}
	r := im.Request
	name := a.ctx.MethodName(r.Name()) // as the docs write it, not as the URL's path
	imported := fmt.Sprintf("импортировано: %s, %s", name, ru.Params.Count(len(r.Params)))
	msg := imported
	if im.KeyRemoved {
		// First: it is what the user must know before sending.
		msg = "ключ из запроса удалён, отправка пойдёт с вашим · " + msg
	}
	if len(im.Notes) > 0 {
		msg += " · " + strings.Join(im.Notes, "; ")
	}
	shown := r.Server
	switch {
	case a.ctx.Demo != nil:
		reg, _ := a.ctx.Demo.route(r.Server)
		shown = reg.Server
		msg += " · " + a.ctx.Demo.movedNote(r.Server, reg)
	case !a.ctx.Trust().Allows(r.Server):
		msg += " · " + a.ctx.Trust().Check(r.Server).Error()
	}
	a.request.SetServer(shown.BaseURL())
	if a.ctx.Demo != nil {
		a.request.SetOrigin(r.Server) // what a reply to the customer names
	}
	kind := statusInfo
	if cuts := a.request.SetRequest(name, r.Params); len(cuts) > 0 {
		// Right after what was imported: it is what the user must know.
		kind, msg = statusWarn, strings.Replace(msg, imported, imported+" · "+cutNote(cuts, "codedesk import"), 1)
	}
	a.edits++
	a.view = codesView
	a.resize(a.width, a.height)
	focus := tea.Batch(a.setFocus(focusParams), a.forgetAnswer())
	// The history keeps the request as the customer sent it, unless it
	// is sent: then the call it made (see keepImport).
	rec := a.keepImport()
	a.pendingImport = &history.Call{At: a.ctx.Now(), Server: r.Server.String(), Module: r.Module, Method: r.Method,
		HTTPMethod: r.HTTPMethod(), Params: r.Params, Source: history.SourceImport}
	return tea.Batch(focus, rec, say(kind, msg+" · ctrl+s — отправить"))
}

// forgetAnswer takes the last answer off the screen when a new request
// replaces the one it answered: its actions no longer apply.
func (a *App) forgetAnswer() tea.Cmd {
	a.session.Forget()
	a.codes.Mark(-1)
	return tea.Batch(a.detail.DropAnswer(), a.detail.Refresh())
}

// copyCurl puts the current request (the request pane's, or the selected
// history call's) on the terminal's clipboard as a curl command with the
// key as $MOBIZON_API_KEY.
func (a *App) copyCurl() tea.Cmd {
	var req model.Request
	var err error
	if a.view == historyView {
		c, ok := a.history.Selected()
		if !ok {
			return say(statusWarn, errNoSelection.Error())
		}
		req, err = c.Request()
	} else {
		req, err = a.request.Build()
	}
	if err != nil {
		return say(statusError, "нечего копировать: "+err.Error())
	}
	// The domain's rule, as for the history and the CLI's export: no
	// key-named parameter is ever handed out, and a foreign server's
	// command carries the placeholder, not the variable.
	req, dropped := req.WithoutKeyParams()
	ex := curl.CommandFor(req, a.ctx.Trust())
	kind, text := statusOK, "curl скопирован в буфер обмена терминала (OSC 52), ключ — "+curl.KeyVariable
	if ex.Warning != "" {
		kind, text = statusWarn, "curl скопирован в буфер обмена терминала (OSC 52), ключ — "+curl.KeyPlaceholder+": "+ex.Warning
	}
	return tea.Batch(tea.SetClipboard(ex.Command), say(kind, text+droppedNote(dropped)))
}

// droppedNote says which key-named parameters a copy left out.
func droppedNote(dropped []string) string {
	if len(dropped) == 0 {
		return ""
	}
	names := safe.Line(strings.Join(dropped, ", "))
	if len(dropped) == 1 {
		return " · параметр " + names + " (ключ) не скопирован"
	}
	return " · параметры " + names + " (ключ) не скопированы"
}

// copyReply puts a reply for the customer about the last answer (or the
// selected history call's) on the terminal's clipboard.
func (a *App) copyReply() tea.Cmd {
	x, ok := a.session.Last()
	if a.view == historyView {
		c, found := a.history.Selected()
		if !found {
			return say(statusWarn, errNoSelection.Error())
		}
		exch, sent := exchangeOf(c)
		if !sent {
			return say(statusWarn, fmt.Sprintf("вызов %d не отправлялся: отвечать клиенту пока нечем", c.ID))
		}
		x, ok = a.ctx.Explain(exch), true
	}
	if !ok {
		return say(statusWarn, "ответа ещё нет: отправьте запрос (ctrl+s)")
	}
	if origin, moved := a.session.Origin(); moved && a.view != historyView {
		// The demo sent it to the sandbox: the customer asked their host.
		x.Request.Server = origin
	}
	_, dropped := x.Request.WithoutKeyParams()
	return tea.Batch(tea.SetClipboard(reply.TextFor(x, a.ctx.Trust())),
		say(statusOK, "ответ клиенту скопирован в буфер обмена терминала (OSC 52), без ключа"+droppedNote(dropped)))
}

// switchProfile makes a profile of config.toml the one calls run with.
func (a *App) switchProfile(msg profileChosenMsg) tea.Cmd {
	a.overlay = noOverlay
	s := msg.settings
	if a.ctx.Demo != nil && s.Key == "" {
		// The demo's profile keeps the sandbox's key.
		s.Key, s.KeySource = a.ctx.Settings.Key, a.ctx.Settings.KeySource
	}
	a.ctx.SetSettings(s)
	a.client = newClient(a.ctx)
	a.session.SetClient(a.client)
	a.request.SetServer(s.Server.String())
	text := fmt.Sprintf("профиль %s: %s, %s", msg.name, a.picker.serverText(s.Server), a.picker.keyText(s))
	if len(s.Warnings) > 0 {
		// What is worth fixing in the profile's settings, said now.
		return say(statusWarn, text+" · "+strings.Join(s.Warnings, " · "))
	}
	return say(statusOK, text)
}

// nonEmpty is s alone, or nothing when it is empty.
func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// looksLikeRequest tells a pasted curl command or API address from text
// meant for a field.
func looksLikeRequest(s string) bool {
	t := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "$ "))
	return len(t) > 4 && strings.HasPrefix(t, "curl") && strings.ContainsRune(" \t\r\n", rune(t[4])) ||
		(strings.HasPrefix(t, "http://") || strings.HasPrefix(t, "https://")) && strings.Contains(t, "/service/")
}
