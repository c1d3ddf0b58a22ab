package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// listCursor is the selected row of a list and the first row on screen,
// moved the same way by every pane that lists things (history, delivery,
// webhooks). Panes embed it, so p.cursor and p.offset read as before.
type listCursor struct {
	cursor int // the selected row
	offset int // the first row on screen
}

// move applies one of nav's keys to a list of n rows of which rows fit on
// screen; it reports whether k was a move.
func (c *listCursor) move(nav navKeys, k tea.KeyPressMsg, n, rows int) bool {
	switch {
	case key.Matches(k, nav.Up):
		c.cursor--
	case key.Matches(k, nav.Down):
		c.cursor++
	case key.Matches(k, nav.PageUp):
		c.cursor -= rows
	case key.Matches(k, nav.PageDown):
		c.cursor += rows
	case key.Matches(k, nav.Top):
		c.cursor = 0
	case key.Matches(k, nav.Bottom):
		c.cursor = n - 1
	default:
		return false
	}
	c.clamp(n, rows)
	return true
}

// clamp keeps the cursor on one of n rows and that row among the rows on
// screen.
func (c *listCursor) clamp(n, rows int) {
	c.cursor = min(max(c.cursor, 0), max(n-1, 0))
	if c.cursor < c.offset {
		c.offset = c.cursor
	}
	if c.cursor >= c.offset+rows {
		c.offset = c.cursor - rows + 1
	}
	c.offset = max(c.offset, 0)
}
