package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"codedesk/model"
)

// detailPane shows the selected code's card, rendered by glamour. A card is
// rendered once per (code, width, style) in a tea.Cmd and cached; until it
// arrives the pane shows the same card as wrapped plain text, so nothing
// waits on glamour, not even the first frame.
type detailPane struct {
	ctx    *Context
	vp     viewport.Model
	keys   detailKeys
	width  int
	height int

	code     model.Code
	hasCode  bool
	cards    map[cardKey]string
	inFlight map[cardKey]bool
	renders  int // glamour renders started; moving back to a code adds none
}

type cardKey struct {
	code  int
	width int
	style string
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

// Show switches the pane to code c.
func (p *detailPane) Show(c model.Code) tea.Cmd {
	if p.hasCode && p.code.Number == c.Number {
		return nil
	}
	p.code, p.hasCode = c, true
	p.vp.GotoTop()
	return p.Refresh()
}

// Refresh redraws the current card at the current size and style, from the
// cache when it can, otherwise as plain text while glamour renders it.
func (p *detailPane) Refresh() tea.Cmd {
	if !p.hasCode || p.width <= 1 {
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
	md, r := model.CardMarkdown(p.code), p.ctx.Markdown
	return func() tea.Msg {
		out, err := r.Render(md, k.style, k.width)
		return cardRenderedMsg{key: k, out: out, err: err}
	}
}

// showPlain shows the current card as wrapped plain text: instant, and
// complete enough to read while glamour works.
func (p *detailPane) showPlain() {
	if p.hasCode {
		p.vp.SetContent(lipgloss.NewStyle().Width(p.width).Render(model.CardText(p.code)))
	}
}

func (p detailPane) currentKey() cardKey {
	return cardKey{code: p.code.Number, width: p.width, style: p.ctx.Styles.Glamour}
}

func (p detailPane) Update(msg tea.Msg) (detailPane, tea.Cmd) {
	switch msg := msg.(type) {
	case cardRenderedMsg:
		delete(p.inFlight, msg.key)
		if msg.err != nil {
			// The plain card stays; glamour failing is no reason to hide it.
			return p, nil
		}
		p.cards[msg.key] = msg.out
		if p.hasCode && msg.key == p.currentKey() {
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
	if p.hasCode {
		title = fmt.Sprintf("Код %d", p.code.Number)
	}
	header := s.PaneTitle.Render(title)
	if !p.vp.AtTop() || !p.vp.AtBottom() {
		header += s.Muted.Render(fmt.Sprintf("  %3.0f%%", p.vp.ScrollPercent()*100))
	}
	return ansi.Truncate(header, p.width, "…") + "\n" + p.vp.View()
}

func (p detailPane) ShortHelp() []key.Binding {
	return []key.Binding{p.keys.Down, p.keys.Up, p.keys.PageDown}
}

func (p detailPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{{p.keys.Up, p.keys.Down, p.keys.PageUp, p.keys.PageDown, p.keys.Top, p.keys.Bottom}}
}
