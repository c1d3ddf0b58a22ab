package ui

import (
	"strings"
	"sync"

	"charm.land/glamour/v2"
)

// markdown renders markdown with glamour at a fixed style and width. Building
// a glamour renderer parses its whole style sheet, so one is kept per
// (style, width); rendering runs inside tea.Cmds, hence the lock.
type markdown struct {
	mu        sync.Mutex
	renderers map[markdownKey]*glamour.TermRenderer
}

type markdownKey struct {
	style string
	width int
}

func newMarkdown() *markdown {
	return &markdown{renderers: map[markdownKey]*glamour.TermRenderer{}}
}

// glamourGutter is the left and right margin glamour's styles put around a
// document; wrapping at the pane's width would push text into the border.
const glamourGutter = 3

// Render renders md to fit a pane whose inner width is width.
func (m *markdown) Render(md, style string, width int) (string, error) {
	wrap := max(width-glamourGutter, 10)
	m.mu.Lock()
	defer m.mu.Unlock()
	k := markdownKey{style, wrap}
	r, ok := m.renderers[k]
	if !ok {
		var err error
		r, err = glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(wrap))
		if err != nil {
			return "", err
		}
		m.renderers[k] = r
	}
	out, err := r.Render(md)
	if err != nil {
		return "", err
	}
	return strings.Trim(out, "\n"), nil
}

// RenderMarkdown renders md with glamour for a terminal of the given width,
// for command-line output outside the TUI.
func RenderMarkdown(md, style string, width int) (string, error) {
	return newMarkdown().Render(md, style, width)
}
