package ui

import "charm.land/bubbles/v2/key"

// globalKeys work from every pane; the root handles them before any pane.
type globalKeys struct {
	ForceQuit key.Binding
	Quit      key.Binding
	Help      key.Binding
	NextPane  key.Binding
	PrevPane  key.Binding
	Send      key.Binding
	History   key.Binding
}

func defaultGlobalKeys() globalKeys {
	return globalKeys{
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "выход")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "выход")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "клавиши")),
		NextPane:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "панель")),
		PrevPane:  key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "пред. панель")),
		Send:      key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "отправить")),
		History:   key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "история")),
	}
}

// moveHelp stands for ↑/↓/j/k in a short help bar, where one entry for
// the pair leaves room for the keys that matter more.
func moveHelp(desc string) key.Binding {
	return key.NewBinding(key.WithKeys("up", "down", "j", "k"), key.WithHelp("↑↓", desc))
}

// codesKeys are the keys of the codes list.
type codesKeys struct {
	Up          key.Binding
	Down        key.Binding
	PageUp      key.Binding
	PageDown    key.Binding
	Home        key.Binding
	End         key.Binding
	Filter      key.Binding
	ClearFilter key.Binding
	Accept      key.Binding
}

func defaultCodesKeys() codesKeys {
	return codesKeys{
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "вверх")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "вниз")),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "left", "h"), key.WithHelp("pgup", "стр. вверх")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "right", "l"), key.WithHelp("pgdn", "стр. вниз")),
		Home:        key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "в начало")),
		End:         key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "в конец")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "поиск")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "сбросить поиск")),
		Accept:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "применить поиск")),
	}
}

// detailKeys scroll the detail pane.
type detailKeys struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
}

func defaultDetailKeys() detailKeys {
	return detailKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "прокрутка вверх")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "прокрутка вниз")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup/b", "стр. вверх")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space", "f"), key.WithHelp("pgdn/space", "стр. вниз")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "в начало")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "в конец")),
	}
}

// requestKeys are the keys of the request pane.
type requestKeys struct {
	Send           key.Binding
	Accept         key.Binding
	NextSuggestion key.Binding
	Leave          key.Binding
}

func defaultRequestKeys() requestKeys {
	return requestKeys{
		Send:           key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "отправить")),
		Accept:         key.NewBinding(key.WithKeys("right", "enter"), key.WithHelp("→/enter", "взять подсказку")),
		NextSuggestion: key.NewBinding(key.WithKeys("down", "up"), key.WithHelp("↑/↓", "другие методы")),
		Leave:          key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "к списку")),
	}
}

// actionKeys act on the last answer; they work when no text field has
// focus and show in the help bar only when the answer allows them.
type actionKeys struct {
	Poll       key.Binding
	Retry      key.Binding
	SaveServer key.Binding
	Cancel     key.Binding
	EditCall   key.Binding
}

func defaultActionKeys() actionKeys {
	return actionKeys{
		Poll:       key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "следить за задачей")),
		Retry:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "повторить")),
		SaveServer: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "сохранить сервер в профиле")),
		Cancel:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "отменить")),
		EditCall:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "править запрос")),
	}
}

// historyKeys are the keys of the history view.
type historyKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding

	Load     key.Binding
	Replay   key.Binding
	Search   key.Binding
	Failed   key.Binding
	Star     key.Binding
	Note     key.Binding
	Delete   key.Binding
	Undo     key.Binding
	Accept   key.Binding
	Clear    key.Binding
	SaveNote key.Binding
	Back     key.Binding
}

func defaultHistoryKeys() historyKeys {
	return historyKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "вверх")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "вниз")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "стр. вверх")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "стр. вниз")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "к новым")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "к старым")),
		Load:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "взять")),
		Replay:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "повтор")),
		Search:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "поиск")),
		Failed:   key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "сбои")),
		Star:     key.NewBinding(key.WithKeys("*"), key.WithHelp("*", "★")),
		Note:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "заметка")),
		Delete:   key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", "удалить")),
		Undo:     key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "вернуть")),
		Back:     key.NewBinding(key.WithKeys("esc", "ctrl+r"), key.WithHelp("esc", "назад")),
		Accept:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "применить")),
		Clear:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "отмена")),
		SaveNote: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "сохранить заметку")),
	}
}
