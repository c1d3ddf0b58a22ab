package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"codedesk/history"
)

// The history's filters and its text fields: the search, a note, a code
// and a period, each a mode of the pane that takes the keys until enter
// or esc.

// historyMode is what the history view's keys do: move and act, or type
// into its search, a note or a code.
type historyMode int

const (
	browsing historyMode = iota
	searching
	noting
	coding
)

// historyFilter is what narrows the list. Every filter is one field here,
// shown by chips and passed to the store by storeFilter: a date range
// will be one more of each.
type historyFilter struct {
	query   string
	failed  bool
	starred bool
	code    *int
}

func (f historyFilter) storeFilter(before int64) history.Filter {
	return history.Filter{Query: f.query, Failed: f.failed, Starred: f.starred, Code: f.code, Before: before, Limit: historyPage}
}

// chips name the active filters for the header.
func (f historyFilter) chips() []string {
	var out []string
	if f.query != "" {
		out = append(out, "/ "+f.query)
	}
	if f.failed {
		out = append(out, "только сбои")
	}
	if f.starred {
		out = append(out, "только ★")
	}
	if f.code != nil {
		out = append(out, fmt.Sprintf("код %d", *f.code))
	}
	return out
}

func (h historyPane) paste(msg tea.PasteMsg) (historyPane, tea.Cmd) {
	text := strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(msg.Content)
	var cmd tea.Cmd
	switch h.mode {
	case searching:
		h.query, cmd = h.query.Update(tea.PasteMsg{Content: text})
		return h, tea.Batch(cmd, h.search())
	case noting:
		h.note, cmd = h.note.Update(tea.PasteMsg{Content: text})
	case coding:
		h.code, cmd = h.code.Update(tea.PasteMsg{Content: text})
	}
	return h, cmd
}

// search applies the query as typed: the store's index answers in
// milliseconds, and a stale page is dropped by generation.
func (h *historyPane) search() tea.Cmd {
	if h.query.Value() == h.filter.query {
		return nil
	}
	h.filter.query = h.query.Value()
	return h.Reload()
}

func (h historyPane) updateSearching(k tea.KeyPressMsg) (historyPane, tea.Cmd) {
	switch {
	case key.Matches(k, h.keys.Accept), key.Matches(k, h.keys.SearchMove):
		h.mode = browsing
		h.query.Blur()
		return h, nil
	case key.Matches(k, h.keys.ClearSearch):
		h.mode = browsing
		h.query.Blur()
		h.query.SetValue("")
		return h, h.search()
	}
	var cmd tea.Cmd
	h.query, cmd = h.query.Update(k)
	return h, tea.Batch(cmd, h.search())
}

func (h historyPane) updateNoting(k tea.KeyPressMsg) (historyPane, tea.Cmd) {
	switch {
	case key.Matches(k, h.keys.Cancel):
		h.mode = browsing
		h.note.Blur()
		return h, nil
	case key.Matches(k, h.keys.Accept):
		h.mode = browsing
		h.note.Blur()
		c, ok := h.Selected()
		if !ok || h.db == nil {
			return h, nil
		}
		note := h.note.Value()
		h.calls[h.cursor].Starred, h.calls[h.cursor].Note = true, note
		return h, h.db.write(func(ctx context.Context, s historyStore) tea.Msg {
			return historyChangedMsg{err: starWithNote(ctx, s, c.ID, note), status: "заметка сохранена, вызов отмечен ★", kind: statusOK}
		})
	}
	var cmd tea.Cmd
	h.note, cmd = h.note.Update(k)
	return h, cmd
}

func (h historyPane) updateCoding(k tea.KeyPressMsg) (historyPane, tea.Cmd) {
	switch {
	case key.Matches(k, h.keys.Cancel):
		h.mode = browsing
		h.code.Blur()
		return h, nil
	case key.Matches(k, h.keys.Accept):
		h.mode = browsing
		h.code.Blur()
		text := strings.TrimSpace(h.code.Value())
		if text == "" {
			h.filter.code = nil
			return h, h.Reload()
		}
		n, err := strconv.Atoi(text)
		if err != nil || n < 0 {
			return h, say(statusError, fmt.Sprintf("код %q — нужен номер, например 30", text))
		}
		h.filter.code = &n
		return h, h.Reload()
	}
	var cmd tea.Cmd
	h.code, cmd = h.code.Update(k)
	return h, cmd
}
