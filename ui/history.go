package ui

import (
	"context"
	"fmt"
	"strconv"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"codedesk/history"
)

// maxDetails is how many rendered call details the pane keeps.
const maxDetails = 32

// historyPage is how many calls one load brings; more come as the cursor
// nears the end, so the view opens at once however long the history is.
const historyPage = 100

// historyPane lists recorded calls newest first, with the selected one in
// full beside or under the list (a scrollable view; tab moves the keys
// there), or one of the two at a time on a small terminal. It searches and
// filters through the store, never in memory, and loads pages on demand.
type historyPane struct {
	ctx  *Context
	nav  navKeys
	keys historyKeys
	db   *historyDB
	// storeErr says why there is no history (a file that is not one, a
	// disk that refuses): shown instead of the list.
	storeErr error

	calls []history.Call
	listCursor
	exhausted bool // the last page came back short
	loading   bool
	// loadErr says why the last page could not be read (a team's server
	// away); shown in the list until a page is read again.
	loadErr  error
	gen      int   // a new filter starts a new generation; older pages are dropped
	selectID int64 // after a reload, the call to put the cursor on
	keepRow  int   // after a reload, the row to put the cursor on (-1: none)

	filter historyFilter
	mode   historyMode
	query  textinput.Model
	note   textinput.Model
	code   textinput.Model
	period textinput.Model
	// agent is who this codedesk records calls as: "m" shows only theirs.
	agent string

	// deleted is every deletion of the session, newest last: u brings
	// them back in reverse order.
	deleted []history.Call
	// newestSeen is the newest call a first page has shown; opening is
	// set while the view's first page after opening it is read: a newer
	// call on it takes the cursor.
	newestSeen int64
	opening    bool
	// replays are the answers of calls replayed from this view, by id.
	replays map[int64]*shownAnswer

	detail      viewport.Model
	detailFocus bool // the keys scroll the detail, not the list
	details     map[detailKey]string
	compact     bool // one pane at a time
	width       int
	height      int
}

// historyPageMsg is a page of calls from the store.
type historyPageMsg struct {
	gen    int
	calls  []history.Call
	append bool
	err    error
}

// historyChangedMsg says a star, note, deletion or restore is done.
type historyChangedMsg struct {
	status   string
	kind     statusKind
	deleted  *history.Call
	restored *history.Call
	err      error
}

// confirmMsg asks the user before doing something that cannot be taken
// back easily; yes runs on consent.
type confirmMsg struct {
	question string
	yes      tea.Cmd
}

func newHistoryPane(ctx *Context) historyPane {
	input := func(prompt, placeholder string, limit int) textinput.Model {
		in := textinput.New()
		in.Prompt, in.Placeholder, in.CharLimit = prompt, placeholder, limit
		in.SetVirtualCursor(true)
		return in
	}
	h := historyPane{ctx: ctx, nav: defaultNavKeys(), keys: defaultHistoryKeys(),
		query:   input("/ ", "слова из метода, параметров, сообщения, заметки", 200),
		note:    input("заметка: ", "", 500),
		code:    input("код: ", "номер, пусто — любой", 3),
		period:  input("период: ", "2d · 2026-11-20 · 2026-11-20..2026-11-22 · ..2026-11-20; пусто — весь", 60),
		replays: map[int64]*shownAnswer{}, details: map[detailKey]string{}}
	h.detail = newScroller(h.nav)
	h.keepRow = -1
	h.applyStyles(ctx.Styles)
	return h
}

func (h *historyPane) applyStyles(s Styles) {
	h.query.SetStyles(s.Input)
	h.note.SetStyles(s.Input)
	h.code.SetStyles(s.Input)
	h.period.SetStyles(s.Input)
	h.details = map[detailKey]string{}
}

// SetStore gives the pane its store, or the reason there is none.
func (h *historyPane) SetStore(db *historyDB, err error) {
	h.db, h.storeErr = db, err
	if db != nil {
		h.agent = db.store.Agent()
	}
}

// TextFocused reports a text field with the keyboard (search, note, code).
func (h historyPane) TextFocused() bool { return h.mode != browsing }

// Selected is the call under the cursor.
func (h historyPane) Selected() (history.Call, bool) {
	if h.cursor < 0 || h.cursor >= len(h.calls) {
		return history.Call{}, false
	}
	return h.calls[h.cursor], true
}

// RecordReplay keeps the answer of a replayed call to show old → new.
func (h *historyPane) RecordReplay(id int64, a *shownAnswer) {
	h.replays[id] = a
	h.details = map[detailKey]string{}
}

// Reload starts over from the newest call with the current filter, the
// cursor on the newest.
func (h *historyPane) Reload() tea.Cmd {
	h.selectID, h.keepRow = 0, -1
	return h.restart()
}

// Open reloads the view being opened: on the newest call, the list
// focused, when calls came since it was last open (the filters stay);
// otherwise where the user left it.
func (h *historyPane) Open() tea.Cmd {
	h.opening = true
	return h.Refresh()
}

// showNewest puts the cursor on the newest call of a first page read on
// opening, the list focused, when it is newer than any shown before.
func (h *historyPane) showNewest(calls []history.Call) {
	opening := h.opening
	h.opening = false
	if len(calls) == 0 || calls[0].ID <= h.newestSeen {
		return
	}
	h.newestSeen = calls[0].ID
	if opening {
		h.selectID, h.keepRow, h.cursor, h.offset, h.detailFocus = 0, -1, 0, 0, false
	}
}

// Refresh reloads and keeps the cursor on the selected call (a replay has
// added one above it).
func (h *historyPane) Refresh() tea.Cmd {
	h.selectID, h.keepRow = 0, -1
	if c, ok := h.Selected(); ok {
		h.selectID = c.ID
	}
	return h.restart()
}

func (h *historyPane) restart() tea.Cmd {
	h.gen++
	// A load of the previous generation may still be running; its page
	// will be dropped, so it no longer holds this one back.
	h.calls, h.cursor, h.offset, h.exhausted, h.loading = nil, 0, 0, false, false
	return h.load(false)
}

func (h *historyPane) load(appendPage bool) tea.Cmd {
	if h.db == nil || h.loading || appendPage && h.exhausted {
		return nil
	}
	var before int64
	if appendPage && len(h.calls) > 0 {
		before = h.calls[len(h.calls)-1].ID
	}
	h.loading = true
	f, gen := h.filter.storeFilter(before), h.gen
	return h.db.read(func(ctx context.Context, s historyStore) tea.Msg {
		calls, err := s.List(ctx, f)
		return historyPageMsg{gen: gen, calls: calls, append: appendPage, err: err}
	})
}

func (h historyPane) Update(msg tea.Msg) (historyPane, tea.Cmd) {
	switch msg := msg.(type) {
	case historyPageMsg:
		return h.pageLoaded(msg)
	case historyChangedMsg:
		return h.changed(msg)
	case historyDetailMsg:
		if len(h.details) >= maxDetails {
			h.details = map[detailKey]string{} // a call's detail can be large
		}
		h.details[msg.key] = msg.out
		h.showDetail()
		return h, nil
	case tea.PasteMsg:
		return h.paste(msg)
	case tea.KeyPressMsg:
		switch h.mode {
		case searching:
			return h.updateSearching(msg)
		case noting:
			return h.updateNoting(msg)
		case coding:
			return h.updateCoding(msg)
		case dating:
			return h.updateDating(msg)
		}
		return h.updateBrowsing(msg)
	}
	return h, nil
}

func (h historyPane) pageLoaded(msg historyPageMsg) (historyPane, tea.Cmd) {
	if msg.gen != h.gen {
		return h, nil
	}
	h.loading = false
	h.loadErr = msg.err
	if msg.err != nil {
		return h, say(statusError, "история не читается")
	}
	if msg.append {
		h.calls = append(h.calls, msg.calls...)
	} else {
		h.calls = msg.calls
		h.showNewest(msg.calls)
	}
	h.exhausted = len(msg.calls) < historyPage
	if h.keepRow >= 0 {
		h.cursor, h.keepRow = h.keepRow, -1
	}
	if h.selectID != 0 {
		found := false
		for i, c := range h.calls {
			if c.ID == h.selectID {
				h.cursor, found = i, true
				break
			}
		}
		if !found && !h.exhausted {
			// The call is older than what is loaded: fetch on.
			return h, tea.Batch(h.load(true), h.detailCmd())
		}
		h.selectID = 0
	}
	h.clamp()
	return h, h.detailCmd()
}

func (h historyPane) changed(msg historyChangedMsg) (historyPane, tea.Cmd) {
	if msg.err != nil {
		return h, say(statusError, "история: "+msg.err.Error())
	}
	switch {
	case msg.deleted != nil:
		// The neighbour takes the cursor.
		h.deleted = append(h.deleted, *msg.deleted)
		row := h.cursor
		cmd := h.Reload()
		h.keepRow = row
		return h, tea.Batch(say(msg.kind, msg.status), cmd)
	case msg.restored != nil:
		h.selectID, h.keepRow = msg.restored.ID, -1
		return h, tea.Batch(say(msg.kind, msg.status), h.restart())
	}
	h.details = map[detailKey]string{}
	return h, tea.Batch(say(msg.kind, msg.status), h.detailCmd())
}

func (h historyPane) updateBrowsing(k tea.KeyPressMsg) (historyPane, tea.Cmd) {
	switch {
	case key.Matches(k, h.keys.SwitchPane):
		h.detailFocus = !h.detailFocus
		return h, nil
	case h.detailFocus && h.matchesNav(k):
		scroll(&h.detail, h.nav, k)
		return h, nil
	case h.matchesNav(k):
		return h.move(k)
	case key.Matches(k, h.keys.Search):
		h.mode = searching
		return h, h.query.Focus()
	case key.Matches(k, h.keys.Failed):
		h.filter.failed = !h.filter.failed
		return h, h.Reload()
	case key.Matches(k, h.keys.Starred):
		h.filter.starred = !h.filter.starred
		return h, h.Reload()
	case key.Matches(k, h.keys.ByCode):
		h.mode = coding
		h.code.SetValue("")
		if h.filter.code != nil {
			h.code.SetValue(strconv.Itoa(*h.filter.code))
		}
		h.code.CursorEnd()
		return h, h.code.Focus()
	case key.Matches(k, h.keys.Mine):
		return h, h.toggleMine()
	case key.Matches(k, h.keys.Period):
		h.mode = dating
		h.period.SetValue(h.filter.period)
		h.period.CursorEnd()
		return h, h.period.Focus()
	}
	return h.act(k)
}

// act runs the keys that change the selected call.
func (h historyPane) act(k tea.KeyPressMsg) (historyPane, tea.Cmd) {
	c, ok := h.Selected()
	switch {
	case key.Matches(k, h.keys.Undo):
		return h, h.undo()
	case !ok || h.db == nil:
		return h, nil
	case key.Matches(k, h.keys.Star):
		starred := !c.Starred
		h.calls[h.cursor].Starred = starred
		return h, h.db.write(func(ctx context.Context, s historyStore) tea.Msg {
			st := "звезда снята"
			if starred {
				st = "отмечено ★ · n — заметка"
			}
			return historyChangedMsg{err: s.Star(ctx, c.ID, starred), status: st, kind: statusOK}
		})
	case key.Matches(k, h.keys.Note):
		h.mode = noting
		h.note.SetValue(c.Note)
		h.note.CursorEnd()
		return h, h.note.Focus()
	case key.Matches(k, h.keys.Delete):
		if c.Starred || c.Note != "" {
			return h, emit(confirmMsg{question: fmt.Sprintf("Удалить вызов %d%s? Его можно будет вернуть клавишей u до выхода.", c.ID, markedAs(c)), yes: h.deleteCmd(c)})
		}
		return h, h.deleteCmd(c)
	}
	return h, nil
}

// markedAs says what the user put on a call.
func markedAs(c history.Call) string {
	switch {
	case c.Starred && c.Note != "":
		return " (★, заметка «" + c.Note + "»)"
	case c.Note != "":
		return " (заметка «" + c.Note + "»)"
	case c.Starred:
		return " (★)"
	}
	return ""
}

// deleteCmd deletes c when it runs: at once, or after the user agreed.
func (h historyPane) deleteCmd(c history.Call) tea.Cmd {
	db := h.db
	return func() tea.Msg {
		return db.write(func(ctx context.Context, s historyStore) tea.Msg {
			deleted, err := s.Delete(ctx, c.ID)
			return historyChangedMsg{err: err, deleted: &deleted, kind: statusWarn,
				status: fmt.Sprintf("вызов %d удалён · u — вернуть", c.ID)}
		})()
	}
}

// undo brings back the latest deletion not yet undone.
func (h *historyPane) undo() tea.Cmd {
	if len(h.deleted) == 0 || h.db == nil {
		return say(statusInfo, "нечего возвращать")
	}
	c := h.deleted[len(h.deleted)-1]
	h.deleted = h.deleted[:len(h.deleted)-1]
	left := len(h.deleted)
	return h.db.write(func(ctx context.Context, s historyStore) tea.Msg {
		st := fmt.Sprintf("вызов %d возвращён", c.ID)
		if left > 0 {
			st += fmt.Sprintf(" · u — ещё (удалено: %d)", left)
		}
		return historyChangedMsg{err: s.Restore(ctx, c), restored: &c, kind: statusOK, status: st}
	})
}

func (h historyPane) matchesNav(k tea.KeyPressMsg) bool {
	for _, b := range h.nav.all() {
		if key.Matches(k, b) {
			return true
		}
	}
	return false
}

// move moves the cursor and fetches the next page near the end.
func (h historyPane) move(k tea.KeyPressMsg) (historyPane, tea.Cmd) {
	rows := h.listRows()
	h.listCursor.move(h.nav, k, len(h.calls), rows)
	cmd := h.detailCmd()
	if len(h.calls)-h.cursor < rows {
		return h, tea.Batch(cmd, h.load(true))
	}
	return h, cmd
}

func (h *historyPane) clamp() { h.listCursor.clamp(len(h.calls), h.listRows()) }

// Readable reports a history whose calls can be listed (or that is still
// opening): not refused by its file (damaged) or its server on the last
// read.
func (h historyPane) Readable() bool {
	return h.storeErr == nil && !(h.loadErr != nil && len(h.calls) == 0)
}

// ShortHelp and FullHelp make the pane a help.KeyMap. Only the keys that
// work are offered: none on a history that cannot be read (but undo), the
// call keys only with a call selected, and a received webhook's own.
func (h historyPane) ShortHelp() []key.Binding {
	switch h.mode {
	case searching:
		return []key.Binding{h.keys.Accept, h.keys.SearchMove, h.keys.ClearSearch}
	case noting, coding, dating:
		return []key.Binding{h.keys.Accept, h.keys.Cancel}
	}
	var b []key.Binding
	c, selected := h.Selected()
	switch {
	case selected && c.Received():
		b = append(b, h.keys.CopyPayload)
	case selected:
		b = append(b, h.keys.Load, h.keys.Replay)
	}
	if h.Readable() {
		b = append(b, h.keys.Search, h.keys.Failed, h.keys.Mine, h.keys.Period, h.keys.Starred, h.keys.ByCode)
	}
	if selected {
		b = append(b, h.keys.Star, h.keys.Delete)
	}
	if len(h.deleted) > 0 && h.db != nil {
		b = append(b, h.keys.Undo)
	}
	if selected {
		b = append(b, h.keys.SwitchPane)
	}
	return b
}

func (h historyPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		h.nav.all(),
		{h.keys.Load, h.keys.Replay, h.keys.CopyPayload, h.keys.SwitchPane},
		{h.keys.Search, h.keys.Failed, h.keys.Starred, h.keys.ByCode, h.keys.Mine, h.keys.Period},
		{h.keys.Star, h.keys.Note, h.keys.Delete, h.keys.Undo},
	}
}
