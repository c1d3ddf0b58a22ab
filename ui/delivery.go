package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"codedesk/history"
	"codedesk/model/delivery"
	"codedesk/model/safe"
)

// deliveryPane is the «Доставка» view: "where is my SMS?" by message ids
// or by the recipient's number. It runs the lookups off the update loop
// (message/getSMSStatus, message/list), lists what came back with coloured
// status badges, and watches the unfinished messages to their final status
// on one key. Every call it makes goes to the history through the root.
type deliveryPane struct {
	ctx   *Context
	nav   navKeys
	keys  deliveryKeys
	input textinput.Model
	// editing: the input has the keyboard.
	editing bool
	// client is where and how lookups ask: the session's wire client, the
	// settings' server and key at the time of asking.
	client func() delivery.Client
	root   context.Context

	seq    int // the latest lookup; older answers are dropped
	cancel context.CancelFunc
	busy   bool
	asked  string // what the rows answer, for the header
	query  string // the last lookup as typed: r asks it again
	rows   []deliveryRow
	byID   map[int64]int

	watch *deliveryWatch
	round int

	// cardTop is the card's first line on screen; cardFocus gives the
	// moving keys to the card.
	cardTop   int
	cardFocus bool

	listCursor
	width, height int
}

// deliveryRow is one message: its status and times, and for a lookup by
// number also where it went and how its text starts.
type deliveryRow struct {
	res      delivery.Result
	listed   bool // from message/list
	to, text string
	campaign int64
}

// deliveryQuery is what the input asks: message ids, or a number.
type deliveryQuery struct {
	ids   []int64
	phone string
	note  string // how the number was normalised
}

// minPhoneDigits tells a phone number typed whole from a message id: ids
// are shorter than the 11 digits of the shortest international number the
// docs show (Kazakhstan's 7 and ten digits).
const minPhoneDigits = 11

// parseDeliveryQuery reads the input: a number with "+", or one run of at
// least 11 digits (dashes and brackets allowed), is a phone number;
// anything else is message ids, separated by commas or spaces.
func parseDeliveryQuery(text string) (deliveryQuery, error) {
	t := strings.TrimSpace(text)
	if t == "" {
		return deliveryQuery{}, errors.New("введите id сообщений (через запятую или пробел) или номер получателя")
	}
	digits := strings.Map(func(r rune) rune {
		if r == '-' || r == '(' || r == ')' {
			return -1
		}
		return r
	}, t)
	if strings.HasPrefix(t, "+") || !strings.ContainsAny(t, ", ") && len(digits) >= minPhoneDigits {
		phone, note, err := delivery.NormalizeNumber(t)
		return deliveryQuery{phone: phone, note: note}, err
	}
	ids, err := delivery.ParseIDs([]string{t})
	return deliveryQuery{ids: ids}, err
}

func newDeliveryPane(ctx *Context, root context.Context, client func() delivery.Client) deliveryPane {
	in := textinput.New()
	in.Prompt = "id или номер: "
	in.Placeholder = "101, 102 103 — или +7 700 123 45 67"
	in.CharLimit = 8 << 10 // 500 ids and their commas, with room
	in.SetVirtualCursor(true)
	p := deliveryPane{ctx: ctx, nav: defaultNavKeys(), keys: defaultDeliveryKeys(), input: in, client: client, root: root, editing: true}
	p.applyStyles(ctx.Styles)
	return p
}

func (p *deliveryPane) applyStyles(s Styles) { p.input.SetStyles(s.Input) }

// Focus gives the keyboard to the input when there is nothing to browse.
func (p *deliveryPane) Focus() tea.Cmd {
	if p.editing {
		return p.input.Focus()
	}
	return nil
}

// TextFocused reports the input with the keyboard.
func (p deliveryPane) TextFocused() bool { return p.editing }

// Watching reports a watch running.
func (p deliveryPane) Watching() bool { return p.watch != nil }

// StopWatch ends the watch.
func (p *deliveryPane) StopWatch() tea.Cmd {
	if p.watch == nil {
		return nil
	}
	p.watch.Stop()
	p.watch = nil
	return say(statusWarn, "слежение остановлено · w — следить снова")
}

// Close ends what the pane started.
func (p *deliveryPane) Close() {
	p.StopWatch()
	if p.cancel != nil {
		p.cancel()
	}
}

// deliveryLookedUpMsg is the answer to a lookup by ids or by number.
type deliveryLookedUpMsg struct {
	seq    int
	report delivery.Report
	list   *delivery.ListReport
	err    error
	calls  []history.Call
}

func (m deliveryLookedUpMsg) recordedCalls() []history.Call { return m.calls }

// lookup asks about text: message ids or a number.
func (p *deliveryPane) lookup(text string) tea.Cmd {
	q, err := parseDeliveryQuery(text)
	switch {
	case err != nil:
		return say(statusError, safe.Line(err.Error()))
	case p.ctx.Settings.Key == "":
		return say(statusWarn, noKeyHint)
	}
	p.Close()
	p.seq++
	p.query = text
	ctx, cancel := context.WithCancel(p.root)
	p.cancel, p.busy, p.editing = cancel, true, false
	p.input.Blur()
	c, log, seq := p.client(), &callLog{}, p.seq
	c.OnCall = log.add
	if q.phone != "" {
		p.asked = "номер " + q.phone
		return func() tea.Msg {
			rep, err := c.List(ctx, delivery.ListQuery{To: q.phone})
			return deliveryLookedUpMsg{seq: seq, list: &rep, err: err, calls: log.take()}
		}
	}
	p.asked = fmt.Sprintf("id %s", shortIDs(q.ids))
	return func() tea.Msg {
		rep, err := c.Lookup(ctx, q.ids)
		return deliveryLookedUpMsg{seq: seq, report: rep, err: err, calls: log.take()}
	}
}

// shortIDs names the first few ids asked.
func shortIDs(ids []int64) string {
	parts := make([]string, 0, 4)
	for i, id := range ids {
		if i == 3 {
			return strings.Join(parts, ", ") + fmt.Sprintf(" и ещё %d", len(ids)-3)
		}
		parts = append(parts, fmt.Sprint(id))
	}
	return strings.Join(parts, ", ")
}

func (p deliveryPane) Update(msg tea.Msg) (deliveryPane, tea.Cmd) {
	switch msg := msg.(type) {
	case deliveryLookedUpMsg:
		return p.lookedUp(msg)
	case deliveryRoundMsg:
		return p.watchRound(msg)
	case tea.PasteMsg:
		if p.editing {
			text := strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(msg.Content)
			var cmd tea.Cmd
			p.input, cmd = p.input.Update(tea.PasteMsg{Content: text})
			return p, cmd
		}
	case tea.KeyPressMsg:
		if p.editing {
			return p.updateEditing(msg)
		}
		return p.updateBrowsing(msg)
	}
	return p, nil
}

func (p deliveryPane) updateEditing(k tea.KeyPressMsg) (deliveryPane, tea.Cmd) {
	switch {
	case key.Matches(k, p.keys.Lookup):
		return p, p.lookup(p.input.Value())
	case key.Matches(k, p.keys.Cancel) && len(p.rows) > 0:
		p.editing = false
		p.input.Blur()
		return p, nil
	case key.Matches(k, p.keys.Cancel):
		return p, emit(leaveViewMsg{}) // nothing to go back to in the view
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(k)
	return p, cmd
}

func (p deliveryPane) updateBrowsing(k tea.KeyPressMsg) (deliveryPane, tea.Cmd) {
	switch {
	case key.Matches(k, p.keys.Edit):
		// A new search starts empty, the last one shown in its place.
		p.editing = true
		p.input.SetValue("")
		p.input.Placeholder = safe.Line(p.query)
		return p, p.input.Focus()
	case key.Matches(k, p.keys.Watch):
		return p, p.startWatch()
	case key.Matches(k, p.keys.Again):
		return p, p.lookup(p.query)
	case key.Matches(k, p.keys.Card):
		if r, ok := p.Selected(); ok && r.res.Seen() {
			return p, emit(showStatusMsg{name: r.res.Status.Name})
		}
		return p, nil
	case key.Matches(k, p.keys.SwitchPane):
		p.cardFocus = !p.cardFocus && p.detailLines() > 0
		return p, nil
	case p.cardFocus:
		p.scrollCard(k)
		return p, nil
	}
	p.move(k)
	return p, nil
}

// leaveViewMsg asks to go back from a view to the codes.
type leaveViewMsg struct{}

// showStatusMsg asks for a status's card in the codes view.
type showStatusMsg struct{ name string }

// Selected is the row under the cursor.
func (p deliveryPane) Selected() (deliveryRow, bool) {
	if p.cursor < 0 || p.cursor >= len(p.rows) {
		return deliveryRow{}, false
	}
	return p.rows[p.cursor], true
}

func (p deliveryPane) lookedUp(msg deliveryLookedUpMsg) (deliveryPane, tea.Cmd) {
	if msg.seq != p.seq {
		return p, nil
	}
	p.busy, p.cancel = false, nil
	p.rows, p.cursor, p.offset, p.round = nil, 0, 0, 0
	var notes []string
	if msg.list != nil {
		for _, it := range msg.list.Items {
			res := delivery.Result{ID: it.ID, Status: it.Status, SegNum: it.SegNum, StartSendTs: it.StartSendTs, StatusUpdateTs: it.StatusUpdateTs}
			p.rows = append(p.rows, deliveryRow{res: res, listed: true, to: it.To, text: it.Text, campaign: it.CampaignID})
		}
		notes = msg.list.Notes
	} else {
		for _, res := range msg.report.Results {
			p.rows = append(p.rows, deliveryRow{res: res})
		}
		notes = msg.report.Notes
	}
	p.index()
	kind, text := statusOK, p.summary().String()
	if msg.list != nil {
		text = fmt.Sprintf("%s: %s (всего у API %d)", p.asked, text, msg.list.Total)
	}
	if !p.summary().OK() {
		kind = statusWarn
	}
	if msg.err != nil {
		kind, text = statusError, "поиск прерван: "+safe.Line(msg.err.Error())
	}
	if len(notes) > 0 {
		text += " · " + safe.Line(strings.Join(notes, "; "))
	}
	if p.summary().Pending > 0 {
		text += " · w — следить за незавершёнными"
	}
	return p, say(kind, text)
}

func (p *deliveryPane) index() {
	p.byID = make(map[int64]int, len(p.rows))
	for i, r := range p.rows {
		p.byID[r.res.ID] = i
	}
}

func (p deliveryPane) summary() delivery.Summary {
	res := make([]delivery.Result, len(p.rows))
	for i, r := range p.rows {
		res[i] = r.res
	}
	return delivery.Summarize(res)
}

// startWatch watches the messages that are not final yet.
func (p *deliveryPane) startWatch() tea.Cmd {
	if p.watch != nil {
		return say(statusInfo, "слежение уже идёт · esc — стоп")
	}
	var ids []int64
	for _, r := range p.rows {
		if !r.res.Done() {
			ids = append(ids, r.res.ID)
		}
	}
	if len(ids) == 0 {
		return say(statusInfo, "следить не за чем: все сообщения в окончательном статусе или не найдены")
	}
	p.seq++ // a lookup still on its way no longer counts
	var cmd tea.Cmd
	p.watch, cmd = startWatch(p.root, p.client(), ids, viewWatch, p.seq)
	p.round = 0
	return tea.Batch(cmd, say(statusInfo, fmt.Sprintf("следим за %d: запрос не чаще раза в секунду · esc — стоп", len(ids))))
}

// watchRound takes a round: the watched rows change in place.
func (p deliveryPane) watchRound(msg deliveryRoundMsg) (deliveryPane, tea.Cmd) {
	if p.watch == nil || msg.seq != p.watch.seq || msg.ended {
		return p, nil
	}
	u := msg.update
	p.round = u.Round.N
	for _, res := range u.Round.Results {
		if i, ok := p.byID[res.ID]; ok {
			p.rows[i].res = res
		}
	}
	if !u.Done {
		return p, p.watch.Next()
	}
	p.watch.Stop()
	p.watch = nil
	if u.Err != nil {
		return p, say(statusError, "слежение прервано: "+safe.Line(u.Err.Error()))
	}
	kind := statusOK
	if !p.summary().OK() {
		kind = statusWarn
	}
	return p, say(kind, fmt.Sprintf("слежение окончено за %d раундов: %s", u.Round.N, p.summary()))
}

// move moves the cursor.
func (p *deliveryPane) move(k tea.KeyPressMsg) {
	before := p.cursor
	p.listCursor.move(p.nav, k, len(p.rows), p.listRows())
	if p.cursor != before {
		p.cardTop = 0 // another message's card, from its top
	}
}

// clamp keeps the cursor on a row and the row on screen.
func (p *deliveryPane) clamp() { p.listCursor.clamp(len(p.rows), p.listRows()) }

// ShortHelp and FullHelp make the pane a help.KeyMap.
func (p deliveryPane) ShortHelp() []key.Binding {
	if p.editing {
		b := []key.Binding{p.keys.Lookup}
		if len(p.rows) > 0 {
			b = append(b, p.keys.Cancel)
		}
		return b
	}
	b := []key.Binding{moveHelp("выбор")}
	if _, ok := p.Selected(); ok && p.detailLines() > 0 {
		b = append(b, p.keys.SwitchPane) // the card may be cut: its key first
	}
	b = append(b, p.keys.Edit, p.keys.Again)
	if p.watch != nil {
		b = append(b, p.keys.Stop)
	} else if p.summary().Pending > 0 {
		b = append(b, p.keys.Watch)
	}
	return append(b, p.keys.Card)
}

func (p deliveryPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.nav.all(), {p.keys.Lookup, p.keys.Edit, p.keys.Again, p.keys.Watch, p.keys.Stop, p.keys.Card, p.keys.SwitchPane}}
}
