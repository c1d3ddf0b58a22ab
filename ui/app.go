package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"codedesk/model"
)

// focusArea is the pane that receives keys the root does not handle.
type focusArea int

const (
	focusCodes focusArea = iota
	focusDetail
	focusCount
)

// Options configure the app before its first frame.
type Options struct {
	Catalog *model.Catalog
	// Width and Height are the terminal size when known before start, so the
	// first frame is already laid out instead of waiting for a resize event.
	Width, Height int
	NoColor       bool
}

// App is the root model: it owns focus, layout and the global keys, and
// routes everything else to the focused pane.
type App struct {
	ctx    *Context
	keys   globalKeys
	help   help.Model
	codes  codesPane
	detail detailPane
	focus  focusArea

	width, height int
	showAllKeys   bool
	noColor       bool
	gotBackground bool

	// frame is the last rendered screen; start-up alone brings several
	// messages that change nothing, and each would otherwise redraw it all.
	frame string
	dirty bool
}

// New builds the app. It does no I/O and renders nothing with glamour: the
// first frame must not wait on anything.
func New(opts Options) *App {
	// Dark until the terminal says otherwise: most terminals are dark, and a
	// terminal that never answers the background query must still get a UI.
	ctx := &Context{
		Catalog:  opts.Catalog,
		Styles:   DefaultStyles(true, opts.NoColor),
		Markdown: newMarkdown(),
	}
	a := &App{
		ctx:     ctx,
		keys:    defaultGlobalKeys(),
		help:    help.New(),
		codes:   newCodesPane(ctx),
		detail:  newDetailPane(ctx),
		noColor: opts.NoColor,
	}
	a.help.Styles = ctx.Styles.Help
	a.resize(opts.Width, opts.Height)
	if c, ok := a.codes.Selected(); ok {
		// No command yet: the glamour render starts from Init, after the
		// plain card is already on screen.
		a.detail.code, a.detail.hasCode = c, true
		a.detail.showPlain()
	}
	return a
}

// Init asks the terminal for its background (answered later as a message,
// never waited for). Rendering the first card with glamour and building the
// search index wait until the first frame is out: on two cores they would
// otherwise compete with it; the plain card is on screen meanwhile.
func (a *App) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, tea.Tick(afterFirstFrame, func(time.Time) tea.Msg {
		return startupIdleMsg{}
	}))
}

// afterFirstFrame is long enough for Bubble Tea's renderer (120 fps) to have
// flushed the first frame, and short enough to go unnoticed.
const afterFirstFrame = 25 * time.Millisecond

// startupIdleMsg says the first frame is out and deferred work may start.
type startupIdleMsg struct{}

// warmUp renders the current card and builds the search index.
func (a *App) warmUp() tea.Cmd {
	cat := a.ctx.Catalog
	return tea.Batch(a.detail.Refresh(), func() tea.Msg {
		cat.Warm()
		return indexReadyMsg{}
	})
}

// indexReadyMsg says the catalog's search index is built.
type indexReadyMsg struct{}

func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.ColorProfileMsg, tea.EnvMsg, indexReadyMsg:
		return a, nil // nothing on screen changes
	case tea.WindowSizeMsg:
		if msg.Width == a.width && msg.Height == a.height {
			return a, nil
		}
	}
	a.dirty = true
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.resize(msg.Width, msg.Height)
		return a, a.detail.Refresh()

	case startupIdleMsg:
		return a, a.warmUp()

	case tea.BackgroundColorMsg:
		a.gotBackground = true
		if msg.IsDark() != a.ctx.Styles.IsDark {
			a.setStyles(DefaultStyles(msg.IsDark(), a.noColor))
			return a, a.detail.Refresh()
		}
		return a, nil

	case cardRenderedMsg:
		var cmd tea.Cmd
		a.detail, cmd = a.detail.Update(msg)
		return a, cmd

	case tea.KeyPressMsg:
		return a.handleKey(msg)
	}
	return a.updateFocused(msg)
}

func (a *App) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if key.Matches(msg, a.keys.ForceQuit) {
		return a, tea.Quit
	}
	if a.showAllKeys {
		if key.Matches(msg, a.keys.Help) || msg.String() == "esc" || msg.String() == "q" {
			a.showAllKeys = false
		}
		return a, nil
	}
	// A text field with focus gets every other key, so that q and ? can be
	// typed into a filter.
	if a.focus == focusCodes && a.codes.Filtering() {
		return a.updateFocused(msg)
	}
	switch {
	case key.Matches(msg, a.keys.Quit):
		return a, tea.Quit
	case key.Matches(msg, a.keys.Help):
		a.showAllKeys = true
		return a, nil
	case key.Matches(msg, a.keys.NextPane):
		a.focus = (a.focus + 1) % focusCount
		return a, nil
	case key.Matches(msg, a.keys.PrevPane):
		a.focus = (a.focus + focusCount - 1) % focusCount
		return a, nil
	case msg.String() == "/" && a.focus != focusCodes:
		// "/" filters the codes from anywhere: the list is what one searches.
		a.focus = focusCodes
	}
	return a.updateFocused(msg)
}

// updateFocused hands a message to the focused pane and keeps the detail on
// the code under the list's cursor.
func (a *App) updateFocused(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	var cmd tea.Cmd
	switch a.focus {
	case focusCodes:
		a.codes, cmd = a.codes.Update(msg)
	case focusDetail:
		a.detail, cmd = a.detail.Update(msg)
	}
	cmds = append(cmds, cmd)
	if c, ok := a.codes.Selected(); ok {
		cmds = append(cmds, a.detail.Show(c))
	}
	return a, tea.Batch(cmds...)
}

func (a *App) setStyles(s Styles) {
	a.ctx.Styles = s
	a.help.Styles = s.Help
	a.codes.applyStyles()
}

// layout is where each part of the screen goes for a terminal size.
type layout struct {
	header     bool
	bodyHeight int
	sideBySide bool
	listWidth  int // outer width of the codes pane when side by side
	bordered   bool
}

const (
	minSideBySideWidth = 70
	minHeaderHeight    = 12
	minBorderHeight    = 6
	minBorderWidth     = 20
	minClampFreeHeight = 3 // a help bar and one line of body
)

// computeLayout places the panes; listNatural is the outer width at which
// the codes list shows every title whole.
func computeLayout(width, height, listNatural int) layout {
	l := layout{header: height >= minHeaderHeight, bordered: height >= minBorderHeight && width >= minBorderWidth}
	l.bodyHeight = height - 1 // help bar
	if l.header {
		l.bodyHeight--
	}
	l.bodyHeight = max(l.bodyHeight, 1)
	if width >= minSideBySideWidth {
		l.sideBySide = true
		l.listWidth = max(min(listNatural, width/2), 30)
	}
	return l
}

func (a *App) paneFrame() (int, int) {
	st := a.ctx.Styles.PaneBlurred
	return st.GetHorizontalFrameSize(), st.GetVerticalFrameSize()
}

func (a *App) listNaturalWidth() int {
	fw, _ := a.paneFrame()
	return a.codes.NaturalWidth() + fw
}

func (a *App) resize(width, height int) {
	if width <= 0 || height <= 0 {
		return
	}
	a.width, a.height = width, height
	a.help.SetWidth(width)
	l := computeLayout(width, height, a.listNaturalWidth())
	fw, fh := 0, 0
	if l.bordered {
		fw, fh = a.paneFrame()
	}
	innerH := max(l.bodyHeight-fh, 1)
	if l.sideBySide {
		a.codes.SetSize(l.listWidth-fw, innerH)
		a.detail.SetSize(width-l.listWidth-fw, innerH)
	} else {
		a.codes.SetSize(width-fw, innerH)
		a.detail.SetSize(width-fw, innerH)
	}
}

func (a *App) View() tea.View {
	if a.dirty || a.frame == "" {
		a.frame = a.render()
		a.dirty = false
	}
	v := tea.NewView(a.frame)
	v.AltScreen = true
	v.WindowTitle = "codedesk"
	return v
}

func (a *App) render() string {
	if a.width <= 0 || a.height <= 0 {
		return "codedesk"
	}
	l := computeLayout(a.width, a.height, a.listNaturalWidth())
	var parts []string
	if l.header {
		parts = append(parts, a.headerView())
	}
	if a.showAllKeys {
		parts = append(parts, a.allKeysView(l.bodyHeight))
	} else {
		parts = append(parts, a.bodyView(l))
	}
	parts = append(parts, a.helpBar())
	out := strings.Join(parts, "\n")
	if a.width < minBorderWidth || a.height < minClampFreeHeight {
		// Below these sizes the parts cannot all fit; draw the top left of
		// the UI rather than past the terminal's edge. Above them every part
		// is cut to size already, and this pass would cost a quarter of the
		// frame.
		return lipgloss.NewStyle().MaxWidth(a.width).MaxHeight(a.height).Render(out)
	}
	return out
}

func (a *App) headerView() string {
	s := a.ctx.Styles
	h := s.Header.Render("codedesk") + s.HeaderMuted.Render(" · коды ответов Mobizon API")
	return ansi.Truncate(h, a.width, "…")
}

func (a *App) pane(content string, focused bool, width, height int, bordered bool) string {
	if !bordered {
		return lipgloss.NewStyle().Width(width).Height(height).MaxHeight(height).Render(content)
	}
	st := a.ctx.Styles.PaneBlurred
	if focused {
		st = a.ctx.Styles.PaneFocused
	}
	return st.Width(width).Height(height).MaxHeight(height).Render(content)
}

func (a *App) bodyView(l layout) string {
	if l.sideBySide {
		left := a.pane(a.codes.View(), a.focus == focusCodes, l.listWidth, l.bodyHeight, l.bordered)
		right := a.pane(a.detail.View(), a.focus == focusDetail, a.width-l.listWidth, l.bodyHeight, l.bordered)
		return lipgloss.JoinHorizontal(lipgloss.Top, left, right)
	}
	// Narrow: one pane at a time, the focused one; tab switches.
	content := a.codes.View()
	if a.focus == focusDetail {
		content = a.detail.View()
	}
	return a.pane(content, true, a.width, l.bodyHeight, l.bordered)
}

// focusedKeys is the help.KeyMap of what has focus plus the global keys.
func (a *App) focusedKeys() help.KeyMap {
	var pane help.KeyMap = a.codes
	if a.focus == focusDetail {
		pane = a.detail
	}
	return keyMapFunc{
		short: func() []key.Binding {
			b := pane.ShortHelp()
			if a.focus == focusCodes && a.codes.Filtering() {
				return append(b, a.keys.ForceQuit)
			}
			return append(b, a.keys.NextPane, a.keys.Help, a.keys.Quit)
		},
		full: func() [][]key.Binding {
			groups := append([][]key.Binding{}, a.codes.FullHelp()...)
			groups = append(groups, a.detail.FullHelp()...)
			return append(groups, []key.Binding{a.keys.NextPane, a.keys.PrevPane, a.keys.Help, a.keys.Quit, a.keys.ForceQuit})
		},
	}
}

func (a *App) helpBar() string {
	return ansi.Truncate(a.help.ShortHelpView(a.focusedKeys().ShortHelp()), a.width, "…")
}

func (a *App) allKeysView(height int) string {
	s := a.ctx.Styles
	title := s.PaneTitle.Render("Все клавиши") + s.Muted.Render("  (? или esc — закрыть)")
	l := computeLayout(a.width, a.height, a.listNaturalWidth())
	inner := a.width
	if l.bordered {
		fw, _ := a.paneFrame()
		inner -= fw
	}
	body := title + "\n\n" + keyColumns(a.focusedKeys().FullHelp(), inner, s)
	return a.pane(body, true, a.width, height, l.bordered)
}

// keyColumns lists every enabled binding once, flowing into as many columns
// as the width allows, so that a narrow terminal still shows every key.
func keyColumns(groups [][]key.Binding, width int, s Styles) string {
	type entry struct{ key, desc string }
	var entries []entry
	seen := map[string]bool{}
	keyW, descW := 0, 0
	for _, g := range groups {
		for _, b := range g {
			h := b.Help()
			if !b.Enabled() || h.Key == "" || seen[h.Key+h.Desc] {
				continue
			}
			seen[h.Key+h.Desc] = true
			entries = append(entries, entry{h.Key, h.Desc})
			keyW = max(keyW, lipgloss.Width(h.Key))
			descW = max(descW, lipgloss.Width(h.Desc))
		}
	}
	colW := keyW + 1 + descW + 3
	cols := max(width/colW, 1)
	rows := (len(entries) + cols - 1) / cols
	lines := make([]string, rows)
	for i, e := range entries {
		cell := s.Key.Render(e.key+strings.Repeat(" ", keyW-lipgloss.Width(e.key))) + " " + e.desc
		r := i % rows
		if i/rows < cols-1 {
			cell += strings.Repeat(" ", max(colW-keyW-1-lipgloss.Width(e.desc), 0))
		}
		lines[r] += cell
	}
	return strings.Join(lines, "\n")
}

// keyMapFunc adapts two functions to help.KeyMap.
type keyMapFunc struct {
	short func() []key.Binding
	full  func() [][]key.Binding
}

func (k keyMapFunc) ShortHelp() []key.Binding  { return k.short() }
func (k keyMapFunc) FullHelp() [][]key.Binding { return k.full() }
