package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"

	"codedesk/model/catalog"
	"codedesk/ui/markdown"
)

// Styles holds every colour and decoration of the TUI. No other file names a
// colour: a light terminal, a dark one and NO_COLOR differ only here.
type Styles struct {
	IsDark  bool
	NoColor bool

	// Glamour is the fixed glamour style for cards: glamour v2 cannot detect
	// the background itself, and asking the terminal from inside a running
	// program would stall.
	Glamour string

	Header      lipgloss.Style
	HeaderMuted lipgloss.Style
	// PaneFocused has a heavy border, PaneBlurred a light one: focus shows
	// without colour too.
	PaneFocused lipgloss.Style
	PaneBlurred lipgloss.Style
	// Dialog frames a question or a picker over the panes.
	Dialog    lipgloss.Style
	PaneTitle lipgloss.Style
	Muted     lipgloss.Style
	Error     lipgloss.Style
	Warning   lipgloss.Style
	Success   lipgloss.Style
	Selected  lipgloss.Style // the row under the cursor
	Marker    lipgloss.Style // the code of the last answer
	Key       lipgloss.Style

	classText  map[catalog.Class]lipgloss.Style
	classBadge map[catalog.Class]lipgloss.Style

	List     list.Styles
	Help     help.Styles
	Input    textinput.Styles
	TextArea textarea.Styles
	Spinner  lipgloss.Style

	ProgressFull  color.Color
	ProgressEmpty color.Color
}

// palette is the colours of one background; every one is NoColor under
// NO_COLOR.
type palette struct {
	accent, muted, border, text, bgSel              color.Color
	red, orange, yellow, green, blue, magenta, onCl color.Color
}

func newPalette(isDark, noColor bool) palette {
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark string) color.Color {
		if noColor {
			return lipgloss.NoColor{}
		}
		return ld(lipgloss.Color(light), lipgloss.Color(dark))
	}
	return palette{
		accent: c("#5A3FD8", "#A594FF"), muted: c("#6E6E6E", "#8A8A8A"), border: c("#C8C8C8", "#3F3F46"),
		text: c("#1F1F1F", "#E6E6E6"), bgSel: c("#E8E4FF", "#2E2A4A"), red: c("#C0262D", "#FF6B6B"),
		orange: c("#B85C00", "#FFA94D"), yellow: c("#8A6D00", "#F5D547"), green: c("#1E7B34", "#69DB7C"),
		blue: c("#1C5FB8", "#74C0FC"), magenta: c("#A21CAF", "#F08CFF"), onCl: c("#FFFFFF", "#111111"),
	}
}

// DefaultStyles builds the styles for a dark or light background; with
// noColor every style keeps its layout and attributes but loses its colours.
func DefaultStyles(isDark, noColor bool) Styles {
	p := newPalette(isDark, noColor)
	s := Styles{IsDark: isDark, NoColor: noColor}
	switch {
	case noColor:
		s.Glamour = markdown.NoColor
	case isDark:
		s.Glamour = markdown.Dark
	default:
		s.Glamour = markdown.Light
	}
	s.Header = lipgloss.NewStyle().Bold(true).Foreground(p.accent)
	s.HeaderMuted = lipgloss.NewStyle().Foreground(p.muted)
	pane := lipgloss.NewStyle().Padding(0, 1)
	s.PaneBlurred = pane.Border(lipgloss.RoundedBorder()).BorderForeground(p.border)
	s.PaneFocused = pane.Border(lipgloss.ThickBorder()).BorderForeground(p.accent)
	s.Dialog = pane.Border(lipgloss.DoubleBorder()).BorderForeground(p.accent)
	s.PaneTitle = lipgloss.NewStyle().Bold(true).Foreground(p.text)
	s.Muted = lipgloss.NewStyle().Foreground(p.muted)
	s.Error = lipgloss.NewStyle().Bold(true).Foreground(p.red)
	s.Warning = lipgloss.NewStyle().Foreground(p.orange)
	s.Success = lipgloss.NewStyle().Foreground(p.green)
	s.Selected = lipgloss.NewStyle().Background(p.bgSel).Foreground(p.text).Bold(true)
	if noColor {
		s.Selected = lipgloss.NewStyle().Reverse(true)
	}
	s.Marker = lipgloss.NewStyle().Bold(true).Foreground(p.accent)
	s.Key = lipgloss.NewStyle().Bold(true).Foreground(p.accent)
	s.Spinner = lipgloss.NewStyle().Foreground(p.accent)
	s.ProgressFull, s.ProgressEmpty = p.accent, p.border
	s.classStyles(p)
	s.componentStyles(p)
	if noColor {
		s.stripComponentColours()
	}
	return s
}

// classStyles colour codes by their class.
func (s *Styles) classStyles(p palette) {
	classColor := map[catalog.Class]color.Color{
		catalog.ClassSuccess: p.green,
		catalog.ClassAsync:   p.blue,
		catalog.ClassPartial: p.yellow,
		catalog.ClassClient:  p.orange,
		catalog.ClassAuth:    p.magenta,
		catalog.ClassServer:  p.red,
		catalog.ClassUnknown: p.muted,
	}
	s.classText = map[catalog.Class]lipgloss.Style{}
	s.classBadge = map[catalog.Class]lipgloss.Style{}
	for class, col := range classColor {
		s.classText[class] = lipgloss.NewStyle().Foreground(col)
		badge := lipgloss.NewStyle().Bold(true).Padding(0, 1).Background(col).Foreground(p.onCl)
		if s.NoColor {
			badge = lipgloss.NewStyle().Bold(true).Reverse(true).Padding(0, 1)
		}
		s.classBadge[class] = badge
	}
}

// componentStyles adapt the bubbles the panes are made of.
func (s *Styles) componentStyles(p palette) {
	s.List = list.DefaultStyles(s.IsDark)
	s.List.Title = lipgloss.NewStyle().Bold(true).Foreground(p.text)
	s.List.TitleBar = lipgloss.NewStyle().Padding(0, 0, 1, 0)
	s.List.NoItems = lipgloss.NewStyle().Foreground(p.muted)
	s.List.PaginationStyle = lipgloss.NewStyle().Foreground(p.muted)
	s.List.Filter.Focused.Prompt = lipgloss.NewStyle().Foreground(p.accent)
	s.List.Filter.Blurred.Prompt = lipgloss.NewStyle().Foreground(p.muted)
	s.Help = help.DefaultStyles(s.IsDark)
	s.Input = textinput.DefaultStyles(s.IsDark)
	s.TextArea = textarea.DefaultStyles(s.IsDark)
	// The editor sits in a bordered pane: no highlighted current line.
	s.TextArea.Focused.CursorLine = lipgloss.NewStyle()
	s.TextArea.Focused.Placeholder = lipgloss.NewStyle().Foreground(p.muted)
	s.TextArea.Blurred.Placeholder = lipgloss.NewStyle().Foreground(p.muted)
	s.Input.Focused.Placeholder = lipgloss.NewStyle().Foreground(p.muted)
	s.Input.Blurred.Placeholder = lipgloss.NewStyle().Foreground(p.muted)
	s.Input.Focused.Suggestion = lipgloss.NewStyle().Foreground(p.muted)
	// A steady cursor: a blinking one redraws the whole screen twice a
	// second for nothing.
	s.Input.Cursor.Blink = false
	s.TextArea.Cursor.Blink = false
	s.List.Filter.Cursor.Blink = false
}

// stripComponentColours keeps the bubbles' layout but none of their
// default colours.
func (s *Styles) stripComponentColours() {
	plain := lipgloss.NewStyle()
	s.Input = textinput.Styles{Focused: textinput.StyleState{Text: plain, Placeholder: plain, Suggestion: plain.Faint(true), Prompt: plain},
		Blurred: textinput.StyleState{Text: plain, Placeholder: plain, Suggestion: plain, Prompt: plain}, Cursor: s.Input.Cursor}
	s.Input.Cursor.Color = nil
	s.TextArea = textarea.Styles{Focused: textarea.StyleState{Base: plain, Text: plain, Placeholder: plain, CursorLine: plain, EndOfBuffer: plain, LineNumber: plain, CursorLineNumber: plain, Prompt: plain},
		Blurred: textarea.StyleState{Base: plain, Text: plain, Placeholder: plain, CursorLine: plain, EndOfBuffer: plain, LineNumber: plain, CursorLineNumber: plain, Prompt: plain}, Cursor: s.TextArea.Cursor}
	s.TextArea.Cursor.Color = nil
	s.Spinner = plain
	s.ProgressFull, s.ProgressEmpty = lipgloss.NoColor{}, lipgloss.NoColor{}
	s.List = stripListColours(s.List)
	s.Help = help.Styles{
		ShortKey: plain.Bold(true), ShortDesc: plain, ShortSeparator: plain, Ellipsis: plain,
		FullKey: plain.Bold(true), FullDesc: plain, FullSeparator: plain,
	}
}

// stripListColours keeps the list's layout but none of its default colours.
func stripListColours(l list.Styles) list.Styles {
	plain := lipgloss.NewStyle()
	l.Title = plain.Bold(true)
	l.Spinner = plain
	l.Filter.Focused.Prompt = plain
	l.Filter.Blurred.Prompt = plain
	l.Filter.Focused.Text = plain
	l.Filter.Blurred.Text = plain
	l.Filter.Focused.Placeholder = plain
	l.Filter.Blurred.Placeholder = plain
	l.DefaultFilterCharacterMatch = plain.Underline(true)
	l.StatusBar = plain
	l.StatusEmpty = plain
	l.StatusBarActiveFilter = plain
	l.StatusBarFilterCount = plain
	l.NoItems = plain
	l.PaginationStyle = plain
	l.HelpStyle = plain
	l.ActivePaginationDot = plain.SetString("•")
	l.InactivePaginationDot = plain.SetString("·")
	l.ArabicPagination = plain
	l.DividerDot = plain.SetString(" • ")
	return l
}

// ClassText colours text by the class of a code.
func (s Styles) ClassText(c catalog.Class) lipgloss.Style {
	if st, ok := s.classText[c]; ok {
		return st
	}
	return s.classText[catalog.ClassUnknown]
}

// ClassBadge is a filled label in the colour of a code's class.
func (s Styles) ClassBadge(c catalog.Class) lipgloss.Style {
	if st, ok := s.classBadge[c]; ok {
		return st
	}
	return s.classBadge[catalog.ClassUnknown]
}
