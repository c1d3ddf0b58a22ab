// Package markdown renders codedesk's cards and answers with glamour, for
// the TUI and for `codedesk code` on a terminal. It owns the style sheets
// (headings that read as headings, without markdown's # marks) and the size
// budget past which glamour is not asked at all.
//
// It never holds a lock while rendering, so one slow render cannot keep
// another waiting, and it never renders text over the budget.
package markdown

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
)

// The styles codedesk renders with: one for dark backgrounds, one for
// light ones, and one without colour (NO_COLOR).
const (
	Dark    = styles.DarkStyle
	Light   = styles.LightStyle
	NoColor = styles.AsciiStyle
)

// Budget is the most markdown glamour is given, in bytes. Glamour's time
// grows with the text (about 200 ms for 64 KiB of highlighted JSON on a
// loaded laptop core); what is longer is shown plain by the caller.
const Budget = 96 << 10

// Gutter is the margin glamour's styles put around a document, left and
// right together; wrapping at the full width would push text into a
// pane's border.
const Gutter = 3

// ErrOverBudget says the markdown is longer than Budget and was not
// rendered: show it plain.
var ErrOverBudget = errors.New("markdown: over the size budget")

// Render renders md in style (Dark, Light or NoColor) to fit width columns.
// It builds a renderer for each call: that costs tens of microseconds,
// and sharing none means no lock and no render waiting on another.
func Render(md, style string, width int) (string, error) {
	if len(md) > Budget {
		return "", ErrOverBudget
	}
	cfg, err := StyleConfig(style)
	if err != nil {
		return "", err
	}
	r, err := glamour.NewTermRenderer(glamour.WithStyles(cfg), glamour.WithWordWrap(max(width-Gutter, 10)))
	if err != nil {
		return "", err
	}
	out, err := r.Render(md)
	if err != nil {
		return "", err
	}
	return strings.Trim(out, "\n"), nil
}

// StyleConfig is glamour's style of that name with codedesk's headings:
// no "#", "##" or "###" before them; they stand out by weight, colour and
// underline instead, in every style including the colourless one.
func StyleConfig(style string) (ansi.StyleConfig, error) {
	base, ok := styles.DefaultStyles[style]
	if !ok || (style != Dark && style != Light && style != NoColor) {
		return ansi.StyleConfig{}, fmt.Errorf("markdown: no style %q", style)
	}
	cfg := *base
	on := true
	plain := func(p ansi.StylePrimitive) ansi.StylePrimitive {
		p.Prefix, p.Suffix = "", ""
		return p
	}
	if style == NoColor {
		// Without colour, weight and underline carry the levels.
		cfg.H1.StylePrimitive = ansi.StylePrimitive{Bold: &on, Underline: &on}
		cfg.H2.StylePrimitive = ansi.StylePrimitive{Bold: &on, Underline: &on}
		cfg.H3.StylePrimitive = ansi.StylePrimitive{Bold: &on}
		// and emphasis is italic and bold, not asterisks around words.
		cfg.Emph = ansi.StylePrimitive{Italic: &on}
		cfg.Strong = ansi.StylePrimitive{Bold: &on}
	} else {
		// H1 keeps its coloured badge, whose spaces are padding, not marks.
		cfg.H2.StylePrimitive = plain(cfg.H2.StylePrimitive)
		cfg.H2.Underline = &on
		cfg.H3.StylePrimitive = plain(cfg.H3.StylePrimitive)
	}
	cfg.H4.StylePrimitive = plain(cfg.H4.StylePrimitive)
	cfg.H5.StylePrimitive = plain(cfg.H5.StylePrimitive)
	cfg.H6.StylePrimitive = plain(cfg.H6.StylePrimitive)
	return cfg, nil
}
