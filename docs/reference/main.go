// Command reference is the yardstick for codedesk's first frame: a minimal
// Bubble Tea v2 program that shows one glamour card (code 30's, the same
// text codedesk shows first) in the alternate screen, and nothing else. The
// first-frame benchmark starts it and codedesk alternately in the same
// pseudo-terminal and compares the two; codedesk must take at most 0.8× its
// time.
package main

import (
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
)

const card = `# 30 · Превышен лимит запросов

*ошибка в запросе*

Ошибка превышения допустимого лимита операций в промежуток времени. Данная
ошибка возникает при чрезмерно частых обращениях к одному и тому же методу
API. В случае возникновения ошибки следует уменьшить частоту запросов.

## Что делать

Запросы к этому методу идут слишком часто. Сделайте паузу и повторите с
нарастающей задержкой; taskqueue/getStatus — не чаще раза в секунду.
`

type model struct{ text string }

func (m model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && (k.String() == "q" || k.String() == "ctrl+c") {
		return m, tea.Quit
	}
	return m, nil
}

func (m model) View() tea.View {
	v := tea.NewView("Коды ответов\n" + m.text)
	v.AltScreen = true
	return v
}

func main() {
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle("dark"), glamour.WithWordWrap(60))
	if err == nil {
		var out string
		if out, err = r.Render(card); err == nil {
			_, err = tea.NewProgram(model{text: out}).Run()
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "reference:", err)
		os.Exit(1)
	}
}
