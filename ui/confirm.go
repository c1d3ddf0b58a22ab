package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"codedesk/model/safe"
)

// confirmPrompt asks a yes-or-no question before something that costs
// money or cannot easily be taken back. While it is up it takes every key
// but ctrl+c.
type confirmPrompt struct {
	question string
	yes      tea.Cmd
	keys     confirmKeys
}

func newConfirm(msg confirmMsg) *confirmPrompt {
	return &confirmPrompt{question: safe.Text(msg.question), yes: msg.yes, keys: defaultConfirmKeys()}
}

// Update answers the question: the command to run and whether the prompt
// is done.
func (c *confirmPrompt) Update(k tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(k, c.keys.Yes):
		return c.yes, true
	case key.Matches(k, c.keys.No):
		return say(statusInfo, "отменено"), true
	}
	return nil, false
}

// View is the question in a box as wide as width.
func (c *confirmPrompt) View(width int, s Styles) string {
	inner := max(width-s.Dialog.GetHorizontalFrameSize(), 10)
	body := lipgloss.NewStyle().Width(inner).Render(c.question) + "\n\n" +
		s.Key.Render("y") + " / " + s.Key.Render("enter") + " — да   " + s.Key.Render("n") + " / " + s.Key.Render("esc") + " — нет"
	return s.Dialog.Width(width).Render(body)
}

// ShortHelp and FullHelp make the prompt a help.KeyMap.
func (c *confirmPrompt) ShortHelp() []key.Binding { return []key.Binding{c.keys.Yes, c.keys.No} }

func (c *confirmPrompt) FullHelp() [][]key.Binding { return [][]key.Binding{c.ShortHelp()} }
