package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"codedesk/model/catalog"
	"codedesk/model/jsonx"
	"codedesk/model/safe"
	"codedesk/ui/markdown"
)

// detailPane shows the selected code's card, and under it the last answer
// when that answer carried this code. Rendering with glamour happens once
// per (code, answer, width, style) in a tea.Cmd and is cached; until it
// arrives the pane shows the same text plain, so nothing waits on glamour,
// not even the first frame.
type detailPane struct {
	ctx    *Context
	vp     viewport.Model
	keys   detailKeys
	width  int
	height int

	code    catalog.Code
	hasCode bool
	// answer is the last call's result; shown with its code's card, or
	// alone when no envelope came back (showError).
	answer    *answerView
	showError bool

	cards    map[cardKey]string
	inFlight map[cardKey]bool
	renders  int // glamour renders started; moving back to a code adds none
}

type cardKey struct {
	code   int // -1: the error view
	answer int // the answer's seq, 0 for the bare card
	width  int
	style  string
}

// cardRenderedMsg carries a glamour-rendered card back to the detail pane.
type cardRenderedMsg struct {
	key cardKey
	out string
	err error
}

func newDetailPane(ctx *Context) detailPane {
	vp := viewport.New()
	vp.SoftWrap = true
	keys := defaultDetailKeys()
	vp.KeyMap.Up = keys.Up
	vp.KeyMap.Down = keys.Down
	vp.KeyMap.PageUp = keys.PageUp
	vp.KeyMap.PageDown = keys.PageDown
	vp.KeyMap.HalfPageUp = key.NewBinding(key.WithKeys("ctrl+u"))
	vp.KeyMap.HalfPageDown = key.NewBinding(key.WithKeys("ctrl+d"))
	return detailPane{
		ctx:      ctx,
		vp:       vp,
		keys:     keys,
		cards:    map[cardKey]string{},
		inFlight: map[cardKey]bool{},
	}
}

// SetSize gives the pane its inner size; call Refresh after it.
func (p *detailPane) SetSize(width, height int) {
	p.width, p.height = max(width, 1), max(height, 1)
	p.vp.SetWidth(p.width)
	p.vp.SetHeight(max(p.height-1, 1)) // one line for the header
}

// Show switches the pane to code c (leaving an error view).
func (p *detailPane) Show(c catalog.Code) tea.Cmd {
	if p.hasCode && p.code.Number == c.Number && !p.showError {
		return nil
	}
	p.code, p.hasCode, p.showError = c, true, false
	p.vp.GotoTop()
	return p.Refresh()
}

// SetAnswer shows a call's result: with the card of its code, or as an
// error view when no envelope came back.
func (p *detailPane) SetAnswer(a *answerView, c catalog.Code) tea.Cmd {
	p.answer = a
	p.showError = a.err != nil
	if !p.showError {
		p.code, p.hasCode = c, true
	}
	p.vp.GotoTop()
	return p.Refresh()
}

// attachedAnswer is the answer shown with the current card, if any.
func (p *detailPane) attachedAnswer() *answerView {
	if p.answer == nil {
		return nil
	}
	if p.showError {
		return p.answer
	}
	if p.answer.err == nil && p.answer.resp.Code == p.code.Number {
		return p.answer
	}
	return nil
}

// Refresh redraws the current view at the current size and style, from the
// cache when it can, otherwise as plain text while glamour renders it.
func (p *detailPane) Refresh() tea.Cmd {
	if (!p.hasCode && !p.showError) || p.width <= 1 {
		return nil
	}
	k := p.currentKey()
	if out, ok := p.cards[k]; ok {
		p.vp.SetContent(out)
		return nil
	}
	p.showPlain()
	if p.inFlight[k] {
		return nil
	}
	p.inFlight[k] = true
	p.renders++
	md, tail := p.document()
	return func() tea.Msg {
		out, err := markdown.Render(md, k.style, k.width)
		if tail != "" {
			out += "\n\n" + tail
		}
		return cardRenderedMsg{key: k, out: out, err: err}
	}
}

// document is the markdown for glamour and, for big data, a plain tail.
func (p *detailPane) document() (md, tail string) {
	a := p.attachedAnswer()
	if p.showError {
		summary, _ := a.markdown(p.ctx.Methods())
		return summary, ""
	}
	head, body := catalog.CardMarkdownParts(p.code)
	if a == nil {
		return head + body, ""
	}
	// The answer right under the code it carried; the code's description
	// and the data, which can be long, after it.
	summary, data := a.markdown(p.ctx.Methods())
	md = head + summary + "\n## О коде\n\n" + body + "\n" + data
	if a.bigData() {
		tail = a.plainData()
	}
	return md, tail
}

// showPlain shows the current view as wrapped plain text: instant, and
// complete enough to read while glamour works.
func (p *detailPane) showPlain() {
	var text string
	switch a := p.attachedAnswer(); {
	case p.showError:
		text = "Нет ответа API\n\n" + a.err.Error()
	case a != nil:
		text = catalog.CardText(p.code) + "\nОтвет"
		if a.resp.Message != "" {
			text += ": " + safe.Line(a.resp.Message)
		}
		text += "\n" + jsonx.Pretty(a.resp.Data)
	case p.hasCode:
		text = catalog.CardText(p.code)
	}
	p.vp.SetContent(lipgloss.NewStyle().Width(p.width).Render(strings.TrimRight(text, "\n")))
}

func (p detailPane) currentKey() cardKey {
	k := cardKey{code: p.code.Number, width: p.width, style: p.ctx.Styles.Glamour}
	if p.showError {
		k.code = -1
	}
	if a := p.attachedAnswer(); a != nil {
		k.answer = a.seq
	}
	return k
}

func (p detailPane) Update(msg tea.Msg) (detailPane, tea.Cmd) {
	switch msg := msg.(type) {
	case cardRenderedMsg:
		delete(p.inFlight, msg.key)
		if msg.err != nil {
			// The plain text stays; glamour failing is no reason to hide it.
			return p, nil
		}
		p.cards[msg.key] = msg.out
		if (p.hasCode || p.showError) && msg.key == p.currentKey() {
			p.vp.SetContent(msg.out)
		}
		return p, nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, p.keys.Top):
			p.vp.GotoTop()
			return p, nil
		case key.Matches(msg, p.keys.Bottom):
			p.vp.GotoBottom()
			return p, nil
		}
	}
	var cmd tea.Cmd
	p.vp, cmd = p.vp.Update(msg)
	return p, cmd
}

func (p detailPane) View() string {
	s := p.ctx.Styles
	title := "Карточка кода"
	switch {
	case p.showError:
		title = s.Error.Render("Нет ответа API")
	case p.hasCode:
		title = fmt.Sprintf("Код %d", p.code.Number)
	}
	header := s.PaneTitle.Render(title)
	if a := p.attachedAnswer(); a != nil && !p.showError {
		header += " " + s.ClassText(p.code.Class).Render("· ответ")
	}
	if !p.vp.AtBottom() {
		header += s.Muted.Render("  ↓ ещё")
	} else if !p.vp.AtTop() {
		header += s.Muted.Render("  конец")
	}
	return ansi.Truncate(header, p.width, "…") + "\n" + p.vp.View()
}

func (p detailPane) ShortHelp() []key.Binding {
	return []key.Binding{moveHelp("прокрутка"), p.keys.PageDown}
}

func (p detailPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{{p.keys.Up, p.keys.Down, p.keys.PageUp, p.keys.PageDown, p.keys.Top, p.keys.Bottom}}
}
