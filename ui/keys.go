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
}

func defaultGlobalKeys() globalKeys {
	return globalKeys{
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "выход")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "выход")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "все клавиши")),
		NextPane:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "след. панель")),
		PrevPane:  key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "пред. панель")),
		Send:      key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "отправить")),
	}
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
