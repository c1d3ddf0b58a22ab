package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"codedesk/model/catalog"
	"codedesk/model/safe"
	"codedesk/ui/markdown"
)

// detailPane shows the selected code's or status's card, and under it the
// last answer when that answer carried this code. Rendering with glamour happens once
// per (code, answer, width, style) in a tea.Cmd and is cached; until it
// arrives the pane shows a short plain version, so nothing waits on
// glamour, not even the first frame, and nothing big is built on the
// update loop.
type detailPane struct {
	ctx    *Context
	vp     viewport.Model
	keys   navKeys
	width  int
	height int

	entry   catalog.Entry
	hasCode bool // an entry is shown
	// answer is the last call's result; shown with its code's card, or
	// alone when no envelope came back (showError).
	answer    *shownAnswer
	showError bool
	// empty says why there is no card (a search that found nothing).
	empty string
	// timeline is a watched message's way to its final status: shown
	// under the answer that sent it and under the status it ended in.
	timeline *shownTimeline

	cards    map[cardKey]string
	inFlight map[cardKey]bool
	renders  int // glamour renders started; moving back to a code adds none
}

type cardKey struct {
	entry    string // an entryID; "": the error view
	answer   int    // the answer's id, 0 for the bare card
	timeline int    // the timeline's version, 0 for none
	width    int
	style    string
}

// cardRenderedMsg carries a rendered card back to the detail pane.
type cardRenderedMsg struct {
	key cardKey
	out string
}

func newDetailPane(ctx *Context) detailPane {
	keys := defaultNavKeys()
	return detailPane{ctx: ctx, vp: newScroller(keys), keys: keys, cards: map[cardKey]string{}, inFlight: map[cardKey]bool{}}
}

// SetSize gives the pane its inner size; call Refresh after it.
func (p *detailPane) SetSize(width, height int) {
	p.width, p.height = max(width, 1), max(height, 1)
	p.vp.SetWidth(p.width)
	p.vp.SetHeight(max(p.height-1, 1)) // one line for the header
}

// Show switches the pane to a code's or a status's card (leaving an error
// view).
func (p *detailPane) Show(e catalog.Entry) tea.Cmd {
	if p.hasCode && entryID(p.entry) == entryID(e) && !p.showError && p.empty == "" {
		return nil
	}
	p.entry, p.hasCode, p.showError, p.empty = e, true, false, ""
	p.vp.GotoTop()
	return p.Refresh()
}

// ShowPlain shows a card plain, with no command: the first frame's card,
// whose glamour rendering waits until the frame is out.
func (p *detailPane) ShowPlain(e catalog.Entry) {
	p.entry, p.hasCode = e, true
	p.showPlain()
}

// Clear shows no card, and why.
func (p *detailPane) Clear(why string) {
	p.hasCode, p.showError, p.empty = false, false, why
	p.vp.SetContent("")
}

// SetAnswer shows a call's result: with the card of its code, or as an
// error view when no envelope came back.
func (p *detailPane) SetAnswer(a *shownAnswer) tea.Cmd {
	// Only the bare cards and the new answer's are worth keeping: an
	// answer's card can be large.
	for k := range p.cards {
		if k.answer != 0 {
			delete(p.cards, k)
		}
	}
	p.answer, p.empty = a, ""
	p.showError = a.x.NoAnswer != nil
	if !p.showError {
		p.entry, p.hasCode = codeEntry(a.x.Code), true
	}
	p.vp.GotoTop()
	return p.Refresh()
}

// DropAnswer takes the last answer off the card: the request on screen
// is another one now, and the answer is not its.
func (p *detailPane) DropAnswer() tea.Cmd {
	if p.answer == nil {
		return nil
	}
	p.answer, p.showError = nil, false
	if !p.hasCode {
		p.vp.SetContent("")
		return nil
	}
	return p.Refresh()
}

// attachedAnswer is the answer shown with the current card, if any.
func (p *detailPane) attachedAnswer() *shownAnswer {
	switch {
	case p.answer == nil:
		return nil
	case p.showError:
		return p.answer
	case p.answer.x.NoAnswer == nil && entryID(codeEntry(p.answer.x.Code)) == entryID(p.entry):
		return p.answer
	}
	return nil
}

// SetTimeline shows a watched message's timeline with its answer and the
// status it ended in.
func (p *detailPane) SetTimeline(t *shownTimeline) tea.Cmd {
	// A watch draws a new version every round: keep none of the old.
	for k := range p.cards {
		if k.timeline != 0 {
			delete(p.cards, k)
		}
	}
	p.timeline = t
	return p.Refresh()
}

// attachedTimeline is the timeline shown with the current card, if any.
func (p *detailPane) attachedTimeline() *shownTimeline {
	t := p.timeline
	switch {
	case t == nil || p.showError:
		return nil
	case p.entry.Kind == catalog.KindStatus && t.final == p.entry.Status.Name:
		return t
	case p.attachedAnswer() != nil && t.belongsTo(p.answer.x.MessageIDs):
		return t
	}
	return nil
}

// Refresh redraws the current view at the current size and style, from the
// cache when it can, otherwise plain while glamour renders it.
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
	doc := p.doc()
	return func() tea.Msg { return cardRenderedMsg{key: k, out: doc.render(k.style, k.width)} }
}

// cardDoc is what one card shows; it is rendered off the update loop.
type cardDoc struct {
	entry     catalog.Entry
	answer    *shownAnswer
	timeline  *shownTimeline
	errorView bool
}

func (p *detailPane) doc() cardDoc {
	return cardDoc{entry: p.entry, answer: p.attachedAnswer(), timeline: p.attachedTimeline(), errorView: p.showError}
}

// render is the card through glamour, with big data as plain text after
// it; markdown over glamour's budget is shown plain whole.
func (d cardDoc) render(style string, width int) string {
	md, tail := d.markdown()
	out, err := markdown.Render(md, style, width)
	if err != nil {
		// Too big for glamour, or glamour failed: the same text, plain.
		out = lipgloss.NewStyle().Width(width).Render(cutText(d.plain(true), plainShowLimit))
		tail = ""
	}
	if tail != "" {
		out += "\n\n" + lipgloss.NewStyle().Width(width).Render(tail)
	}
	return out
}

// markdown is the card for glamour and, for big data, a plain tail.
func (d cardDoc) markdown() (md, tail string) {
	a := d.answer
	if d.errorView {
		summary, _ := a.markdown("")
		return summary, ""
	}
	head, body := entryCardParts(d.entry)
	timeline := ""
	if d.timeline != nil {
		timeline = d.timeline.markdown()
	}
	if a == nil {
		return head + timeline + body, ""
	}
	// The answer right under the code it carried, the message's way right
	// under the call; the code's description and the data, which can be
	// long, after them.
	summary, data := a.markdown(timeline)
	md = head + summary + "\n## О коде\n\n" + body + "\n" + data
	if a.bigData() {
		tail = plainData(a.x.Response.Data)
	}
	return md, tail
}

// plainPreview is how much data the instant plain card shows.
const plainPreview = 2 << 10

// plain is the card as text. full adds all of the data, indented (off the
// update loop only); otherwise a short preview of it.
func (d cardDoc) plain(full bool) string {
	a := d.answer
	if d.errorView {
		return "Нет ответа API\n\n" + safe.Text(a.x.NoAnswer.Error())
	}
	text := entryCardText(d.entry)
	if d.timeline != nil {
		text += d.timeline.plain()
	}
	if a == nil {
		return text
	}
	text += "\n" + a.plain()
	if full {
		return text + "\n" + plainData(a.x.Response.Data)
	}
	return text + "\n" + cutText(safe.Text(string(a.x.Response.Data)), plainPreview)
}

// showPlain shows the current view as wrapped plain text at once: short
// enough to build on the update loop, complete enough to read while
// glamour works.
func (p *detailPane) showPlain() {
	doc := p.doc()
	p.vp.SetContent(lipgloss.NewStyle().Width(p.width).Render(strings.TrimRight(doc.plain(false), "\n")))
}

func (p detailPane) currentKey() cardKey {
	k := cardKey{entry: entryID(p.entry), width: p.width, style: p.ctx.Styles.Glamour}
	if p.showError {
		k.entry = ""
	}
	if a := p.attachedAnswer(); a != nil {
		k.answer = a.id
	}
	if t := p.attachedTimeline(); t != nil {
		k.timeline = t.version
	}
	return k
}

// Rendered reports whether the current view is glamour's, not the plain
// stand-in.
func (p detailPane) Rendered() bool {
	_, ok := p.cards[p.currentKey()]
	return ok
}

func (p detailPane) Update(msg tea.Msg) (detailPane, tea.Cmd) {
	switch msg := msg.(type) {
	case cardRenderedMsg:
		delete(p.inFlight, msg.key)
		p.cards[msg.key] = msg.out
		if (p.hasCode || p.showError) && msg.key == p.currentKey() {
			p.vp.SetContent(msg.out)
		}
		return p, nil
	case tea.KeyPressMsg:
		scroll(&p.vp, p.keys, msg)
	}
	return p, nil
}

func (p detailPane) View() string {
	s := p.ctx.Styles
	title := "Карточка кода"
	switch {
	case p.showError:
		title = s.Error.Render("Нет ответа API")
	case p.hasCode:
		title = entryTitle(p.entry)
	}
	header := s.PaneTitle.Render(title)
	if a := p.attachedAnswer(); a != nil && !p.showError {
		header += " " + s.ClassText(entryClass(p.entry)).Render("· ответ")
	}
	if p.empty != "" {
		return header + "\n" + s.Muted.Render(p.empty)
	}
	if !p.vp.AtBottom() {
		header += s.Muted.Render("  ↓ ещё")
	} else if !p.vp.AtTop() {
		header += s.Muted.Render("  конец")
	}
	return cutWords(header, p.width) + "\n" + p.vp.View()
}

// ShortHelp and FullHelp make the pane a help.KeyMap.
func (p detailPane) ShortHelp() []key.Binding {
	return []key.Binding{moveHelp("прокрутка"), p.keys.PageDown}
}

func (p detailPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.keys.all()}
}
