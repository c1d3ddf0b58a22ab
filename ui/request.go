package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"codedesk/model"
	"codedesk/model/curl"
	"codedesk/model/ru"
	"codedesk/model/safe"
)

// requestField is a text field of the request pane.
type requestField int

const (
	fieldMethod requestField = iota
	fieldParams
	fieldServer
)

// paramsLimit caps the parameter editor, in characters. The editor's work
// per keystroke grows with its text (measured: about 40 ms at 16 KiB,
// 0.7 s at 64 KiB, 7 s at 1 MiB); 16 Ki characters hold the largest bulk
// call the docs allow (500 recipients of campaign/addRecipients).
const paramsLimit = 16 << 10

// requestPane builds a call: server, module/method with completion from
// the methods we know, and parameters one key=value a line.
type requestPane struct {
	ctx    *Context
	keys   requestKeys
	server textinput.Model
	method textinput.Model
	params textarea.Model
	field  requestField
	active bool // the pane has focus

	width, height int

	names   []string // method names, for completion
	matches []string
	match   int

	// lastMethod is the method whose parameters the editor holds;
	// examples are lines the docs' examples put there, not the user.
	lastMethod string
	examples   map[string]bool

	// hint checks an SMS before it is sent, as it is typed.
	hint sendHint
	// editHint names the key that opens the parameters, for the row
	// that says more are hidden (the root's action key).
	editHint string
	// origin is the server a pasted request named when the demo shows
	// the sandbox in its place; any other server set clears it.
	origin model.Server
	// written maps a line as the editor holds it to the line as it was
	// set, where they differ: the editor drops control characters, the
	// call goes as the customer wrote it.
	written map[string]string
	// hints are the explanations the template put after each optional
	// parameter it offered, by name: never part of a value.
	hints map[string]string
}

func newRequestPane(ctx *Context, server string) requestPane {
	srv := textinput.New()
	srv.Prompt = ""
	srv.Placeholder = model.DefaultServer
	srv.SetValue(server)
	srv.SetVirtualCursor(true)

	m := textinput.New()
	m.Prompt = ""
	m.Placeholder = "module/method, например message/sendSmsMessage"
	m.SetVirtualCursor(true)
	// Completion is the pane's own: it matches anywhere, not only a prefix.
	m.KeyMap.AcceptSuggestion = key.NewBinding(key.WithDisabled())
	m.KeyMap.NextSuggestion = key.NewBinding(key.WithDisabled())
	m.KeyMap.PrevSuggestion = key.NewBinding(key.WithDisabled())

	pa := textarea.New()
	pa.Prompt = ""
	pa.ShowLineNumbers = false
	pa.Placeholder = "ключ=значение, по одному в строке"
	pa.SetVirtualCursor(true)
	pa.CharLimit = paramsLimit
	pa.MaxHeight = 0

	p := requestPane{ctx: ctx, keys: defaultRequestKeys(), server: srv, method: m, params: pa}
	p.applyStyles(ctx.Styles)
	return p
}

func (p *requestPane) applyStyles(st Styles) {
	p.server.SetStyles(st.Input)
	p.method.SetStyles(st.Input)
	p.params.SetStyles(st.TextArea)
}

// SetMethodNames gives the method field its completions.
func (p *requestPane) SetMethodNames(names []string) { p.names = names }

// SetRequest fills the method and parameters with a real call's (the demo's
// ready request, a paste, a call from the history).
// A value too long for the editor is cut (said by cuts).
func (p *requestPane) SetRequest(method string, params []model.Param) (cuts []paramCut) {
	p.method.SetValue(method)
	p.method.CursorEnd()
	params, cuts = fitParamsIn(params, paramsLimit)
	text := model.FormatParamLines(params)
	p.params.SetValue(text)
	p.params.MoveToBegin() // a new request is read from its first line: its recipient and text
	p.written = writtenLines(text, p.params.Value())
	p.lastMethod, p.examples, p.matches, p.hints = strings.ToLower(method), nil, nil, nil
	p.refreshHint()
	p.showFromTop()
	return cuts
}

// refreshHint checks the request again if it changed, and gives the
// editor the lines the hint leaves.
func (p *requestPane) refreshHint() {
	shown := p.hint.shows()
	p.hint.update(p.method.Value(), p.params.Value(), p.ctx.Now())
	if p.hint.shows() != shown {
		p.fitParams()
	}
}

// minParamLines is the least room the parameters get.
const minParamLines = 2

// paramLines are the parameter editor's lines as typed.
func (p requestPane) paramLines() []string { return strings.Split(p.params.Value(), "\n") }

// WantedHeight is the inner height at which the pane shows every line: the
// fixed rows, the SMS check's and each parameter's.
func (p requestPane) WantedHeight() int {
	h := requestFixedLines + max(strings.Count(p.params.Value(), "\n")+1, minParamLines)
	if p.hint.shows() {
		h++
	}
	return h
}

// fitParams gives the parameter editor the pane's height less the fixed
// lines and the hint's.
func (p *requestPane) fitParams() {
	fixed := requestFixedLines
	if p.hint.shows() {
		fixed++
	}
	p.params.SetHeight(max(p.height-fixed, 1))
	p.showFromTop()
}

// SetServer replaces the server field (a resend after a 13, a paste).
func (p *requestPane) SetServer(s string) {
	p.server.SetValue(s)
	p.server.CursorEnd()
	p.origin = model.Server{}
}

// SetOrigin keeps the server the customer named while the field shows the
// sandbox standing in for it.
func (p *requestPane) SetOrigin(s model.Server) { p.origin = s }

// Origin is the server the customer named, if the demo shows another.
func (p *requestPane) Origin() model.Server { return p.origin }

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
		focus := p.params.Focus()
		// The editor scrolls to its cursor only in its Update: show the
		// cursor's line now, not the top of a long text.
		var scroll tea.Cmd
		p.params, scroll = p.params.Update(nil)
		return tea.Batch(focus, scroll)
	}
}

// Blur takes the keyboard away; leaving the method field offers its
// documented parameters.
func (p *requestPane) Blur() tea.Cmd {
	p.active = false
	p.server.Blur()
	p.method.Blur()
	p.params.Blur()
	return p.Settle()
}

// Settle offers the documented parameters of a method just chosen, keeping
// the values of those it also takes, and says what was dropped.
func (p *requestPane) Settle() tea.Cmd {
	name := strings.TrimSpace(p.method.Value())
	if strings.EqualFold(name, p.lastMethod) {
		return nil
	}
	m, ok := p.ctx.Methods().Lookup(name)
	if !ok {
		return nil
	}
	current, err := model.ParseParamLines(p.paramsText())
	if err != nil {
		p.lastMethod = strings.ToLower(name)
		return nil // lines the editor cannot read stay for the user to fix
	}
	text, offered, dropped := paramTemplate(m, current, p.examples)
	p.method.SetValue(m.Name)
	p.params.SetValue(text)
	p.params.MoveToBegin() // a new request is read from its first line: its recipient and text
	p.written = writtenLines(text, p.params.Value())
	p.lastMethod, p.examples, p.hints = strings.ToLower(m.Name), offered, paramHints(m)
	p.refreshHint()
	p.showFromTop()
	if len(dropped) == 0 {
		return nil
	}
	what := "параметров %s — они убраны"
	if len(dropped) == 1 {
		what = "параметра %s — он убран"
	}
	return say(statusWarn, fmt.Sprintf("у %s нет "+what, m.Name, strings.Join(dropped, ", ")))
}

// AcceptCompletion takes the method completion on show, if any, and
// offers the method's parameters.
func (p *requestPane) AcceptCompletion() tea.Cmd {
	if len(p.matches) > 0 {
		p.method.SetValue(p.matches[p.match])
		p.method.CursorEnd()
		p.matches = nil
	}
	return p.Settle()
}

// Build reads the fields into a request, or says what is wrong with them.
func (p *requestPane) Build() (model.Request, error) {
	srv, err := model.ParseServer(p.server.Value())
	if err != nil {
		return model.Request{}, err
	}
	module, method, err := model.ParseMethodName(p.method.Value())
	if err != nil {
		return model.Request{}, err
	}
	params, err := model.ParseParamLines(p.paramsText())
	if err != nil {
		return model.Request{}, err
	}
	return model.Request{Server: srv, Module: module, Method: method, Params: params}, nil
}

// SetSize gives the pane its inner size.
func (p *requestPane) SetSize(width, height int) {
	p.width, p.height = max(width, 1), max(height, 1)
	p.server.SetWidth(max(p.width-labelWidth-1, 1))
	p.method.SetWidth(max(p.width-labelWidth-1, 1))
	p.params.SetWidth(max(p.width, 1))
	p.fitParams()
}

const (
	labelServer = "Сервер"
	labelMethod = "Метод "
	labelWidth  = 7 // a label and its space
	// requestFixedLines are the title and the server and method rows; the
	// parameter editor gets the rest.
	requestFixedLines = 3
)

func (p requestPane) Update(msg tea.Msg) (requestPane, tea.Cmd) {
	if !p.active {
		return p, nil
	}
	var cmd tea.Cmd
	switch p.field {
	case fieldServer:
		cmd = p.updateServer(msg)
	case fieldMethod:
		cmd = p.updateMethod(msg)
	default:
		cmd = p.updateParams(msg)
	}
	p.refreshHint()
	return p, cmd
}

func (p *requestPane) updateServer(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && p.ctx.Demo != nil && key.Matches(k, p.keys.NextRegion) {
		step := 1
		if key.Matches(k, p.keys.PrevMatch) {
			step = -1
		}
		srv, _ := model.ParseServer(p.server.Value())
		r := p.ctx.Demo.next(srv, step)
		p.SetServer(r.Server.BaseURL())
		return say(statusInfo, fmt.Sprintf("песочница, регион %s (вместо %s)", r.Name, r.Stands))
	}
	before := p.server.Value()
	var cmd tea.Cmd
	p.server, cmd = p.server.Update(msg)
	if p.server.Value() != before {
		p.origin = model.Server{} // the user named another server
	}
	return cmd
}

func (p *requestPane) updateMethod(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && len(p.matches) > 0 {
		switch {
		case key.Matches(k, p.keys.NextMatch):
			p.match = (p.match + 1) % len(p.matches)
			return nil
		case key.Matches(k, p.keys.PrevMatch):
			p.match = (p.match + len(p.matches) - 1) % len(p.matches)
			return nil
		case key.Matches(k, p.keys.Accept) && p.method.Position() == len([]rune(p.method.Value())):
			return p.AcceptCompletion()
		}
	}
	before := p.method.Value()
	var cmd tea.Cmd
	p.method, cmd = p.method.Update(msg)
	if v := p.method.Value(); v != before {
		p.matches, p.match = completeMethod(p.names, v), 0
		if len(p.matches) == 1 && strings.EqualFold(p.matches[0], v) {
			p.matches = nil // nothing left to complete
		}
	}
	return cmd
}

func (p *requestPane) updateParams(msg tea.Msg) tea.Cmd {
	if paste, ok := msg.(tea.PasteMsg); ok {
		// Terminals paste line breaks as CR (a CRLF text's as CR CR): the
		// editor wants LF.
		text := curl.Newlines(paste.Content)
		room := paramsLimit - p.params.Length()
		cut := len([]rune(text)) > room
		if cut {
			text = string([]rune(text)[:max(room, 0)])
		}
		p.params.InsertString(text)
		p.showFromTop()
		if cut {
			return say(statusWarn, fmt.Sprintf("параметры — не больше %d КиБ: вставка обрезана", paramsLimit>>10))
		}
		return nil
	}
	full := p.params.Length() >= paramsLimit
	var cmd tea.Cmd
	p.params, cmd = p.params.Update(msg)
	if k, ok := msg.(tea.KeyPressMsg); ok && full && k.Text != "" {
		return tea.Batch(cmd, say(statusWarn, fmt.Sprintf("параметры — не больше %d КиБ: дальше не пишется", paramsLimit>>10)))
	}
	return cmd
}

// View draws the pane: a title with where calls go and with which key,
// then the fields.
func (p requestPane) View() string {
	lines := []string{p.titleLine(), p.serverLine(), p.methodLine()}
	if p.hint.shows() {
		lines = append(lines, p.hint.view(p.ctx.Styles))
	}
	lines = append(lines, p.paramsView()...)
	for i, l := range lines {
		lines[i] = cutWords(l, p.width)
	}
	return strings.Join(lines, "\n")
}

// paramsView is the editor while it has the keyboard (it scrolls to the
// cursor, and the title says where it is); otherwise each parameter on a
// row of its own, and when they do not all fit, the last row says how many
// more there are.
func (p requestPane) paramsView() []string {
	lines, rows := p.paramLines(), p.params.Height()
	key := p.ctx.Settings.Key
	if p.focused(fieldParams) || p.params.Value() == "" {
		return strings.Split(inertField(p.params.View(), key), "\n")
	}
	shown := lines
	if len(lines) > rows {
		shown = lines[:max(rows-1, 0)]
	}
	out := make([]string, 0, rows)
	for _, l := range shown {
		out = append(out, safe.Line(safe.Scrub(maskKeyParamLine(l), key)))
	}
	if more := len(lines) - len(shown); more > 0 {
		out = append(out, p.ctx.Styles.Muted.Render(fmt.Sprintf("↓ ещё %s · %s", ru.Rows.Count(more), p.editHint)))
	}
	return out
}

func (p requestPane) titleLine() string {
	s := p.ctx.Styles
	var b strings.Builder
	b.WriteString(s.PaneTitle.Render("Запрос"))
	info := p.ctx.Settings
	if info.Profile != "" {
		b.WriteString(s.Muted.Render(" · профиль " + info.Profile))
	}
	if info.Key != "" {
		b.WriteString(s.Muted.Render(" · ключ " + safe.MaskKey(info.Key)))
	}
	if info.Insecure {
		b.WriteString(" " + s.Warning.Render("· TLS не проверяется"))
	}
	if srv, err := model.ParseServer(p.server.Value()); err == nil && srv.Plain() && !isLoopback(srv.Host) {
		b.WriteString(" " + s.Warning.Render("· http: ключ идёт открытым текстом"))
	}
	if n := p.params.LineCount(); p.focused(fieldParams) && (n > p.params.Height() || p.params.ScrollYOffset() > 0) {
		b.WriteString(s.Muted.Render(fmt.Sprintf(" · строка %d из %d", p.params.Line()+1, n)))
	}
	return b.String()
}

func (p requestPane) focused(f requestField) bool { return p.active && p.field == f }

func (p requestPane) label(l string, f requestField) string {
	if p.focused(f) {
		return p.ctx.Styles.Key.Render(l) + " "
	}
	return p.ctx.Styles.Muted.Render(l) + " "
}

// fieldView draws a field in the room left after its label and a hint.
// A field without focus shows its value as text.
func (p requestPane) fieldView(in textinput.Model, f requestField, hintWidth int) string {
	if !p.focused(f) {
		if in.Value() == "" {
			return p.ctx.Styles.Muted.Render(in.Placeholder)
		}
		return safe.Line(safe.Scrub(in.Value(), p.ctx.Settings.Key))
	}
	// One cell more for the virtual cursor after the text.
	in.SetWidth(max(p.width-labelWidth-hintWidth-1, 1))
	return inertField(in.View(), p.ctx.Settings.Key)
}

func (p requestPane) serverLine() string {
	s := p.ctx.Styles
	hint := ""
	if p.ctx.Demo != nil {
		if srv, err := model.ParseServer(p.server.Value()); err == nil {
			if r, ok := p.ctx.Demo.region(srv); ok {
				hint = fmt.Sprintf("  песочница, регион %s", r.Name)
				if p.focused(fieldServer) {
					hint += " · ↑↓ — другой"
				}
			}
		}
	}
	hintW := lipgloss.Width(hint)
	return p.label(labelServer, fieldServer) + p.fieldView(p.server, fieldServer, hintW) + s.Muted.Render(hint)
}

func (p requestPane) methodLine() string {
	s := p.ctx.Styles
	hint := ""
	switch {
	case p.focused(fieldMethod) && len(p.matches) > 0:
		hint = fmt.Sprintf("  → %s", p.matches[p.match])
		if len(p.matches) > 1 {
			hint += fmt.Sprintf(" (%d из %d, ↑↓)", p.match+1, len(p.matches))
		}
	case !p.focused(fieldMethod):
		if m, ok := p.ctx.Methods().Lookup(p.method.Value()); ok {
			hint = "  " + m.Summary
		}
	}
	field := p.fieldView(p.method, fieldMethod, lipgloss.Width(hint))
	room := max(p.width-labelWidth-lipgloss.Width(field), 0)
	return p.label(labelMethod, fieldMethod) + field + s.Muted.Render(cutWords(hint, room))
}

func isLoopback(host string) bool {
	h := host
	if i := strings.LastIndex(h, ":"); i > 0 && !strings.HasSuffix(h, "]") {
		h = h[:i]
	}
	return h == "localhost" || strings.HasPrefix(h, "127.") || h == "[::1]"
}

// ShortHelp and FullHelp make the pane a help.KeyMap.
func (p requestPane) ShortHelp() []key.Binding {
	switch {
	case p.field == fieldMethod && len(p.matches) > 0:
		return []key.Binding{p.keys.ToParams, p.keys.Accept, p.keys.NextMatch}
	case p.field == fieldServer && p.ctx.Demo != nil:
		return []key.Binding{p.keys.NextRegion}
	}
	return nil
}

func (p requestPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{{p.keys.Accept, p.keys.NextMatch, p.keys.PrevMatch, p.keys.ToParams, p.keys.ToMethod, p.keys.NextRegion}}
}
