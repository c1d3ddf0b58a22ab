package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"codedesk/history"
	"codedesk/model/catalog"
	"codedesk/model/jsonx"
	"codedesk/model/safe"
)

// historyPage is how many calls one load brings; more come as the cursor
// nears the end, so the view opens at once however long the history is.
const historyPage = 100

// historyPane lists recorded calls newest first, with the selected one's
// details beside them. It searches and filters through the store, never in
// memory, and loads pages on demand.
type historyPane struct {
	ctx   *Context
	keys  historyKeys
	store history.Store
	// storeErr says why there is no history (a file that is not one, a
	// disk that refuses): shown instead of the list.
	storeErr error

	calls     []history.Call
	cursor    int
	offset    int
	exhausted bool // the last page came back short
	loading   bool
	gen       int // a new filter starts a new generation; older pages are dropped

	query      textinput.Model
	searching  bool
	failedOnly bool

	note        textinput.Model
	editingNote bool

	deleted *history.Call // the last deletion, for undo

	// replays holds the answers of calls replayed from this view, by id.
	replays map[int64]*answerView

	status     string
	statusKind statusKind

	width, height int
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
	status  string
	kind    statusKind
	deleted *history.Call
	reload  bool
	err     error
}

func newHistoryPane(ctx *Context) historyPane {
	q := textinput.New()
	q.Prompt = "/ "
	q.Placeholder = "слова из метода, параметров, сообщения, заметки"
	q.SetVirtualCursor(true)
	n := textinput.New()
	n.Prompt = "заметка: "
	n.SetVirtualCursor(true)
	n.CharLimit = 500
	h := historyPane{ctx: ctx, keys: defaultHistoryKeys(), query: q, note: n, replays: map[int64]*answerView{}}
	h.applyStyles(ctx.Styles)
	return h
}

func (h *historyPane) applyStyles(s Styles) {
	h.query.SetStyles(s.Input)
	h.note.SetStyles(s.Input)
}

// SetStore gives the pane its store, or the reason there is none.
func (h *historyPane) SetStore(s history.Store, err error) {
	h.store, h.storeErr = s, err
}

// SetSize gives the pane its inner size.
func (h *historyPane) SetSize(width, height int) {
	h.width, h.height = max(width, 1), max(height, 1)
	h.query.SetWidth(max(h.listWidth()-4, 1))
	h.note.SetWidth(max(h.width-12, 1))
}

func (h historyPane) listWidth() int {
	if h.width < 90 {
		return h.width
	}
	return h.width * 11 / 20
}

// listHeight is how many rows show: the header and the status line take two.
func (h historyPane) listHeight() int { return max(h.height-2, 1) }

// Reload starts over from the newest call with the current filter.
func (h *historyPane) Reload() tea.Cmd {
	h.gen++
	// A load of the previous generation may still be running; its page
	// will be dropped, so it no longer holds this one back.
	h.calls, h.cursor, h.offset, h.exhausted, h.loading = nil, 0, 0, false, false
	return h.load(false)
}

func (h *historyPane) filter(before int64) history.Filter {
	return history.Filter{Query: h.query.Value(), Failed: h.failedOnly, Before: before, Limit: historyPage}
}

func (h *historyPane) load(appendPage bool) tea.Cmd {
	if h.store == nil || h.loading || appendPage && h.exhausted {
		return nil
	}
	var before int64
	if appendPage && len(h.calls) > 0 {
		before = h.calls[len(h.calls)-1].ID
	}
	h.loading = true
	store, f, gen := h.store, h.filter(before), h.gen
	return func() tea.Msg {
		calls, err := store.List(context.Background(), f)
		return historyPageMsg{gen: gen, calls: calls, append: appendPage, err: err}
	}
}

// Selected is the call under the cursor.
func (h historyPane) Selected() (history.Call, bool) {
	if h.cursor < 0 || h.cursor >= len(h.calls) {
		return history.Call{}, false
	}
	return h.calls[h.cursor], true
}

// TextFocused reports a text field with the keyboard (search or note).
func (h historyPane) TextFocused() bool { return h.searching || h.editingNote }

// SetStatus shows a line under the list.
func (h *historyPane) SetStatus(kind statusKind, s string) {
	h.status, h.statusKind = safe.Line(s), kind
}

// RecordReplay keeps the answer of a replayed call to show old → new.
func (h *historyPane) RecordReplay(id int64, a *answerView) { h.replays[id] = a }

func (h historyPane) Update(msg tea.Msg) (historyPane, tea.Cmd) {
	switch msg := msg.(type) {
	case historyPageMsg:
		if msg.gen != h.gen {
			return h, nil
		}
		h.loading = false
		if msg.err != nil {
			h.SetStatus(statusError, msg.err.Error())
			return h, nil
		}
		if msg.append {
			h.calls = append(h.calls, msg.calls...)
		} else {
			h.calls = msg.calls
		}
		h.exhausted = len(msg.calls) < historyPage
		h.clamp()
		return h, nil
	case historyChangedMsg:
		if msg.err != nil {
			h.SetStatus(statusError, msg.err.Error())
			return h, nil
		}
		if msg.deleted != nil {
			h.deleted = msg.deleted
		}
		h.SetStatus(msg.kind, msg.status)
		if msg.reload {
			return h, h.Reload()
		}
		return h, nil
	case tea.KeyPressMsg:
		return h.handleKey(msg)
	case tea.PasteMsg:
		var cmd tea.Cmd
		switch {
		case h.searching:
			h.query, cmd = h.query.Update(msg)
			return h, tea.Batch(cmd, h.Reload())
		case h.editingNote:
			h.note, cmd = h.note.Update(msg)
			return h, cmd
		}
	}
	return h, nil
}

func (h historyPane) handleKey(msg tea.KeyPressMsg) (historyPane, tea.Cmd) {
	var cmd tea.Cmd
	switch {
	case h.searching:
		switch msg.String() {
		case "enter", "down", "up":
			h.searching = false
			h.query.Blur()
			return h, nil
		case "esc":
			h.searching = false
			h.query.Blur()
			h.query.SetValue("")
			return h, h.Reload()
		}
		before := h.query.Value()
		h.query, cmd = h.query.Update(msg)
		if h.query.Value() != before {
			// Each keystroke asks the store: its index answers in
			// milliseconds, and a stale page is dropped by generation.
			return h, tea.Batch(cmd, h.Reload())
		}
		return h, cmd
	case h.editingNote:
		switch msg.String() {
		case "enter":
			h.editingNote = false
			h.note.Blur()
			c, ok := h.Selected()
			if !ok {
				return h, nil
			}
			note := h.note.Value()
			h.calls[h.cursor].Starred, h.calls[h.cursor].Note = true, note
			return h, h.change(func(s history.Store) historyChangedMsg {
				err := s.Star(context.Background(), c.ID, true)
				if err == nil {
					err = s.SetNote(context.Background(), c.ID, note, "")
				}
				return historyChangedMsg{err: err, status: "заметка сохранена, вызов отмечен ★", kind: statusOK}
			})
		case "esc":
			h.editingNote = false
			h.note.Blur()
			return h, nil
		}
		h.note, cmd = h.note.Update(msg)
		return h, cmd
	}
	switch {
	case key.Matches(msg, h.keys.Up):
		h.cursor--
	case key.Matches(msg, h.keys.Down):
		h.cursor++
	case key.Matches(msg, h.keys.PageUp):
		h.cursor -= h.listHeight()
	case key.Matches(msg, h.keys.PageDown):
		h.cursor += h.listHeight()
	case key.Matches(msg, h.keys.Top):
		h.cursor = 0
	case key.Matches(msg, h.keys.Bottom):
		h.cursor = len(h.calls) - 1
	case key.Matches(msg, h.keys.Search):
		h.searching = true
		return h, h.query.Focus()
	case key.Matches(msg, h.keys.Failed):
		h.failedOnly = !h.failedOnly
		return h, h.Reload()
	case key.Matches(msg, h.keys.Star):
		c, ok := h.Selected()
		if !ok {
			return h, nil
		}
		starred := !c.Starred
		h.calls[h.cursor].Starred = starred
		return h, h.change(func(s history.Store) historyChangedMsg {
			st := "звезда снята"
			if starred {
				st = "отмечено ★ · n — заметка"
			}
			return historyChangedMsg{err: s.Star(context.Background(), c.ID, starred), status: st, kind: statusOK}
		})
	case key.Matches(msg, h.keys.Note):
		c, ok := h.Selected()
		if !ok {
			return h, nil
		}
		h.editingNote = true
		h.note.SetValue(c.Note)
		h.note.CursorEnd()
		return h, h.note.Focus()
	case key.Matches(msg, h.keys.Delete):
		c, ok := h.Selected()
		if !ok {
			return h, nil
		}
		return h, h.change(func(s history.Store) historyChangedMsg {
			deleted, err := s.Delete(context.Background(), c.ID)
			return historyChangedMsg{err: err, deleted: &deleted, reload: true, kind: statusWarn,
				status: fmt.Sprintf("вызов %d удалён · u — вернуть", c.ID)}
		})
	case key.Matches(msg, h.keys.Undo) && h.deleted != nil:
		c := *h.deleted
		h.deleted = nil
		return h, h.change(func(s history.Store) historyChangedMsg {
			return historyChangedMsg{err: s.Restore(context.Background(), c), reload: true, kind: statusOK,
				status: fmt.Sprintf("вызов %d возвращён", c.ID)}
		})
	}
	h.clamp()
	// Near the end of what is loaded, fetch the next page.
	if len(h.calls)-h.cursor < h.listHeight() {
		return h, h.load(true)
	}
	return h, nil
}

// change runs a store operation off the update loop.
func (h historyPane) change(do func(history.Store) historyChangedMsg) tea.Cmd {
	if h.store == nil {
		return nil
	}
	store := h.store
	return func() tea.Msg { return do(store) }
}

func (h *historyPane) clamp() {
	h.cursor = min(max(h.cursor, 0), max(len(h.calls)-1, 0))
	rows := h.listHeight()
	if h.cursor < h.offset {
		h.offset = h.cursor
	}
	if h.cursor >= h.offset+rows {
		h.offset = h.cursor - rows + 1
	}
	h.offset = max(h.offset, 0)
}

func (h historyPane) View() string {
	s := h.ctx.Styles
	if h.store == nil {
		msg := "История открывается…"
		if h.storeErr != nil {
			msg = "История недоступна: " + h.storeErr.Error() + "\n\nВызовы не сохраняются; коды и запросы работают как обычно."
		}
		return s.PaneTitle.Render("История") + "\n\n" + lipgloss.NewStyle().Width(h.width).Render(safe.Text(msg))
	}
	lw := h.listWidth()
	list := h.listView(lw)
	if lw == h.width {
		return list
	}
	detail := lipgloss.NewStyle().Width(h.width - lw - 2).MaxHeight(h.height).Render(h.detailView(h.width - lw - 2))
	return lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(lw).Render(list), "  ", detail)
}

func (h historyPane) listView(width int) string {
	s := h.ctx.Styles
	var b strings.Builder
	switch {
	case h.searching:
		b.WriteString(h.query.View())
	default:
		title := s.PaneTitle.Render("История")
		if q := h.query.Value(); q != "" {
			title += s.Muted.Render(" / " + q)
		}
		if h.failedOnly {
			title += " " + s.Warning.Render("· только неудачные")
		}
		title += s.Muted.Render(fmt.Sprintf(" · %d%s", len(h.calls), map[bool]string{true: "", false: "+"}[h.exhausted]))
		b.WriteString(ansi.Truncate(title, width, "…"))
	}
	b.WriteString("\n")
	rows := h.listHeight()
	if len(h.calls) == 0 {
		empty := "пусто: отправьте запрос (ctrl+s) или вставьте curl"
		if h.loading {
			empty = "загрузка…"
		} else if h.query.Value() != "" || h.failedOnly {
			empty = "ничего не найдено"
		}
		b.WriteString(s.Muted.Render(empty))
		b.WriteString(strings.Repeat("\n", rows))
	}
	for i := h.offset; i < min(h.offset+rows, len(h.calls)); i++ {
		b.WriteString(h.row(h.calls[i], i == h.cursor, width))
		b.WriteString("\n")
	}
	for i := len(h.calls); i < h.offset+rows && len(h.calls) > 0; i++ {
		b.WriteString("\n")
	}
	switch {
	case h.editingNote:
		b.WriteString(h.note.View())
	case h.status != "":
		st := map[statusKind]lipgloss.Style{statusInfo: s.Muted, statusOK: s.Success, statusWarn: s.Warning, statusError: s.Error}[h.statusKind]
		b.WriteString(st.Render(ansi.Truncate(h.status, width, "…")))
	}
	return b.String()
}

// row is one call: time, a coloured code badge, method, the message start.
func (h historyPane) row(c history.Call, selected bool, width int) string {
	s := h.ctx.Styles
	badge, class := " — ", catalog.ClassUnknown
	switch {
	case c.Code != nil:
		badge = fmt.Sprintf("%3d", *c.Code)
		class = h.ctx.Catalog.Describe(*c.Code).Class
	case c.ErrorKind != "":
		badge, class = "ERR", catalog.ClassServer
	}
	star := " "
	if c.Starred {
		star = "★"
	}
	when := c.At.Format("02.01 15:04:05")
	if sameDay(c.At, time.Now()) {
		when = c.At.Format("15:04:05")
	}
	text := safe.Line(firstOf(c.Message, c.Error, c.Note))
	if c.ReplayOf != nil {
		text = fmt.Sprintf("повтор %d · %s", *c.ReplayOf, text)
	}
	if !c.Sent() {
		text = "импорт, не отправлялся"
	}
	// The badge is padded by its style; the selected row pads the same, so
	// columns line up.
	if selected {
		line := fmt.Sprintf("▌%s %-8s  %s  %s  %s", star, when, badge, strings.ToLower(c.Name()), text)
		line = ansi.Truncate(line, width, "…")
		return s.Selected.Render(line + strings.Repeat(" ", max(width-ansi.StringWidth(line), 0)))
	}
	line := fmt.Sprintf(" %s %-8s %s %s  %s", star, when, s.ClassBadge(class).Render(badge), strings.ToLower(c.Name()), s.Muted.Render(text))
	return ansi.Truncate(line, width, "…")
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// detailView is the selected call in full, and old → new after a replay.
func (h historyPane) detailView(width int) string {
	s := h.ctx.Styles
	c, ok := h.Selected()
	if !ok {
		return s.Muted.Render("Выберите вызов")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", s.PaneTitle.Render(fmt.Sprintf("Вызов %d", c.ID)))
	fmt.Fprintf(&b, "%s\n%s %s\n", s.Muted.Render(c.At.Format("2006-01-02 15:04:05")+" · "+c.Source), c.HTTPMethod, safe.Line(c.Server+" "+c.Name()))
	for _, p := range c.Params {
		fmt.Fprintf(&b, "  %s\n", ansi.Truncate(safe.Line(p.Key+"="+p.Value), width-2, "…"))
	}
	b.WriteString("\n")
	old := h.outcome(c)
	if a, ok := h.replays[c.ID]; ok {
		now := h.answerOutcome(a)
		colW := max((width-3)/2, 10)
		left := lipgloss.NewStyle().Width(colW).Render(s.Muted.Render("было") + "\n" + old)
		right := lipgloss.NewStyle().Width(colW).Render(s.Muted.Render("стало") + "\n" + now)
		b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, left, " → ", right))
	} else {
		b.WriteString(old)
	}
	if c.Note != "" {
		fmt.Fprintf(&b, "\n\n%s %s", s.Muted.Render("заметка:"), safe.Line(c.Note))
	}
	if len(c.Data) > 0 {
		data := jsonx.Pretty(c.Data)
		if c.DataCut {
			data += "\n… (обрезано)"
		}
		fmt.Fprintf(&b, "\n\n%s\n%s", s.Muted.Render("data:"), data)
	}
	return b.String()
}

// outcome is a recorded call's code, title and message.
func (h historyPane) outcome(c history.Call) string {
	s := h.ctx.Styles
	switch {
	case c.Code != nil:
		code := h.ctx.Catalog.Describe(*c.Code)
		out := s.ClassBadge(code.Class).Render(fmt.Sprint(code.Number)) + " " + code.Title
		if c.Message != "" {
			out += "\n" + safe.Line(c.Message)
		}
		return out
	case c.ErrorKind != "":
		return s.Error.Render("нет ответа: "+c.ErrorKind) + "\n" + safe.Line(c.Error)
	}
	return s.Muted.Render("не отправлялся (импорт)")
}

func (h historyPane) answerOutcome(a *answerView) string {
	s := h.ctx.Styles
	if a.err != nil {
		return s.Error.Render("нет ответа") + "\n" + safe.Line(a.err.Error())
	}
	code := h.ctx.Catalog.Describe(a.resp.Code)
	out := s.ClassBadge(code.Class).Render(fmt.Sprint(code.Number)) + " " + code.Title
	if a.resp.Message != "" {
		out += "\n" + safe.Line(a.resp.Message)
	}
	return out
}

func (h historyPane) ShortHelp() []key.Binding {
	if h.searching {
		return []key.Binding{h.keys.Accept, h.keys.Clear}
	}
	if h.editingNote {
		return []key.Binding{h.keys.SaveNote, h.keys.Clear}
	}
	// n (note) is offered after a star and listed under ?: the bar is full.
	b := []key.Binding{h.keys.Load, h.keys.Replay, h.keys.Search, h.keys.Failed, h.keys.Star, h.keys.Delete}
	if h.deleted != nil {
		b = append(b, h.keys.Undo)
	}
	return b
}

func (h historyPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{h.keys.Up, h.keys.Down, h.keys.PageUp, h.keys.PageDown, h.keys.Top, h.keys.Bottom},
		{h.keys.Load, h.keys.Replay, h.keys.Search, h.keys.Failed, h.keys.Star, h.keys.Note, h.keys.Delete, h.keys.Undo},
	}
}
