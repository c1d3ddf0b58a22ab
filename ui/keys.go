package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
)

// Every key the TUI reacts to is a key.Binding here, matched only with
// key.Matches, and the same bindings feed the help bar and the key list:
// what the help says is what the keys do.

// navKeys move through a list or scroll a text; one set serves every pane
// and overlay that moves, so the same key means the same move everywhere.
type navKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

func defaultNavKeys() navKeys {
	return navKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "вверх")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "вниз")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "стр. вверх")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn/space", "стр. вниз")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "в начало")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "в конец")),
	}
}

// all lists the bindings for a key list.
func (k navKeys) all() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// newScroller is a viewport that scrolls with nav and nothing else.
func newScroller(nav navKeys) viewport.Model {
	vp := viewport.New()
	vp.SoftWrap = true
	off := key.NewBinding(key.WithDisabled())
	vp.KeyMap = viewport.KeyMap{Up: nav.Up, Down: nav.Down, PageUp: nav.PageUp, PageDown: nav.PageDown,
		HalfPageUp: off, HalfPageDown: off, Left: off, Right: off}
	return vp
}

// scroll moves vp by one of nav's keys.
func scroll(vp *viewport.Model, nav navKeys, k tea.KeyPressMsg) {
	switch {
	case key.Matches(k, nav.Top):
		vp.GotoTop()
	case key.Matches(k, nav.Bottom):
		vp.GotoBottom()
	default:
		*vp, _ = vp.Update(k)
	}
}

// moveHelp stands for ↑/↓/j/k in a short help bar, where one entry for
// the pair leaves room for the keys that matter more. It is help only:
// the moves themselves match navKeys.
func moveHelp(desc string) key.Binding {
	return key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓", desc))
}

// keyHint is a binding as a line of text says it: "x — остановить приём",
// from the same help the bar shows.
func keyHint(b key.Binding) string { return b.Help().Key + " — " + b.Help().Desc }

// globalKeys work from every pane; the root handles them before any pane.
type globalKeys struct {
	ForceQuit key.Binding
	Quit      key.Binding
	Help      key.Binding
	NextPane  key.Binding
	PrevPane  key.Binding
	Send      key.Binding
	History   key.Binding
	Delivery  key.Binding
	Webhooks  key.Binding
	Profiles  key.Binding
	Back      key.Binding // leave a text field, a view or an overlay
}

func defaultGlobalKeys() globalKeys {
	return globalKeys{
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "выход")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "выход")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "все клавиши")),
		NextPane:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "след. панель")),
		PrevPane:  key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "пред. панель")),
		Send:      key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "отправить")),
		History:   key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "история")),
		Delivery:  key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "доставка SMS")),
		Webhooks:  key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "вебхуки")),
		Profiles:  key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "профили")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "назад")),
	}
}

// actionKeys act on the last answer or the current request; they work when
// no text field has focus and show in the help bar only when they apply.
type actionKeys struct {
	Cancel     key.Binding
	Poll       key.Binding
	Watch      key.Binding
	Retry      key.Binding
	SaveServer key.Binding
	EditCall   key.Binding
	CopyCurl   key.Binding
	CopyReply  key.Binding
}

func defaultActionKeys() actionKeys {
	return actionKeys{
		Cancel:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "отменить")),
		Poll:       key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "следить за задачей")),
		Watch:      key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "следить за доставкой SMS")),
		Retry:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "повторить")),
		SaveServer: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "сохранить сервер в профиле")),
		EditCall:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "править параметры")),
		CopyCurl:   key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "curl в буфер")),
		CopyReply:  key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "ответ клиенту в буфер")),
	}
}

// codesKeys are the keys of the codes list beyond moving.
type codesKeys struct {
	Filter key.Binding
	// While typing a search: keep it, move into what it found, drop it.
	Accept key.Binding
	Move   key.Binding
	Cancel key.Binding
	// With a search applied: drop it.
	Clear key.Binding
}

func defaultCodesKeys() codesKeys {
	return codesKeys{
		Filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "поиск")),
		Accept: key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter", "оставить поиск")),
		Move:   key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓", "к найденному")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "сбросить поиск")),
		Clear:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "сбросить поиск")),
	}
}

// requestKeys are the keys of the request pane's fields.
type requestKeys struct {
	Accept     key.Binding // take the method completion
	NextMatch  key.Binding
	PrevMatch  key.Binding
	ToParams   key.Binding // enter in the method field
	ToMethod   key.Binding // enter in the server field
	NextRegion key.Binding // the demo's server field: the other region
}

func defaultRequestKeys() requestKeys {
	return requestKeys{
		Accept:     key.NewBinding(key.WithKeys("right", "end"), key.WithHelp("→", "взять подсказку")),
		NextMatch:  key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "след. метод")),
		PrevMatch:  key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "пред. метод")),
		ToParams:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "взять и к параметрам")),
		ToMethod:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "к методу")),
		NextRegion: key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓", "регион песочницы")),
	}
}

// historyKeys are the keys of the history view beyond moving.
type historyKeys struct {
	Load        key.Binding
	Replay      key.Binding
	Search      key.Binding
	Failed      key.Binding
	Starred     key.Binding
	ByCode      key.Binding
	Mine        key.Binding
	Period      key.Binding
	Star        key.Binding
	Note        key.Binding
	Delete      key.Binding
	Undo        key.Binding
	CopyPayload key.Binding // a received webhook's: y copies what came
	SwitchPane  key.Binding
	Accept      key.Binding // in the search, note or code field
	Cancel      key.Binding
	SearchMove  key.Binding
	ClearSearch key.Binding
}

func defaultHistoryKeys() historyKeys {
	return historyKeys{
		Load:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "взять в запрос")),
		Replay:      key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "повторить вызов")),
		Search:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "поиск")),
		Failed:      key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "только сбои")),
		Starred:     key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "только ★")),
		ByCode:      key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "по коду")),
		Mine:        key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "только мои")),
		Period:      key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "период")),
		Star:        key.NewBinding(key.WithKeys("*"), key.WithHelp("*", "★ / снять")),
		Note:        key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "заметка")),
		Delete:      key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", "удалить")),
		Undo:        key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "вернуть удалённый")),
		CopyPayload: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "скопировать данные вебхука")),
		SwitchPane:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "список / вызов")),
		Accept:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "применить")),
		Cancel:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "отмена")),
		SearchMove:  key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓", "к найденному")),
		ClearSearch: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "сбросить поиск")),
	}
}

// deliveryKeys are the keys of the «Доставка» view beyond moving.
type deliveryKeys struct {
	Lookup     key.Binding // in the input
	Cancel     key.Binding // in the input: back to the list
	Edit       key.Binding
	Again      key.Binding
	Watch      key.Binding
	Stop       key.Binding
	Card       key.Binding
	SwitchPane key.Binding
}

func defaultDeliveryKeys() deliveryKeys {
	return deliveryKeys{
		Lookup:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "искать")),
		Cancel:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "к списку (без списка — назад)")),
		Edit:       key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "новый поиск")),
		Again:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "повторить поиск")),
		Watch:      key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "следить за незавершёнными")),
		Stop:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "остановить слежение")),
		Card:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "карточка статуса")),
		SwitchPane: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "список / подробности")),
	}
}

// webhookKeys are the keys of the «Вебхуки» view beyond moving.
type webhookKeys struct {
	Listen     key.Binding // in the address
	Cancel     key.Binding // in the address: back to the list
	Address    key.Binding
	Stop       key.Binding
	SwitchPane key.Binding
}

func defaultWebhookKeys() webhookKeys {
	return webhookKeys{
		Listen:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "слушать")),
		Cancel:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "к списку")),
		Address:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "адрес")),
		Stop:       key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "остановить приём")),
		SwitchPane: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "список / событие")),
	}
}

// confirmKeys answer a question.
type confirmKeys struct {
	Yes key.Binding
	No  key.Binding
}

func defaultConfirmKeys() confirmKeys {
	return confirmKeys{
		Yes: key.NewBinding(key.WithKeys("y", "Y", "enter"), key.WithHelp("y/enter", "да")),
		No:  key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", "нет")),
	}
}

// pickerKeys choose a profile.
type pickerKeys struct {
	Choose key.Binding
	Close  key.Binding
}

func defaultPickerKeys() pickerKeys {
	return pickerKeys{
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "выбрать профиль")),
		Close:  key.NewBinding(key.WithKeys("esc", "ctrl+p"), key.WithHelp("esc", "закрыть")),
	}
}
