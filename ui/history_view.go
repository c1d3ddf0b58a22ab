package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/jsonx"
	"codedesk/model/ru"
	"codedesk/model/safe"
)

// historyWide is the inner width from which the selected call shows
// beside the list rather than under it.
const historyWide = 140

// SetCompact shows one of the list and the detail at a time (tab
// switches); call SetSize after it.
func (h *historyPane) SetCompact(compact bool) { h.compact = compact }

// SetSize gives the pane its inner size.
func (h *historyPane) SetSize(width, height int) {
	h.width, h.height = max(width, 1), max(height, 1)
	h.query.SetWidth(max(h.listWidth()-4, 1))
	h.note.SetWidth(max(h.listWidth()-12, 1))
	// Room for the placeholder whole, and a cell for the cursor.
	h.code.SetWidth(min(lipgloss.Width(h.code.Placeholder)+1, max(h.listWidth()-lipgloss.Width(h.code.Prompt)-1, 1)))
	h.period.SetWidth(max(h.listWidth()-10, 1))
	dw, dh := h.detailSize()
	h.detail.SetWidth(dw)
	h.detail.SetHeight(dh)
	h.details = map[detailKey]string{}
	h.clamp()
}

func (h historyPane) sideBySide() bool { return !h.compact && h.width >= historyWide }

func (h historyPane) listWidth() int {
	if h.sideBySide() {
		return h.width * 11 / 20
	}
	return h.width
}

// listRows is how many calls show: the title takes a line; stacked, the
// detail takes half of the rest and a rule.
func (h historyPane) listRows() int {
	switch {
	case h.compact, h.sideBySide():
		return max(h.height-1, 1)
	}
	return max((h.height-2)/2, 1)
}

func (h historyPane) detailSize() (width, height int) {
	switch {
	case h.compact:
		return h.width, max(h.height-1, 1)
	case h.sideBySide():
		return max(h.width-h.listWidth()-2, 1), h.height
	}
	return h.width, max(h.height-2-h.listRows(), 1)
}

func (h historyPane) View() string {
	s := h.ctx.Styles
	if h.db == nil {
		msg := "История открывается…"
		if h.storeErr != nil {
			msg = "История недоступна: " + h.storeErr.Error() + "\n\nВызовы не сохраняются; коды и запросы работают как обычно."
		}
		return s.PaneTitle.Render("История") + "\n\n" + lipgloss.NewStyle().Width(h.width).Render(safe.Text(msg))
	}
	switch {
	case h.compact && h.detailFocus:
		return h.detailTitle(h.width) + "\n" + h.detail.View()
	case h.compact:
		return h.listView(h.width)
	case h.sideBySide():
		lw := h.listWidth()
		detail := lipgloss.NewStyle().Width(h.width - lw - 2).Height(h.height).MaxHeight(h.height).Render(h.detail.View())
		return lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(lw).Render(h.listView(lw)), "  ", detail)
	}
	return h.listView(h.width) + "\n" + h.detailTitle(h.width) + "\n" + h.detail.View()
}

// detailTitle is the rule over the selected call, marked when the keys
// scroll it.
func (h historyPane) detailTitle(width int) string {
	s := h.ctx.Styles
	c, ok := h.Selected()
	if !ok {
		return s.Muted.Render(strings.Repeat("─", width))
	}
	label := fmt.Sprintf("─ Вызов %d ", c.ID)
	if h.detailFocus {
		label = fmt.Sprintf("▶ Вызов %d · ↑↓ прокрутка, tab — к списку ", c.ID)
	} else if !h.detail.AtBottom() {
		label += "· ↓ ещё, tab — прокрутить "
	}
	label = ansi.Truncate(label, width, "…")
	return s.PaneTitle.Render(label) + s.Muted.Render(strings.Repeat("─", max(width-lipgloss.Width(label), 0)))
}

func (h historyPane) listView(width int) string {
	var b strings.Builder
	b.WriteString(h.header(width))
	b.WriteString("\n")
	rows := h.listRows()
	s := h.ctx.Styles
	if h.loadErr != nil && len(h.calls) == 0 {
		return b.String() + h.loadErrView(width, rows)
	}
	if len(h.calls) == 0 {
		empty := "пусто: отправьте запрос (ctrl+s) или вставьте curl"
		switch {
		case h.loading:
			empty = "загрузка…"
		case len(h.filter.chips()) > 0:
			empty = "ничего не найдено"
		}
		b.WriteString(s.Muted.Render(empty))
		b.WriteString(strings.Repeat("\n", rows-1))
		return b.String()
	}
	end := min(h.offset+rows, len(h.calls))
	cols := h.columns(h.calls[h.offset:end], width)
	for i := h.offset; i < h.offset+rows; i++ {
		if i > h.offset {
			b.WriteString("\n")
		}
		if i < end {
			b.WriteString(h.row(h.calls[i], i == h.cursor, cols))
		}
	}
	return b.String()
}

// loadErrView says, in the list's place, that the history could not be
// read and why (the store's errors carry no password), and how it comes
// back; rows lines at most.
func (h historyPane) loadErrView(width, rows int) string {
	s := h.ctx.Styles
	text := lipgloss.NewStyle().Width(width).Render(safe.Text("Не прочитать: " + h.loadErr.Error()))
	lines := strings.Split(s.Error.Render(text), "\n")
	how := "Перечитать: esc и ctrl+r."
	if !errors.Is(h.loadErr, history.ErrDamaged) && !errors.Is(h.loadErr, history.ErrNotHistory) {
		how += " История команды перечитается сама, когда её сервер вернётся."
	}
	again := lipgloss.NewStyle().Width(width).Render(how)
	lines = append(lines, "")
	lines = append(lines, strings.Split(s.Muted.Render(again), "\n")...)
	for len(lines) < rows {
		lines = append(lines, "")
	}
	return strings.Join(lines[:rows], "\n")
}

func (h historyPane) header(width int) string {
	switch h.mode {
	case searching:
		return h.query.View()
	case noting:
		return h.note.View()
	case coding:
		return h.code.View()
	case dating:
		return h.period.View()
	}
	s := h.ctx.Styles
	title := s.PaneTitle.Render("История")
	for _, chip := range h.filter.chips() {
		title += " " + s.Warning.Render("· "+safe.Line(chip))
	}
	more := ""
	if !h.exhausted {
		more = "+"
	}
	switch {
	case h.loadErr != nil && len(h.calls) == 0:
		title += " " + s.Error.Render("· не читается")
	default:
		title += s.Muted.Render(fmt.Sprintf(" · %d%s %s", len(h.calls), more, ru.Calls.Form(len(h.calls))))
	}
	return ansi.Truncate(title, width, "…")
}

// rowColumns are the widths of a page's columns.
type rowColumns struct {
	width, agent, method, server int // server 0: no column
}

const (
	rowTimeWidth    = 11 // "02.01 15:04" or "15:04:05"
	rowBadgeWidth   = 5
	minMessageWidth = 24
)

func (h historyPane) columns(calls []history.Call, width int) rowColumns {
	cols := rowColumns{width: width}
	for _, c := range calls {
		cols.agent = max(cols.agent, lipgloss.Width(safe.Line(c.Agent)))
		cols.method = max(cols.method, lipgloss.Width(h.methodName(c)))
		cols.server = max(cols.server, lipgloss.Width(shortServer(c.Server)))
	}
	cols.agent = min(cols.agent, 12)
	cols.method = min(cols.method, 28)
	cols.server = min(cols.server, 22)
	// The message keeps room to be read; the server column goes first
	// when there is not enough for both (the call's detail names it).
	fixed := 2 + rowTimeWidth + 1 + cols.agent + 2 + rowBadgeWidth + 1 + cols.method + 2
	if width-fixed-cols.server-2 < minMessageWidth {
		cols.server = 0
	}
	return cols
}

// methodName is the call's method as the docs write it.
func (h historyPane) methodName(c history.Call) string { return safe.Line(h.ctx.MethodName(c.Name())) }

// shortServer is a server without the scheme, for the list.
func shortServer(s string) string {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	return safe.Line(s)
}

// row is one call: star, time, a coloured code badge, method, server and
// the start of the message.
func (h historyPane) row(c history.Call, selected bool, cols rowColumns) string {
	s := h.ctx.Styles
	badge, class := " — ", catalog.ClassUnknown
	switch {
	case c.Received() && c.Failed():
		badge, class = "ВХ✗", catalog.ClassServer
	case c.Received():
		badge, class = "ВХ ", catalog.ClassSuccess
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
	pad := func(t string, w int) string { return t + strings.Repeat(" ", max(w-lipgloss.Width(t), 0)) }
	method := pad(ansi.Truncate(h.methodName(c), cols.method, "…"), cols.method)
	server := ""
	if cols.server > 0 {
		server = pad(ansi.Truncate(shortServer(c.Server), cols.server, "…"), cols.server) + "  "
	}
	agent := pad(ansi.Truncate(safe.Line(c.Agent), cols.agent, "…"), cols.agent)
	// The text gets what is left, in whole words.
	before := 1 + 1 + 1 + rowTimeWidth + 1 + cols.agent + 2 + 3 + 2 + cols.method + 2 + lipgloss.Width(server)
	text := fitText(h.rowText(c), max(cols.width-before, 1))
	if selected {
		line := fmt.Sprintf("▌%s %s %s  %s  %s  %s%s", star, pad(h.when(c.At), rowTimeWidth), agent, badge, method, server, text)
		line = ansi.Truncate(line, cols.width, "…")
		return s.Selected.Render(line + strings.Repeat(" ", max(cols.width-ansi.StringWidth(line), 0)))
	}
	line := fmt.Sprintf(" %s %s %s %s %s  %s%s", star, pad(h.when(c.At), rowTimeWidth), s.Muted.Render(agent), s.ClassBadge(class).Render(badge), method, s.Muted.Render(server), s.Muted.Render(text))
	return ansi.Truncate(line, cols.width, "…")
}

// rowText is what the list says of a call after its method; a call whose
// fields could not be read says so first.
func (h historyPane) rowText(c history.Call) string {
	switch {
	case len(c.Damaged) > 0:
		return "⚠ " + c.DamageText()
	case c.Received():
		return "вебхук · " + safe.Line(firstOf(c.Message, c.Error, c.Note))
	case !c.Sent():
		return "импорт, не отправлялся"
	}
	text := safe.Line(firstOf(c.Message, c.Error, c.Note))
	if c.Code == nil && model.SpendsMoney(c.Name()) {
		text = strings.TrimSuffix("исход неизвестен · "+text, " · ")
	}
	if c.ReplayOf != nil {
		text = strings.TrimSuffix(fmt.Sprintf("повтор %d · %s", *c.ReplayOf, text), " · ")
	}
	return text
}

// when is a call's time: the clock alone today, the date too before.
func (h historyPane) when(at time.Time) string { return rowTime(at, h.ctx.Now()) }

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// detailKey names one rendering of a call's detail.
type detailKey struct {
	id      int64
	width   int
	replay  int
	starred bool
	note    string
	// replayOf is the call c replays; original says it was loaded.
	replayOf int64
	original bool
}

// historyDetailMsg carries a rendered call detail back to the pane.
type historyDetailMsg struct {
	key detailKey
	out string
}

// detailCmd shows the selected call in full: from the cache, or a short
// version at once and the full one (data indented) off the update loop.
func (h *historyPane) detailCmd() tea.Cmd {
	c, ok := h.Selected()
	if !ok {
		h.detail.SetContent("")
		return nil
	}
	k := h.detailKeyOf(c)
	if out, ok := h.details[k]; ok {
		h.detail.SetContent(out)
		return nil
	}
	doc := callDoc{call: c, replay: h.replays[c.ID], original: h.original(c), styles: h.ctx.Styles,
		explainer: h.ctx.Explainer(), method: h.methodName(c), width: k.width}
	h.detail.SetContent(doc.render(false))
	h.detail.GotoTop()
	return func() tea.Msg { return historyDetailMsg{key: k, out: doc.render(true)} }
}

// showDetail shows the cached detail of the selected call, if any.
func (h *historyPane) showDetail() {
	if c, ok := h.Selected(); ok {
		if out, ok := h.details[h.detailKeyOf(c)]; ok {
			h.detail.SetContent(out)
		}
	}
}

// original is the loaded call that c replays, if any: its answer is what
// c's is compared with.
func (h historyPane) original(c history.Call) *history.Call {
	if c.ReplayOf == nil {
		return nil
	}
	for i := range h.calls {
		if h.calls[i].ID == *c.ReplayOf {
			return &h.calls[i]
		}
	}
	return nil
}

func (h historyPane) detailKeyOf(c history.Call) detailKey {
	w, _ := h.detailSize()
	k := detailKey{id: c.ID, width: w, starred: c.Starred, note: c.Note}
	if c.ReplayOf != nil {
		k.replayOf = *c.ReplayOf
		k.original = h.original(c) != nil
	}
	if a := h.replays[c.ID]; a != nil {
		k.replay = a.id
	}
	return k
}

// callDoc is one recorded call in full, rendered off the update loop.
type callDoc struct {
	call   history.Call
	replay *shownAnswer
	// original is the call this one replays, when loaded: shown as было.
	original  *history.Call
	styles    Styles
	explainer model.Explainer
	method    string
	width     int
}

// render is the call's detail; full adds its data indented, otherwise a
// short raw preview of it.
func (d callDoc) render(full bool) string {
	s, c := d.styles, d.call
	var b strings.Builder
	title := fmt.Sprintf("%s · %s · %s · %s", dateTime(c.At), safe.Line(c.Agent), safe.Line(c.Source), safe.Line(c.Server))
	fmt.Fprintf(&b, "%s\n%s %s\n", s.Muted.Render(title), c.HTTPMethod, d.method)
	for _, p := range c.Params {
		fmt.Fprintf(&b, "  %s\n", safe.Line(p.Key+"="+p.Value))
	}
	b.WriteString("\n")
	old := d.outcome(c)
	switch {
	case d.replay != nil:
		b.WriteString(d.compare(old, answerOutcome(s, d.replay.x)))
	case d.original != nil:
		b.WriteString(s.Muted.Render(fmt.Sprintf("повтор вызова %d", d.original.ID)) + "\n")
		b.WriteString(d.compare(d.outcome(*d.original), old))
	case c.ReplayOf != nil:
		b.WriteString(s.Muted.Render(fmt.Sprintf("повтор вызова %d", *c.ReplayOf)) + "\n" + old)
	default:
		b.WriteString(old)
	}
	if c.Note != "" {
		fmt.Fprintf(&b, "\n\n%s %s", s.Muted.Render(noteLabel(c)), safe.Line(c.Note))
	}
	if len(c.Data) > 0 {
		data := cutText(safe.Text(string(c.Data)), plainPreview)
		if full {
			data = cutText(jsonx.Pretty(c.Data), plainShowLimit)
		}
		if c.DataCut {
			data += "\n… (обрезано при записи в историю)"
		}
		fmt.Fprintf(&b, "\n\n%s\n%s", s.Muted.Render("data:"), data)
	}
	return lipgloss.NewStyle().Width(d.width).Render(b.String())
}

// compare shows the recorded answer and the replay's side by side, or one
// under the other when narrow.
func (d callDoc) compare(old, now string) string {
	s := d.styles
	if d.width < 60 {
		return s.Muted.Render("было") + "\n" + old + "\n\n" + s.Muted.Render("стало") + "\n" + now
	}
	colW := max((d.width-3)/2, 10)
	left := lipgloss.NewStyle().Width(colW).Render(s.Muted.Render("было") + "\n" + old)
	right := lipgloss.NewStyle().Width(colW).Render(s.Muted.Render("стало") + "\n" + now)
	return lipgloss.JoinHorizontal(lipgloss.Top, left, " → ", right)
}

// outcome is what recorded call c came back with (a received webhook:
// its verdict).
func (d callDoc) outcome(c history.Call) string {
	if c.Received() {
		if c.Failed() {
			return d.styles.Error.Render("вебхук: "+safe.Line(c.ErrorKind)) + "\n" + safe.Line(c.Error)
		}
		return d.styles.Success.Render("вебхук принят") + "\n" + safe.Line(c.Message)
	}
	x, sent := exchangeOf(c)
	if !sent {
		return d.styles.Muted.Render("не отправлялся (импорт)")
	}
	out := answerOutcome(d.styles, d.explainer.Explain(x))
	if x.Err != nil && model.SpendsMoney(c.Name()) {
		out += "\n" + d.styles.Warning.Render("исход неизвестен: ответа не было, сообщения могли уйти")
	}
	return out
}

// answerOutcome is an answer's code, title and message, or why none came.
func answerOutcome(s Styles, x model.Explanation) string {
	if x.NoAnswer != nil {
		return s.Error.Render("нет ответа: "+x.NoAnswer.Kind.Label()) + "\n" + safe.Line(x.NoAnswer.Error())
	}
	out := s.ClassBadge(x.Code.Class).Render(fmt.Sprint(x.Code.Number)) + " " + x.Code.Title
	if x.Message != "" {
		out += "\n" + x.Message
	}
	return out
}

// noteLabel says who wrote a call's note, and when.
func noteLabel(c history.Call) string {
	label := "заметка"
	if c.NoteAuthor != "" {
		label += " · " + safe.Line(c.NoteAuthor)
	}
	if c.NoteAt != nil {
		label += " · " + dateTime(*c.NoteAt)
	}
	return label + ":"
}
