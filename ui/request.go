package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"codedesk/model"
	"codedesk/model/safe"
)

// requestField is a text field of the request pane.
type requestField int

const (
	fieldMethod requestField = iota
	fieldParams
	fieldServer
)

// statusKind colours the request pane's status line.
type statusKind int

const (
	statusInfo statusKind = iota
	statusOK
	statusWarn
	statusError
)

// requestPane builds a call: server, module/method with completion from
// the methods we know, and parameters one key=value a line. It also shows
// what is happening to the call: a spinner and the time while it runs, a
// progress bar while a task is followed, and a status line.
type requestPane struct {
	ctx    *Context
	keys   requestKeys
	server textinput.Model
	method textinput.Model
	params textarea.Model
	field  requestField
	active bool // the pane has focus

	width, height int

	spinner  spinner.Model
	progress progress.Model

	// running is set while a call is on the wire.
	running bool
	started time.Time
	// task is the background task being followed, if any.
	task *taskProgress

	status     string
	statusKind statusKind

	// template is the parameter text last prefilled for lastMethod: while
	// the user has not touched it, choosing another method replaces it.
	template   string
	lastMethod string
}

// taskProgress is a followed background task, as the status line shows it.
type taskProgress struct {
	id       string
	status   string
	percent  int
	attempts int
	waitNote string
}

func newRequestPane(ctx *Context, server string) requestPane {
	st := ctx.Styles
	srv := textinput.New()
	srv.Prompt = ""
	srv.Placeholder = model.DefaultServer
	srv.SetValue(server)
	srv.SetVirtualCursor(true)

	m := textinput.New()
	m.Prompt = ""
	m.Placeholder = "module/method, например message/sendSmsMessage"
	m.ShowSuggestions = true
	// Completions come with the methods book, after the first frame.
	m.SetVirtualCursor(true)
	km := textinput.DefaultKeyMap()
	km.AcceptSuggestion = key.NewBinding(key.WithKeys("right", "end"))
	km.NextSuggestion = key.NewBinding(key.WithKeys("down", "ctrl+n"))
	km.PrevSuggestion = key.NewBinding(key.WithKeys("up", "ctrl+p"))
	m.KeyMap = km

	pa := textarea.New()
	pa.Prompt = ""
	pa.ShowLineNumbers = false
	pa.Placeholder = "ключ=значение, по одному в строке"
	pa.SetVirtualCursor(true)
	pa.CharLimit = 0
	pa.MaxHeight = 0

	sp := spinner.New(spinner.WithSpinner(spinner.MiniDot))
	pr := progress.New(progress.WithoutPercentage(), progress.WithWidth(20))

	p := requestPane{ctx: ctx, keys: defaultRequestKeys(), server: srv, method: m, params: pa, spinner: sp, progress: pr}
	p.applyStyles(st)
	return p
}

func (p *requestPane) applyStyles(st Styles) {
	p.server.SetStyles(st.Input)
	p.method.SetStyles(st.Input)
	p.params.SetStyles(st.TextArea)
	p.spinner.Style = st.Spinner
	p.progress.FullColor = st.ProgressFull
	p.progress.EmptyColor = st.ProgressEmpty
}

// SetRequest fills the fields, as --demo does and history will.
func (p *requestPane) SetRequest(method string, params []model.Param) {
	p.method.SetValue(method)
	p.method.CursorEnd()
	text := model.FormatParamLines(params)
	p.params.SetValue(text)
	p.template, p.lastMethod = text, strings.ToLower(method)
}

// SetServer replaces the server field (a resend after code 13).
func (p *requestPane) SetServer(s string) { p.server.SetValue(s) }

// Focus gives the keyboard to one field.
func (p *requestPane) Focus(f requestField) tea.Cmd {
	p.active, p.field = true, f
	p.server.Blur()
	p.method.Blur()
	p.params.Blur()
	switch f {
	case fieldServer:
		return p.server.Focus()
	case fieldMethod:
		return p.method.Focus()
	default:
		return p.params.Focus()
	}
}

// Blur takes the keyboard away; leaving the method field offers its
// documented parameters.
func (p *requestPane) Blur() {
	p.active = false
	p.server.Blur()
	p.method.Blur()
	p.params.Blur()
	p.offerParams()
}

// offerParams prefills the parameters of the chosen method while the
// editor holds nothing the user typed: required ones with an example
// value, optional ones commented out with what they mean.
func (p *requestPane) offerParams() {
	name := strings.TrimSpace(p.method.Value())
	if strings.EqualFold(name, p.lastMethod) {
		return
	}
	m, ok := p.ctx.Methods().Lookup(name)
	if !ok {
		return
	}
	current := strings.TrimSpace(p.params.Value())
	if current != "" && current != strings.TrimSpace(p.template) {
		p.lastMethod = strings.ToLower(name)
		return // the user's own parameters stay
	}
	var lines []string
	for _, prm := range m.Params {
		if prm.Required {
			lines = append(lines, prm.Name+"="+prm.Example)
		}
	}
	for _, prm := range m.Params {
		if !prm.Required {
			lines = append(lines, "# "+prm.Name+"="+prm.Example+"   — "+prm.Doc)
		}
	}
	text := strings.Join(lines, "\n")
	p.method.SetValue(m.Name)
	p.params.SetValue(text)
	p.template, p.lastMethod = text, strings.ToLower(m.Name)
}

// AcceptCompletion takes the method completion on show, if any, and
// offers the method's parameters.
func (p *requestPane) AcceptCompletion() {
	if s := p.method.CurrentSuggestion(); s != "" && len(p.method.MatchedSuggestions()) > 0 {
		p.method.SetValue(s)
	}
	p.offerParams()
}

// Build reads the fields into a request, or says what is wrong with them.
func (p *requestPane) Build() (model.Request, error) {
	p.offerParams()
	srv, err := model.ParseServer(p.server.Value())
	if err != nil {
		return model.Request{}, err
	}
	module, method, err := model.ParseMethodName(p.method.Value())
	if err != nil {
		return model.Request{}, err
	}
	params, err := model.ParseParamLines(p.params.Value())
	if err != nil {
		return model.Request{}, err
	}
	return model.Request{Server: srv, Module: module, Method: method, Params: params}, nil
}

// SetStatus shows a line under the fields.
func (p *requestPane) SetStatus(kind statusKind, s string) {
	p.status, p.statusKind = safe.Line(s), kind
}

// SetSize gives the pane its inner size.
func (p *requestPane) SetSize(width, height int) {
	p.width, p.height = max(width, 1), max(height, 1)
	labelW := lipgloss.Width(labelServer) + 1
	// One cell more for the virtual cursor at the end of the text.
	p.server.SetWidth(max(p.width-labelW-2, 1))
	p.method.SetWidth(max(p.width-labelW-2, 1))
	p.params.SetWidth(max(p.width, 1))
	p.params.SetHeight(max(p.height-requestFixedLines, 1))
	p.progress.SetWidth(min(max(p.width/3, 10), 40))
}

const (
	labelServer = "Сервер"
	labelMethod = "Метод "
	// requestFixedLines are the title, the server and method rows and the
	// status line; the parameter editor gets the rest.
	requestFixedLines = 4
)

func (p requestPane) Update(msg tea.Msg) (requestPane, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if !p.running && p.task == nil {
			return p, nil
		}
		p.spinner, cmd = p.spinner.Update(msg)
		return p, cmd
	}
	if !p.active {
		return p, nil
	}
	switch p.field {
	case fieldServer:
		p.server, cmd = p.server.Update(msg)
	case fieldMethod:
		p.method, cmd = p.method.Update(msg)
	default:
		p.params, cmd = p.params.Update(msg)
	}
	return p, cmd
}

// View draws the pane: a title with where calls go and with which key,
// the fields, and the status line.
func (p requestPane) View(now time.Time) string {
	s := p.ctx.Styles
	var title strings.Builder
	title.WriteString(s.PaneTitle.Render("Запрос"))
	info := p.ctx.Settings
	if p.ctx.Demo {
		title.WriteString(s.Muted.Render(" · песочница"))
	} else if info.Profile != "" {
		title.WriteString(s.Muted.Render(" · профиль " + info.Profile))
	}
	if info.Key != "" {
		title.WriteString(s.Muted.Render(" · ключ " + safe.MaskKey(info.Key)))
	}
	if info.Insecure {
		title.WriteString(" " + s.Warning.Render("· TLS не проверяется"))
	}
	if srv, err := model.ParseServer(p.server.Value()); err == nil && srv.Plain() && !isLoopback(srv.Host) {
		title.WriteString(" " + s.Warning.Render("· http: ключ идёт открытым текстом"))
	}

	label := func(l string, f requestField) string {
		if p.active && p.field == f {
			return s.Key.Render(l) + " "
		}
		return s.Muted.Render(l) + " "
	}
	// A field without focus shows its value as text: the input's own view
	// pads to its width, leaving no room for the method's summary.
	field := func(in textinput.Model, f requestField) string {
		if p.active && p.field == f {
			return in.View()
		}
		if in.Value() == "" {
			return s.Muted.Render(in.Placeholder)
		}
		return in.Value()
	}
	methodLine := label(labelMethod, fieldMethod) + field(p.method, fieldMethod)
	if m, ok := p.ctx.Methods().Lookup(p.method.Value()); ok && !(p.active && p.field == fieldMethod) {
		methodLine += s.Muted.Render("  " + m.Summary)
	}
	lines := []string{
		title.String(),
		label(labelServer, fieldServer) + field(p.server, fieldServer),
		methodLine,
	}
	lines = append(lines, strings.Split(p.params.View(), "\n")...)
	lines = append(lines, p.statusLine(now))
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, p.width, "…")
	}
	return strings.Join(lines, "\n")
}

func isLoopback(host string) bool {
	h := host
	if i := strings.LastIndex(h, ":"); i > 0 && !strings.HasSuffix(h, "]") {
		h = h[:i]
	}
	return h == "localhost" || strings.HasPrefix(h, "127.") || h == "[::1]"
}

func (p requestPane) statusLine(now time.Time) string {
	s := p.ctx.Styles
	switch {
	case p.running:
		return p.spinner.View() + " " + s.Muted.Render(fmt.Sprintf("отправка… %.1f с · esc — отмена", now.Sub(p.started).Seconds()))
	case p.task != nil:
		t := p.task
		line := p.spinner.View() + " " + fmt.Sprintf("задача %s: %s ", t.id, t.status) + p.progress.ViewAs(float64(t.percent)/100) + fmt.Sprintf(" %3d%%", t.percent)
		if t.waitNote != "" {
			line += " " + s.Warning.Render(t.waitNote)
		}
		return line + s.Muted.Render(" · esc — стоп")
	}
	if p.status == "" {
		if p.ctx.Settings.Key == "" {
			return s.Warning.Render(noKeyHint)
		}
		return s.Muted.Render("ctrl+s — отправить")
	}
	switch p.statusKind {
	case statusOK:
		return s.Success.Render(p.status)
	case statusWarn:
		return s.Warning.Render(p.status)
	case statusError:
		return s.Error.Render(p.status)
	}
	return s.Muted.Render(p.status)
}

// noKeyHint says how to get going without a key.
const noKeyHint = "Нет ключа API: задайте MOBIZON_API_KEY или профиль в config.toml — или запустите codedesk --demo"

func (p requestPane) ShortHelp() []key.Binding {
	b := []key.Binding{p.keys.Send}
	if p.field == fieldMethod {
		b = append(b, p.keys.Accept, p.keys.NextSuggestion)
	}
	return append(b, p.keys.Leave)
}

func (p requestPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{{p.keys.Send, p.keys.Accept, p.keys.NextSuggestion, p.keys.Leave}}
}
