package ui

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"codedesk/history"
	"codedesk/model/safe"
	"codedesk/model/webhook"
)

// maxEvents is how many events the view keeps: the newest; the history
// keeps them all.
const maxEvents = 1000

// defaultListenAddr picks a free port on loopback.
const defaultListenAddr = "127.0.0.1:0"

// webhooksPane is the «Вебхуки» view: a local listener for deliveries
// (`codedesk webhook listen` inside the TUI) on an address the user types,
// its live list of events (time, type, id, attempt, status with its title,
// verified or not, a retry), and the selected event's verdict and payload.
// The listener runs until it is stopped or the program ends, whichever
// view is on screen; every event goes to the history through the root.
type webhooksPane struct {
	ctx     *Context
	nav     navKeys
	keys    webhookKeys
	addr    textinput.Model
	editing bool
	root    context.Context
	demo    *DemoWebhooks

	lis *listener

	events []webhook.Event // newest first
	stats  struct{ verified, duplicates, rejected int }
	listCursor

	detail      viewport.Model
	detailFocus bool
	width       int
	height      int
}

// listener is a running webhook.Server and the channel its events come on.
type listener struct {
	seq    int
	srv    *webhook.Server
	url    string
	cancel context.CancelFunc
	ctx    context.Context
	ch     chan webhook.Event
	secret string // where the secret came from, never the secret
}

func newWebhooksPane(ctx *Context, root context.Context, demo *DemoWebhooks) webhooksPane {
	in := textinput.New()
	in.Prompt = "адрес: "
	in.Placeholder = defaultListenAddr
	in.SetValue(defaultListenAddr)
	in.CharLimit = 200
	in.SetVirtualCursor(true)
	nav := defaultNavKeys()
	p := webhooksPane{ctx: ctx, nav: nav, keys: defaultWebhookKeys(), addr: in, editing: true, root: root, demo: demo,
		detail: newScroller(nav)}
	p.applyStyles(ctx.Styles)
	return p
}

func (p *webhooksPane) applyStyles(s Styles) { p.addr.SetStyles(s.Input) }

// Focus gives the keyboard to the address while nothing listens.
func (p *webhooksPane) Focus() tea.Cmd {
	if p.editing {
		p.addr.CursorEnd()
		return p.addr.Focus()
	}
	return nil
}

// TextFocused reports the address with the keyboard.
func (p webhooksPane) TextFocused() bool { return p.editing }

// Listening reports a listener running.
func (p webhooksPane) Listening() bool { return p.lis != nil }

// secret is the webhook's secret and where it came from; the demo's
// sandbox signs with webhook.SandboxSecret when none is set.
func (p webhooksPane) secret() (webhook.Secret, string, error) {
	s := p.ctx.Settings
	switch {
	case s.WebhookSecret != "":
		return webhook.Secret(s.WebhookSecret), s.WebhookSecretSource, nil
	case p.ctx.Demo != nil:
		return webhook.SandboxSecret, "секрет песочницы", nil
	}
	return "", "", webhook.ErrNoSecret
}

// webhookEventMsg is one delivery the listener received.
type webhookEventMsg struct {
	seq   int
	ev    webhook.Event
	calls []history.Call
}

func (m webhookEventMsg) recordedCalls() []history.Call { return m.calls }

// webhookStoppedMsg says a listener has closed.
type webhookStoppedMsg struct {
	url string
	err error
}

// listen starts a listener on the typed address.
func (p *webhooksPane) listen() tea.Cmd {
	secret, source, err := p.secret()
	if err != nil {
		return say(statusWarn, err.Error())
	}
	addr := strings.TrimSpace(p.addr.Value())
	if addr == "" {
		addr = defaultListenAddr
	}
	ctx, cancel := context.WithCancel(p.root)
	ch := make(chan webhook.Event, 64)
	srv, err := webhook.NewServer(webhook.ListenerOptions{Secret: secret, Now: p.ctx.Now,
		OnEvent: func(ev webhook.Event) {
			select {
			case ch <- ev:
			case <-ctx.Done(): // nobody reads any more: the program is ending
			}
		}})
	if err == nil {
		err = srv.Start(addr)
	}
	if err != nil {
		cancel()
		return say(statusError, "вебхуки: не слушать "+safe.Line(addr)+": "+safe.Line(err.Error()))
	}
	seq := 1
	if p.lis != nil {
		seq = p.lis.seq + 1
	}
	p.lis = &listener{seq: seq, srv: srv, url: srv.URL(), cancel: cancel, ctx: ctx, ch: ch, secret: source}
	p.editing = false
	p.addr.Blur()
	note := fmt.Sprintf("вебхуки: слушаю %s (%s) · дайте этот адрес клиенту или песочнице: codedesk sandbox --webhook %s", p.lis.url, source, p.lis.url)
	if p.demo != nil {
		if err := p.demo.point(p.lis.url, secret); err != nil {
			note += " · песочница сюда не шлёт: " + safe.Line(err.Error())
		} else {
			note = fmt.Sprintf("вебхуки: слушаю %s · песочница шлёт сюда отчёт о каждом SMS, дошедшем до итогового статуса", p.lis.url)
		}
	}
	return tea.Batch(p.lis.next(), say(statusOK, note))
}

// next delivers the listener's next event, as a history call as well.
func (l *listener) next() tea.Cmd {
	ctx, ch, seq, url := l.ctx, l.ch, l.seq, l.url
	return func() tea.Msg {
		select {
		case ev := <-ch:
			return webhookEventMsg{seq: seq, ev: ev, calls: []history.Call{history.FromWebhook(ev, url)}}
		case <-ctx.Done():
			return nil
		}
	}
}

// Stop closes the listener, off the update loop: a request in progress
// may take up to a second to end.
func (p *webhooksPane) Stop() tea.Cmd {
	l := p.lis
	if l == nil {
		return nil
	}
	p.lis = nil
	l.cancel()
	demo := p.demo
	return func() tea.Msg {
		if demo != nil {
			demo.stop()
		}
		return webhookStoppedMsg{url: l.url, err: l.srv.Close()}
	}
}

// Close ends the listener now, for quitting.
func (p *webhooksPane) Close() {
	if cmd := p.Stop(); cmd != nil {
		cmd()
	}
}

func (p webhooksPane) Update(msg tea.Msg) (webhooksPane, tea.Cmd) {
	switch msg := msg.(type) {
	case webhookEventMsg:
		return p.received(msg)
	case webhookStoppedMsg:
		if msg.err != nil {
			return p, say(statusWarn, "вебхуки: приём остановлен с ошибкой: "+safe.Line(msg.err.Error()))
		}
		return p, say(statusInfo, "вебхуки: приём на "+msg.url+" остановлен")
	case tea.PasteMsg:
		if p.editing {
			var cmd tea.Cmd
			p.addr, cmd = p.addr.Update(tea.PasteMsg{Content: strings.TrimSpace(msg.Content)})
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

func (p webhooksPane) updateEditing(k tea.KeyPressMsg) (webhooksPane, tea.Cmd) {
	switch {
	case key.Matches(k, p.keys.Listen):
		return p, p.listen()
	case key.Matches(k, p.keys.Cancel):
		p.editing = false
		p.addr.Blur()
		return p, nil
	}
	var cmd tea.Cmd
	p.addr, cmd = p.addr.Update(k)
	return p, cmd
}

func (p webhooksPane) updateBrowsing(k tea.KeyPressMsg) (webhooksPane, tea.Cmd) {
	switch {
	case key.Matches(k, p.keys.Address):
		if p.lis != nil {
			return p, say(statusInfo, "вебхуки: сначала "+keyHint(p.keys.Stop))
		}
		p.editing = true
		return p, p.Focus()
	case key.Matches(k, p.keys.Stop):
		return p, p.Stop()
	case key.Matches(k, p.keys.SwitchPane):
		p.detailFocus = !p.detailFocus
		return p, nil
	case p.detailFocus:
		scroll(&p.detail, p.nav, k)
		return p, nil
	}
	p.move(k)
	return p, nil
}

// received takes an event: at the top of the list, the cursor staying on
// the event it was on.
func (p webhooksPane) received(msg webhookEventMsg) (webhooksPane, tea.Cmd) {
	if p.lis == nil || msg.seq != p.lis.seq {
		return p, nil
	}
	ev := msg.ev
	switch {
	case ev.Duplicate:
		p.stats.duplicates++
	case ev.Verified:
		p.stats.verified++
	default:
		p.stats.rejected++
	}
	p.events = append([]webhook.Event{ev}, p.events[:min(len(p.events), maxEvents-1)]...)
	if p.cursor > 0 {
		p.cursor = min(p.cursor+1, len(p.events)-1)
	}
	p.clamp()
	p.showDetail()
	kind := statusOK
	if ev.Failed() {
		kind = statusError
	}
	return p, tea.Batch(p.lis.next(), tell(webhooksView, kind, "вебхук: "+ev.Line(p.statusTitle)))
}

// statusTitle names an SMS status for an event's line.
func (p webhooksPane) statusTitle(name string) string {
	return p.ctx.Catalog.DescribeStatus(name).Title
}

// Selected is the event under the cursor.
func (p webhooksPane) Selected() (webhook.Event, bool) {
	if p.cursor < 0 || p.cursor >= len(p.events) {
		return webhook.Event{}, false
	}
	return p.events[p.cursor], true
}

func (p *webhooksPane) move(k tea.KeyPressMsg) {
	p.listCursor.move(p.nav, k, len(p.events), p.listRows())
	p.showDetail()
}

// clamp keeps the cursor on an event and the event on screen.
func (p *webhooksPane) clamp() { p.listCursor.clamp(len(p.events), p.listRows()) }

// ShortHelp and FullHelp make the pane a help.KeyMap.
func (p webhooksPane) ShortHelp() []key.Binding {
	if p.editing {
		return []key.Binding{p.keys.Listen, p.keys.Cancel}
	}
	b := []key.Binding{moveHelp("выбор")}
	if p.lis != nil {
		b = append(b, p.keys.Stop)
	} else {
		b = append(b, p.keys.Address)
	}
	return append(b, p.keys.SwitchPane)
}

func (p webhooksPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.nav.all(), {p.keys.Listen, p.keys.Address, p.keys.Stop, p.keys.SwitchPane}}
}

// DemoWebhooks carries the demo sandbox's final statuses to the TUI: while
// the «Вебхуки» view listens, each message that reaches its final status
// becomes a signed sms-delivery-report posted to that listener, retried as
// Mobizon retries (the minutes made seconds). Give its Deliver to the
// sandbox (Options.OnFinal, converted with webhook.DeliveryReport) and the
// value itself to Options.DemoWebhooks. Safe for concurrent use.
type DemoWebhooks struct {
	mu sync.Mutex
	d  *webhook.Dispatcher
}

// Deliver starts delivering r to the listener, or drops it while none
// listens.
func (h *DemoWebhooks) Deliver(r webhook.DeliveryReport) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.d != nil {
		_ = h.d.Deliver(r) // ErrBusy past 10,000 waiting: a demo never gets there
	}
}

// point sends the reports to url from now on.
func (h *DemoWebhooks) point(url string, secret webhook.Secret) error {
	d, err := webhook.NewDispatcher(webhook.DispatcherOptions{URL: url, Secret: secret, Speed: 60})
	if err != nil {
		return err
	}
	h.mu.Lock()
	old := h.d
	h.d = d
	h.mu.Unlock()
	if old != nil {
		old.Close()
	}
	return nil
}

// stop ends the deliveries, retries and all.
func (h *DemoWebhooks) stop() {
	h.mu.Lock()
	d := h.d
	h.d = nil
	h.mu.Unlock()
	if d != nil {
		d.Close()
	}
}
