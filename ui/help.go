package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"codedesk/model"
)

// The help bar shows the essential keys of what has focus, including the
// actions the last answer allows, and always ends with how to see every
// key and how to quit; `?` opens the key list, by section, scrollable.

// helpBar is the short help, cut to the width from its middle so that the
// keys pinned at its end never go.
func (a *App) helpBar() string {
	keys, pinned := a.shortHelp()
	for n := len(keys); n >= 0; n-- {
		bar := a.help.ShortHelpView(append(keys[:n:n], pinned...))
		if lipgloss.Width(bar) <= a.width {
			return bar
		}
	}
	return ansi.Truncate(a.help.ShortHelpView(pinned), a.width, "…")
}

// shortHelp is the help bar's keys, most useful first, and the keys it
// must always end with.
func (a *App) shortHelp() (keys, pinned []key.Binding) {
	if a.confirm != nil {
		return a.confirm.ShortHelp(), []key.Binding{a.keys.ForceQuit}
	}
	switch a.overlay {
	case helpOverlay:
		return []key.Binding{moveHelp("прокрутка")}, []key.Binding{a.keys.Back, a.keys.ForceQuit}
	case profilesOverlay:
		return a.picker.ShortHelp(), []key.Binding{a.keys.ForceQuit}
	}
	if a.typing() {
		return a.typingHelp(), []key.Binding{a.keys.ForceQuit}
	}
	pinned = []key.Binding{a.keys.Help, a.keys.Quit}
	switch a.view {
	case historyView:
		return append(a.history.ShortHelp(), a.keys.Back), pinned
	case deliveryView:
		return append(a.delivery.ShortHelp(), a.keys.Back), pinned
	case webhooksView:
		return append(a.webhooks.ShortHelp(), a.keys.Back), pinned
	}
	keys = a.actionBindings()
	switch a.focus {
	case focusCodes:
		keys = append(keys, a.codes.ShortHelp()...)
	case focusDetail:
		keys = append(keys, a.detail.ShortHelp()...)
	}
	keys = append(keys, a.keys.Send, a.keys.NextPane, a.keys.History, a.keys.Delivery, a.keys.Webhooks)
	if _, ok := a.session.Last(); ok {
		keys = append(keys, a.actions.CopyReply)
	}
	return append(keys, a.actions.CopyCurl, a.keys.Profiles), pinned
}

// typingHelp is the help while a text field has the keyboard.
func (a *App) typingHelp() []key.Binding {
	switch {
	case a.view == historyView:
		return a.history.ShortHelp()
	case a.view == deliveryView:
		return a.delivery.ShortHelp()
	case a.view == webhooksView:
		return a.webhooks.ShortHelp()
	case a.focus == focusCodes:
		return a.codes.ShortHelp()
	}
	b := a.request.ShortHelp()
	return append(b, a.keys.Send, a.keys.NextPane, a.backToList())
}

func (a *App) backToList() key.Binding {
	return key.NewBinding(key.WithKeys(a.keys.Back.Keys()...), key.WithHelp("esc", "к списку"))
}

// actionBindings are the action keys the current state allows.
func (a *App) actionBindings() []key.Binding {
	var b []key.Binding
	if a.session.Activity().kind != idle {
		b = append(b, a.actions.Cancel)
	}
	if a.session.Can(model.ActionFollowTask) {
		b = append(b, a.actions.Poll)
	}
	if a.session.Can(model.ActionWatchDelivery) {
		b = append(b, a.actions.Watch)
	}
	if a.session.Can(model.ActionResend) || a.session.Can(model.ActionRetryLater) {
		b = append(b, a.actions.Retry)
	}
	if a.session.Can(model.ActionKeepServer) {
		b = append(b, a.actions.SaveServer)
	}
	return b
}

// keySection is one heading of the key list and its keys.
type keySection struct {
	title string
	keys  []key.Binding
}

// keySections are every key, by where it works. Within a section no key
// means two things.
func (a *App) keySections() []keySection {
	nav := defaultNavKeys()
	act, ck, hk, rk, dk, wk := a.actions, a.codes.keys, a.history.keys, a.request.keys, defaultDeliveryKeys(), defaultWebhookKeys()
	g := a.keys
	return []keySection{
		{"Везде", []key.Binding{g.Send, g.History, g.Delivery, g.Webhooks, g.Profiles, g.NextPane, g.PrevPane, g.Help, g.Quit, g.ForceQuit}},
		{"После ответа (вне полей ввода)", []key.Binding{act.Cancel, act.Poll, act.Watch, act.Retry, act.SaveServer, act.EditCall, act.CopyCurl, act.CopyReply}},
		{"Список кодов и карточка", append(nav.all(), ck.Filter, ck.Clear)},
		{"Поиск кодов (после /)", []key.Binding{ck.Accept, ck.Move, ck.Cancel}},
		{"Поле «Метод»", []key.Binding{withHelp(rk.Accept, "→", "взять подсказку"), withHelp(rk.NextMatch, "↓", "следующая подсказка"),
			withHelp(rk.PrevMatch, "↑", "предыдущая подсказка"), withHelp(rk.ToParams, "enter", "взять и к параметрам"), a.backToList()}},
		{"Поле «Сервер»", []key.Binding{withHelp(rk.ToMethod, "enter", "к методу"), withHelp(rk.NextRegion, "↑↓", "в демо: регион песочницы"), a.backToList()}},
		{"История", append(nav.all(), hk.Load, hk.Replay, hk.SwitchPane, hk.Search, hk.Failed, hk.Starred, hk.ByCode, hk.Mine, hk.Period,
			hk.Star, hk.Note, hk.Delete, hk.Undo, withHelp(act.CopyCurl, "y", "скопировать curl (вебхука — его данные)"),
			act.CopyReply, withHelp(g.Back, "esc", "назад"))},
		{"История: поиск, заметка, код, период", []key.Binding{hk.Accept, hk.SearchMove, withHelp(hk.Cancel, "esc", "отмена (поиск — сбросить)")}},
		{"Доставка SMS (ctrl+d)", append(nav.all(), dk.Edit, dk.Again, dk.Watch, dk.Card, dk.SwitchPane, withHelp(dk.Stop, "esc", "стоп слежения, потом назад"))},
		{"Доставка: поле поиска", []key.Binding{dk.Lookup, dk.Cancel}},
		{"Вебхуки (ctrl+l)", append(nav.all(), wk.Address, wk.Stop, wk.SwitchPane, withHelp(g.Back, "esc", "назад (приём идёт дальше)"))},
		{"Вебхуки: поле адреса", []key.Binding{wk.Listen, wk.Cancel}},
		{"Вопрос перед отправкой или удалением", []key.Binding{defaultConfirmKeys().Yes, defaultConfirmKeys().No}},
		{"Профили (ctrl+p)", []key.Binding{nav.Up, nav.Down, a.picker.keys.Choose, a.picker.keys.Close}},
	}
}

// withHelp is b with other help text, for a section where its own would
// be ambiguous.
func withHelp(b key.Binding, k, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(k, desc))
}

// keyList is every key by section, in columns as the width allows and
// scrollable when it is taller than the screen.
type keyList struct {
	ctx      *Context
	nav      navKeys
	vp       viewport.Model
	sections []keySection
	width    int
}

func newKeyList(ctx *Context) keyList {
	nav := defaultNavKeys()
	return keyList{ctx: ctx, nav: nav, vp: newScroller(nav)}
}

// SetSections lists these sections, from the top.
func (l *keyList) SetSections(s []keySection) {
	l.sections = s
	l.vp.SetContent(l.content())
	l.vp.GotoTop()
}

// SetSize gives the list its inner size; the title takes a line.
func (l *keyList) SetSize(width, height int) {
	l.width = max(width, 1)
	l.vp.SetWidth(l.width)
	l.vp.SetHeight(max(height-1, 1))
	if l.sections != nil {
		l.vp.SetContent(l.content())
	}
}

// Update scrolls.
func (l *keyList) Update(k tea.KeyPressMsg) { scroll(&l.vp, l.nav, k) }

func (l keyList) View() string {
	s := l.ctx.Styles
	title := s.PaneTitle.Render("Все клавиши") + s.Muted.Render("  ? или esc — закрыть")
	if !l.vp.AtBottom() {
		title += s.Muted.Render(" · ↓ ещё")
	}
	return title + "\n" + l.vp.View()
}

// content lays the sections out in as many columns as fit.
func (l keyList) content() string {
	s := l.ctx.Styles
	blocks := make([]string, len(l.sections))
	colW := 0
	for i, sec := range l.sections {
		blocks[i] = sectionBlock(sec, s)
		colW = max(colW, lipgloss.Width(blocks[i]))
	}
	cols := max(min(l.width/(colW+2), 3), 1)
	columns := make([][]string, cols)
	heights := make([]int, cols)
	for _, b := range blocks {
		c := 0
		for i := range heights {
			if heights[i] < heights[c] {
				c = i
			}
		}
		columns[c] = append(columns[c], b)
		heights[c] += lipgloss.Height(b) + 1
	}
	rendered := make([]string, cols)
	for i, c := range columns {
		rendered[i] = lipgloss.NewStyle().Width(colW + 2).Render(strings.Join(c, "\n\n"))
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, rendered...)
}

// sectionBlock is a section's heading and its keys, one a line.
func sectionBlock(sec keySection, s Styles) string {
	keyW := 0
	for _, b := range sec.keys {
		keyW = max(keyW, lipgloss.Width(b.Help().Key))
	}
	lines := []string{s.PaneTitle.Render(sec.title)}
	for _, b := range sec.keys {
		h := b.Help()
		lines = append(lines, "  "+s.Key.Render(h.Key)+strings.Repeat(" ", keyW-lipgloss.Width(h.Key)+1)+h.Desc)
	}
	return strings.Join(lines, "\n")
}
