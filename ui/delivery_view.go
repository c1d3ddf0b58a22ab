package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"codedesk/model/catalog"
	"codedesk/model/delivery"
	"codedesk/model/ru"
	"codedesk/model/safe"
)

// deliveryDetailLines is what the selected message's detail takes under
// the list: its way so far and what to do about its status.
const deliveryDetailLines = 4

// SetSize gives the pane its inner size.
func (p *deliveryPane) SetSize(width, height int) {
	p.width, p.height = max(width, 1), max(height, 1)
	p.input.SetWidth(max(p.width-lipgloss.Width(p.input.Prompt)-1, 1))
	p.clamp()
}

// listRows is how many messages show: the title and the input take a
// line each, the detail its lines and a rule.
func (p deliveryPane) listRows() int {
	return max(p.height-2-p.detailLines(), 1)
}

func (p deliveryPane) detailLines() int {
	if p.height < 12 {
		return 0
	}
	return deliveryDetailLines + 1
}

func (p deliveryPane) View() string {
	lines := []string{p.header(), p.inputLine()}
	rows := p.listRows()
	s := p.ctx.Styles
	switch {
	case p.busy && len(p.rows) == 0:
		lines = append(lines, s.Muted.Render("запрос…"))
	case len(p.rows) == 0:
		for _, hint := range []string{"Введите id сообщений или номер получателя и нажмите enter.",
			"По id — message/getSMSStatus (по 100 за раз); по номеру — message/list, новые первыми."} {
			// Wrapped at the pane's width: a hint is read whole, never cut.
			for _, l := range strings.Split(lipgloss.NewStyle().Width(max(p.width, 1)).Render(hint), "\n") {
				lines = append(lines, s.Muted.Render(strings.TrimRight(l, " ")))
			}
		}
	}
	cols := p.columns(p.rows[p.offset:min(p.offset+rows, len(p.rows))])
	for i := p.offset; i < min(p.offset+rows, len(p.rows)); i++ {
		lines = append(lines, p.row(p.rows[i], i == p.cursor, cols))
	}
	for len(lines) < 2+rows {
		lines = append(lines, "")
	}
	if p.detailLines() > 0 {
		lines = append(lines, p.cardView()...)
	}
	for i, l := range lines {
		lines[i] = cutWords(l, p.width)
	}
	return strings.Join(lines[:min(len(lines), p.height)], "\n")
}

func (p deliveryPane) header() string {
	s := p.ctx.Styles
	parts := []part{{"Доставка SMS", s.PaneTitle.Render}}
	// What is going on comes first: it is what may be cut last.
	switch {
	case p.watch != nil:
		parts = append(parts, part{fmt.Sprintf("следим, раунд %d", p.round), s.Warning.Render}, part{"esc — стоп", s.Warning.Render})
	case p.busy:
		parts = append(parts, part{"запрос…", s.Warning.Render})
	}
	if p.asked != "" {
		parts = append(parts, part{p.asked, s.Muted.Render})
	}
	if len(p.rows) > 0 {
		parts = append(parts, part{p.summary().String(), s.Muted.Render})
	}
	return fitParts(p.width, parts...)
}

func (p deliveryPane) inputLine() string {
	if p.editing {
		return p.input.View()
	}
	k := p.keys
	return p.ctx.Styles.Muted.Render(keyHint(k.Edit) + " · " + keyHint(k.Again) + " · " + keyHint(k.Card))
}

// deliveryCols are the widths of a page's columns; a column the width has
// no room for is left out (0, false).
type deliveryCols struct {
	id, title     int
	segs, updated bool
}

const (
	maxStatusTitle = 26
	segsWidth      = 10 // "2 сегмента"
	sentWidth      = 14 // "отпр. 15:04:05"
	updatedWidth   = 16 // " · обн. 15:04:05"
	minListedText  = 20 // what of a message's text is worth a column
)

// fixed is the width of a row before a lookup by number's recipient and
// text.
func (c deliveryCols) fixed() int {
	w := 1 + c.id + 3 + 7 + 2 + 6 + 2 + sentWidth // the badge's style pads it
	if c.title > 0 {
		w += c.title + 2
	}
	if c.segs {
		w += 2 + segsWidth
	}
	if c.updated {
		w += updatedWidth
	}
	return w
}

// columns fits a page's rows to the width. A lookup by number lists each
// message's recipient and text, which tell one SMS from another: the
// status's title (the badge names the status, the detail under the list
// spells it out), the segments and the update time give way to them.
func (p deliveryPane) columns(rows []deliveryRow) deliveryCols {
	c := deliveryCols{segs: true, updated: true}
	need := 0
	for _, r := range rows {
		c.id = max(c.id, len(fmt.Sprint(r.res.ID)))
		if r.res.Seen() {
			c.title = max(c.title, lipgloss.Width(safe.Line(r.res.Title())))
		}
		if r.listed {
			need = max(need, 2+lipgloss.Width(safe.Line(r.to))+3+minListedText+1)
		}
	}
	c.title = min(c.title, maxStatusTitle)
	// A lookup by ids needs only that the row fits.
	for _, drop := range []func(){func() { c.title = 0 }, func() { c.segs = false }, func() { c.updated = false }} {
		if p.width-c.fixed() >= need {
			break
		}
		drop()
	}
	return c
}

// row is one message: id, a badge of its status in the colour of its
// class, the title, final or not, segments and times; from a lookup by
// number also the recipient and the start of the text.
func (p deliveryPane) row(r deliveryRow, selected bool, cols deliveryCols) string {
	s := p.ctx.Styles
	res := r.res
	name, class := "—", catalog.ClassUnknown
	if res.Seen() {
		name, class = res.Status.Name, res.Status.Class()
	}
	badge := fmt.Sprintf("%-7s", safe.Line(name))
	rest := safe.Line(res.Title()) // a missing id: what that means, whole
	if res.Seen() {
		rest = p.seenColumns(res, cols)
	}
	if r.listed {
		// The text gets what is left, in whole words.
		room := p.width - cols.fixed() - 2 - lipgloss.Width(safe.Line(r.to)) - 4
		rest += "  " + safe.Line(r.to) + "  «" + strings.TrimSuffix(fitText(safe.Line(r.text), max(room, 2)), " …") + "»"
		if lipgloss.Width(safe.Line(r.text)) > max(room, 2) {
			rest += "…"
		}
	}
	id := fmt.Sprintf("%*d", cols.id, res.ID)
	if selected {
		line := "▌" + id + "   " + badge + "  " + rest // the badge's padding
		return s.Selected.Render(line + strings.Repeat(" ", max(p.width-lipgloss.Width(line), 0)))
	}
	return " " + id + "  " + s.ClassBadge(class).Render(badge) + " " + rest
}

// seenColumns are a known message's title, state, segments and times, as
// far as cols has room for them.
func (p deliveryPane) seenColumns(res delivery.Result, cols deliveryCols) string {
	pad := func(t string, w int) string { return t + strings.Repeat(" ", max(w-lipgloss.Width(t), 0)) }
	state := "в пути"
	if res.Final() {
		state = "итог"
	}
	var b strings.Builder
	if cols.title > 0 {
		b.WriteString(pad(fitText(safe.Line(res.Title()), cols.title), cols.title) + "  ")
	}
	b.WriteString(pad(state, 6))
	if cols.segs {
		segs := ""
		if res.SegNum > 0 {
			segs = together(ru.Segments.Count(res.SegNum))
		}
		b.WriteString("  " + pad(segs, segsWidth))
	}
	b.WriteString("  отпр. " + pad(clockOf(res.StartSendTs), 8))
	if cols.updated {
		b.WriteString(" · обн. " + pad(clockOf(res.StatusUpdateTs), 8))
	}
	return b.String()
}
