package ui

import (
	"encoding/json"
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"codedesk/model/jsonx"
	"codedesk/model/ru"
	"codedesk/model/safe"
	"codedesk/model/webhook"
)

// payloadShowLimit bounds the payload the detail shows: Mobizon's events
// are a few hundred bytes, a hostile one may be a mebibyte.
const payloadShowLimit = 16 << 10

// SetSize gives the pane its inner size: the title, the address line, the
// list on top and the selected event under it.
func (p *webhooksPane) SetSize(width, height int) {
	p.width, p.height = max(width, 1), max(height, 1)
	p.addr.SetWidth(max(p.width-lipgloss.Width(p.addr.Prompt)-1, 1))
	p.detail.SetWidth(p.width)
	p.detail.SetHeight(max(p.height-3-p.listRows(), 1))
	p.clamp()
	p.showDetail()
}

// listRows is how many events show: a third of the room, the detail gets
// the rest.
func (p webhooksPane) listRows() int {
	return max((p.height-3)/3, 1)
}

func (p webhooksPane) View() string {
	s := p.ctx.Styles
	lines := []string{p.header(), p.addrLine()}
	rows := p.listRows()
	if len(p.events) == 0 {
		empty := lipgloss.NewStyle().Width(p.width).Render(p.emptyText())
		for _, l := range strings.Split(empty, "\n")[:min(rows, strings.Count(empty, "\n")+1)] {
			lines = append(lines, s.Muted.Render(l))
		}
	}
	for i := p.offset; i < min(p.offset+rows, len(p.events)); i++ {
		lines = append(lines, p.row(p.events[i], i == p.cursor))
	}
	for len(lines) < 2+rows {
		lines = append(lines, "")
	}
	lines = append(lines, p.detailTitle())
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, p.width, "…")
	}
	return strings.Join(lines, "\n") + "\n" + p.detail.View()
}

func (p webhooksPane) emptyText() string {
	switch {
	case p.lis == nil && p.editing:
		return keyHint(p.keys.Listen) + " на этом адресе (порт 0 — любой свободный)"
	case p.lis == nil:
		return "приём остановлен · " + keyHint(p.keys.Address) + " и снова слушать"
	case p.demo != nil:
		return "ждём вебхуков: отправьте SMS (ctrl+s в запросе) — песочница пришлёт отчёт, когда оно дойдёт"
	}
	return "ждём вебхуков: codedesk webhook send " + p.lis.url + " — или песочница с --webhook " + p.lis.url
}

func (p webhooksPane) header() string {
	s := p.ctx.Styles
	parts := []part{{"Вебхуки", s.PaneTitle.Render}}
	if p.lis != nil {
		parts = append(parts, part{"слушаю " + p.lis.url, s.Success.Render})
	} else {
		parts = append(parts, part{"не слушаю", s.Muted.Render})
	}
	if n := len(p.events); n > 0 {
		// ✓ verified the first time, ✗ refused, and retries of a verified one.
		parts = append(parts, part{ru.Events.Count(n), s.Muted.Render}, part{fmt.Sprintf("✓ %d", p.stats.verified), s.Muted.Render},
			part{fmt.Sprintf("✗ %d", p.stats.rejected), s.Muted.Render},
			part{fmt.Sprintf("%d %s", p.stats.duplicates, ru.Form(int64(p.stats.duplicates), "повтор", "повтора", "повторов")), s.Muted.Render})
	}
	return fitParts(p.width, parts...)
}

func (p webhooksPane) addrLine() string {
	s := p.ctx.Styles
	switch {
	case p.editing:
		return p.addr.View()
	case p.lis != nil:
		return s.Muted.Render("для клиента и песочницы: ") + p.lis.url + s.Muted.Render(" · "+p.lis.secret)
	}
	if _, _, err := p.secret(); err != nil {
		return s.Warning.Render(err.Error())
	}
	return s.Muted.Render(keyHint(p.keys.Address) + " и слушать")
}

// row is one event as `codedesk webhook listen` prints it, coloured by
// its verdict.
func (p webhooksPane) row(ev webhook.Event, selected bool) string {
	s := p.ctx.Styles
	// The verdict first, in a mark that needs no colour: a long line is cut
	// at the right, where Line says it.
	mark := "✓ "
	switch {
	case ev.Failed():
		mark = "✗ "
	case ev.Duplicate:
		mark = "↻ "
	}
	line := mark + fitText(safe.Line(ev.Line(p.statusTitle)), p.width-1-lipgloss.Width(mark))
	if selected {
		line = "▌" + line
		return s.Selected.Render(line + strings.Repeat(" ", max(p.width-lipgloss.Width(line), 0)))
	}
	switch {
	case ev.Failed():
		return " " + s.Error.Render(line)
	case ev.Duplicate:
		return " " + s.Warning.Render(line)
	}
	return " " + s.Success.Render(line)
}

func (p webhooksPane) detailTitle() string {
	s := p.ctx.Styles
	ev, ok := p.Selected()
	if !ok {
		return s.Muted.Render(strings.Repeat("─", p.width))
	}
	label := fmt.Sprintf("─ Событие #%s ", safe.Line(ev.EventID))
	if p.detailFocus {
		label = fmt.Sprintf("▶ Событие #%s · ↑↓ прокрутка, tab — к списку ", safe.Line(ev.EventID))
	} else if !p.detail.AtBottom() {
		label += "· tab — прокрутить "
	}
	label = ansi.Truncate(label, p.width, "…")
	return s.PaneTitle.Render(label) + s.Muted.Render(strings.Repeat("─", max(p.width-lipgloss.Width(label), 0)))
}

// showDetail puts the selected event's verdict and payload in the detail.
func (p *webhooksPane) showDetail() {
	ev, ok := p.Selected()
	if !ok {
		p.detail.SetContent("")
		return
	}
	p.detail.SetContent(lipgloss.NewStyle().Width(p.width).Render(p.eventText(ev)))
}

// eventText is the verdict (what was wrong and what to check) and the
// payload, pretty and cut, every byte of it inert.
func (p webhooksPane) eventText(ev webhook.Event) string {
	s := p.ctx.Styles
	var b strings.Builder
	verdict := s.Success.Render(safe.Line(ev.Message))
	if ev.Failed() {
		verdict = s.Error.Render(safe.Line(ev.Message))
	}
	fmt.Fprintf(&b, "%s\nHTTP %d · %s · %d байт\n", verdict, ev.HTTPStatus, safe.Line(ev.Format.Title()), ev.Size)
	if ev.Status != "" {
		st := p.ctx.Catalog.DescribeStatus(ev.Status)
		fmt.Fprintf(&b, "SMS: %s · %s\n", safe.Line(st.Name), safe.Line(st.Title))
	}
	if v := ev.Verification; v != nil {
		if ev.Cause != "" {
			fmt.Fprintf(&b, "причина: %s\n", safe.Line(ev.Cause.Title()))
		}
		for _, adv := range v.Advice {
			b.WriteString("• " + safe.Line(adv) + "\n")
		}
	}
	for _, n := range ev.Notes {
		b.WriteString(s.Warning.Render("! "+safe.Line(n.Text)) + "\n")
	}
	if len(ev.Body) > 0 {
		b.WriteString("\n" + s.Muted.Render("тело запроса:") + "\n" + payloadText(ev.Body))
	}
	return b.String()
}

// payloadText is a body as received: JSON indented, anything else as
// text; inert and cut to payloadShowLimit.
func payloadText(body []byte) string {
	if json.Valid(body) {
		return cutText(safe.Text(jsonx.Pretty(body)), payloadShowLimit)
	}
	return cutText(safe.Text(string(body)), payloadShowLimit)
}
