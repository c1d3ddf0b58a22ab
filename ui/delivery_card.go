package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"codedesk/model/catalog"
	"codedesk/model/safe"
)

// The selected message's card under the «Доставка» list: its way so far
// and what to do about its status. It shows deliveryDetailLines lines;
// when there are more, its rule says so, and tab gives it the keys that
// scroll (as in the history and the webhooks).

// cardView is the card's rule and the lines on screen.
func (p deliveryPane) cardView() []string {
	s := p.ctx.Styles
	lines := p.cardLines()
	top := min(p.cardTop, max(len(lines)-deliveryDetailLines, 0))
	label := ""
	switch {
	case p.cardFocus:
		label = "▶ ↑↓ прокрутка, tab — к списку "
	case top+deliveryDetailLines < len(lines):
		label = "─ ↓ ещё, tab — прокрутить "
	}
	label = ansi.Truncate(label, p.width, "…")
	rule := s.PaneTitle.Render(label) + s.Muted.Render(strings.Repeat("─", max(p.width-lipgloss.Width(label), 0)))
	return append([]string{rule}, lines[top:min(top+deliveryDetailLines, len(lines))]...)
}

// scrollCard moves the card by one of the moving keys.
func (p *deliveryPane) scrollCard(k tea.KeyPressMsg) {
	last := max(len(p.cardLines())-deliveryDetailLines, 0)
	top := min(p.cardTop, last)
	switch {
	case key.Matches(k, p.nav.Up):
		top--
	case key.Matches(k, p.nav.Down):
		top++
	case key.Matches(k, p.nav.PageUp):
		top -= deliveryDetailLines
	case key.Matches(k, p.nav.PageDown):
		top += deliveryDetailLines
	case key.Matches(k, p.nav.Top):
		top = 0
	case key.Matches(k, p.nav.Bottom):
		top = last
	}
	p.cardTop = min(max(top, 0), last)
}

// cardLines are the selected message's way so far and its status's hint,
// wrapped to the width: all of them, the card shows what fits.
func (p deliveryPane) cardLines() []string {
	r, ok := p.Selected()
	if !ok {
		return nil
	}
	s := p.ctx.Styles
	res := r.res
	var head string
	switch {
	case !res.Seen():
		head = fmt.Sprintf("%d: API не вернул это сообщение — чужое, удалено или id неверен", res.ID)
	default:
		steps := make([]string, 0, len(res.Steps)+1)
		if seenLate(res.Steps, firstStatus(p.ctx.Catalog)) {
			steps = append(steps, "…") // the API names only the current status
		}
		for _, st := range res.Steps {
			steps = append(steps, together(safe.Line(st.Status)+" "+clockOf(st.At)))
		}
		head = fmt.Sprintf("%d: %s · %s", res.ID, res.Status.Name, catalog.StatusLabel(res.Status))
		if len(steps) > 0 {
			head += " · " + strings.Join(steps, " → ")
		}
	}
	var out []string
	for _, l := range strings.Split(lipgloss.NewStyle().Width(p.width).Render(head), "\n") {
		out = append(out, s.PaneTitle.Render(strings.TrimRight(l, " ")))
	}
	if res.Seen() && res.Status.Hint != "" {
		hint := lipgloss.NewStyle().Width(p.width).Render("Что делать: " + res.Status.Hint)
		out = append(out, strings.Split(hint, "\n")...)
	}
	return out
}
