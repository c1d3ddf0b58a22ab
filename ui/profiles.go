package ui

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"codedesk/model"
	"codedesk/model/config"
	"codedesk/model/safe"
)

// profileRow is one profile of config.toml as the picker lists it.
type profileRow struct {
	name      string
	settings  config.Settings
	err       error
	isDefault bool
}

// profilesLoadedMsg carries the profiles of config.toml, resolved.
type profilesLoadedMsg struct {
	rows []profileRow
	err  error
}

// profileChosenMsg says the user picked a profile to work with.
type profileChosenMsg struct {
	name     string
	settings config.Settings
}

// profilePicker lists the profiles of config.toml, each with its server
// and its key masked, and switches to the one chosen without a restart.
type profilePicker struct {
	ctx     *Context
	keys    pickerKeys
	nav     navKeys
	rows    []profileRow
	err     error
	loading bool
	cursor  int
	path    string
}

func newProfilePicker(ctx *Context, path string) profilePicker {
	return profilePicker{ctx: ctx, keys: defaultPickerKeys(), nav: defaultNavKeys(), path: path}
}

// Open reads config.toml again (off the update loop: a key file may be
// read) and lists its profiles.
func (p *profilePicker) Open(getenv func(string) string) tea.Cmd {
	p.loading, p.rows, p.err, p.cursor = true, nil, nil, 0
	path := p.path
	return func() tea.Msg {
		if path == "" {
			return profilesLoadedMsg{err: fmt.Errorf("файл настроек не задан")}
		}
		cfg, err := config.LoadConfig(path)
		if err != nil {
			return profilesLoadedMsg{err: err}
		}
		names := make([]string, 0, len(cfg.Profiles))
		for n := range cfg.Profiles {
			names = append(names, n)
		}
		sort.Strings(names)
		rows := make([]profileRow, len(names))
		for i, n := range names {
			s, err := config.Resolve(cfg, config.Overrides{Profile: n}, getenv)
			rows[i] = profileRow{name: n, settings: s, err: err, isDefault: n == cfg.Default}
		}
		return profilesLoadedMsg{rows: rows}
	}
}

func (p profilePicker) Update(msg tea.Msg) (profilePicker, tea.Cmd) {
	switch msg := msg.(type) {
	case profilesLoadedMsg:
		p.loading, p.rows, p.err = false, msg.rows, msg.err
		for i, r := range p.rows {
			if r.name == p.ctx.Settings.Profile {
				p.cursor = i
			}
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, p.nav.Up):
			p.cursor = max(p.cursor-1, 0)
		case key.Matches(msg, p.nav.Down):
			p.cursor = min(p.cursor+1, max(len(p.rows)-1, 0))
		case key.Matches(msg, p.keys.Choose) && p.cursor < len(p.rows):
			r := p.rows[p.cursor]
			if r.err != nil {
				// config's errors name the profile already
				return p, say(statusError, safe.Line(r.err.Error()))
			}
			return p, emit(profileChosenMsg{name: r.name, settings: r.settings})
		}
	}
	return p, nil
}

// View is the list in a box as wide as width.
func (p profilePicker) View(width int) string {
	s := p.ctx.Styles
	inner := max(width-s.Dialog.GetHorizontalFrameSize(), 10)
	lines := []string{s.PaneTitle.Render("Профили") + s.Muted.Render(" · "+pathTail(safe.Line(p.path), inner-lipgloss.Width("Профили · ")))}
	switch {
	case p.loading:
		lines = append(lines, s.Muted.Render("читаю настройки…"))
	case p.err != nil:
		lines = append(lines, s.Error.Render(safe.Line(p.err.Error())))
	case len(p.rows) == 0 && p.ctx.Demo != nil:
		lines = append(lines, s.Muted.Render(fmt.Sprintf("демо работает с песочницей, %s; профиль %s появится, когда после кода 13 вы сохраните сервер (s)",
			p.keyText(config.Settings{}), demoProfile)))
	case len(p.rows) == 0:
		lines = append(lines, s.Muted.Render("в config.toml нет профилей: добавьте [profiles.имя] (см. README)"))
	}
	for i, r := range p.rows {
		lines = append(lines, p.row(r, i == p.cursor, inner))
	}
	lines = append(lines, "", s.Muted.Render("↑↓ — выбор · enter — работать с ним · esc — закрыть"))
	return s.Dialog.Width(width).Render(strings.Join(lines, "\n"))
}

// row is a profile: its name and marks, then its server and key (or why
// it cannot be used); under the name, wrapped, when one line is too
// narrow: never cut inside a word.
func (p profilePicker) row(r profileRow, selected bool, width int) string {
	s := p.ctx.Styles
	mark := "  "
	if selected {
		mark = "▌ "
	}
	head := safe.Line(r.name)
	if r.isDefault {
		head += " · по умолчанию"
	}
	if r.name == p.ctx.Settings.Profile {
		head += " · сейчас"
	}
	detail := p.serverText(r.settings.Server)
	if r.err != nil {
		detail += " · " + safe.Line(r.err.Error())
	} else {
		detail += " · " + p.keyColumns(r.settings)
	}
	line := mark + fmt.Sprintf("%-10s  %s", head, detail)
	if lipgloss.Width(line) > width {
		wrapped := strings.Split(lipgloss.NewStyle().Width(max(width-4, 1)).Render(detail), "\n")
		for i, l := range wrapped {
			wrapped[i] = "    " + strings.TrimRight(l, " ")
		}
		line = mark + fitText(head, width-2) + "\n" + strings.Join(wrapped, "\n")
	}
	if selected {
		return s.Selected.Render(line)
	}
	return line
}

// pathTail is path as it fits width: whole, or its last folders and file
// after «…/», never cut inside a name (only a file name wider than width is).
func pathTail(path string, width int) string {
	if lipgloss.Width(path) <= width {
		return path
	}
	for i := 0; i < len(path); i++ {
		if path[i] == '/' && lipgloss.Width("…"+path[i:]) <= width {
			return "…" + path[i:]
		}
	}
	return ansi.Truncate(path, max(width, 1), "…")
}

// demoProfile names the profile the demo keeps a server in, in its own
// throwaway config.
const demoProfile = "demo"

// serverText is a profile's server; in the demo, the sandbox's region it
// is (the header has its address).
func (p profilePicker) serverText(srv model.Server) string {
	if d := p.ctx.Demo; d != nil {
		if r, ok := d.region(srv); ok {
			return "песочница, регион " + r.Name
		}
	}
	return srv.String()
}

// keyText is the key a profile's calls go with, masked; in the demo a
// profile without one works with the sandbox's.
func (p profilePicker) keyText(s config.Settings) string {
	switch {
	case s.Key != "" && s.Key == p.ctx.Settings.Key && p.ctx.Demo != nil:
		return "ключ песочницы " + safe.MaskKey(s.Key)
	case s.Key != "":
		return fmt.Sprintf("ключ %s (из %s)", safe.MaskKey(s.Key), safe.Line(s.KeySource))
	case p.ctx.Demo != nil:
		return "ключ песочницы " + safe.MaskKey(p.ctx.Settings.Key)
	}
	return "без ключа"
}

// keyColumns is keyText for a row: the key and where it comes from as
// two columns, so that a long path gives way before the key.
func (p profilePicker) keyColumns(s config.Settings) string {
	if s.Key != "" && !(s.Key == p.ctx.Settings.Key && p.ctx.Demo != nil) {
		return "ключ " + safe.MaskKey(s.Key) + " · из " + safe.Line(s.KeySource)
	}
	return p.keyText(s)
}

// ShortHelp and FullHelp make the picker a help.KeyMap.
func (p profilePicker) ShortHelp() []key.Binding {
	return []key.Binding{moveHelp("выбор"), p.keys.Choose, p.keys.Close}
}

func (p profilePicker) FullHelp() [][]key.Binding {
	return [][]key.Binding{{p.nav.Up, p.nav.Down, p.keys.Choose, p.keys.Close}}
}
