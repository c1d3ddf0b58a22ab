package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"codedesk/history"
	"codedesk/model/delivery"
	"codedesk/model/safe"
)

// The history's filters and its text fields: the search, a note, a code
// and a period, each a mode of the pane that takes the keys until enter
// or esc.

// historyMode is what the history view's keys do: move and act, or type
// into its search, a note, a code or a period.
type historyMode int

const (
	browsing historyMode = iota
	searching
	noting
	coding
	dating
)

// historyFilter is what narrows the list. Every filter is one field here,
// shown by chips and passed to the store by storeFilter.
type historyFilter struct {
	query   string
	failed  bool
	starred bool
	code    *int
	agent   string // only this engineer's calls: "m", my calls
	since   time.Time
	until   time.Time // exclusive
	period  string    // the period as typed, for its chip
}

func (f historyFilter) storeFilter(before int64) history.Filter {
	return history.Filter{Query: f.query, Failed: f.failed, Starred: f.starred, Code: f.code, Agent: f.agent,
		Since: f.since, Until: f.until, Before: before, Limit: historyPage}
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
	if f.agent != "" {
		out = append(out, "мои ("+f.agent+")")
	}
	if f.period != "" {
		out = append(out, periodChip(f.since, f.until))
	}
	return out
}

// periodChip names a period: from, to, or both, to the minute.
func periodChip(since, until time.Time) string {
	switch {
	case until.IsZero():
		return "с " + dateTime(since)
	case since.IsZero():
		return "до " + dateTime(until)
	}
	return "с " + dateTime(since) + " до " + dateTime(until)
}

// parsePeriod reads a period as typed: FROM..TO, FROM (to now) or ..TO,
// each a date, a date and time or a span back from now (2d, 3h, 1w), as
// `codedesk sms list --since` reads them. A date alone as TO means the
// whole of that day.
func parsePeriod(text string, now time.Time) (since, until time.Time, err error) {
	from, to, ranged := strings.Cut(strings.TrimSpace(text), "..")
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	if from == "" && to == "" {
		return since, until, fmt.Errorf("период %q: нужно «2d», «2026-11-20» или «2026-11-20..2026-11-22»", text)
	}
	if from != "" {
		if since, err = delivery.ParseTime(from, now); err != nil {
			return since, until, err
		}
	}
	if ranged && to != "" {
		if until, err = delivery.ParseTime(to, now); err != nil {
			return since, until, err
		}
		if _, dateOnly := time.Parse(time.DateOnly, to); dateOnly == nil {
			until = until.AddDate(0, 0, 1)
		}
	}
	if !since.IsZero() && !until.IsZero() && !since.Before(until) {
		return since, until, fmt.Errorf("период %q: начало не раньше конца", text)
	}
	return since, until, nil
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
	case dating:
		h.period, cmd = h.period.Update(tea.PasteMsg{Content: text})
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
		c = h.calls[h.cursor]
		c.Starred, c.Note, c.NoteAuthor, c.NoteAt = true, note, "", nil
		if note != "" {
			// Signed as the store signs it, shown at once, not after a reload.
			now := h.ctx.Now()
			c.NoteAuthor, c.NoteAt = h.agent, &now
		}
		h.calls[h.cursor] = c
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
			return h, say(statusError, fmt.Sprintf("код %s — нужен номер, например 30", safe.Quote(text)))
		}
		h.filter.code = &n
		return h, h.Reload()
	}
	var cmd tea.Cmd
	h.code, cmd = h.code.Update(k)
	return h, cmd
}

func (h historyPane) updateDating(k tea.KeyPressMsg) (historyPane, tea.Cmd) {
	switch {
	case key.Matches(k, h.keys.Cancel):
		h.mode = browsing
		h.period.Blur()
		return h, nil
	case key.Matches(k, h.keys.Accept):
		h.mode = browsing
		h.period.Blur()
		text := strings.TrimSpace(h.period.Value())
		if text == "" {
			h.filter.since, h.filter.until, h.filter.period = time.Time{}, time.Time{}, ""
			return h, h.Reload()
		}
		since, until, err := parsePeriod(text, h.ctx.Now())
		if err != nil {
			return h, say(statusError, safe.Line(err.Error()))
		}
		h.filter.since, h.filter.until, h.filter.period = since, until, text
		return h, h.Reload()
	}
	var cmd tea.Cmd
	h.period, cmd = h.period.Update(k)
	return h, cmd
}

// toggleMine shows only the calls this engineer made, or everyone's again.
func (h *historyPane) toggleMine() tea.Cmd {
	if h.filter.agent != "" {
		h.filter.agent = ""
		return h.Reload()
	}
	if h.agent == "" {
		return say(statusWarn, "не знаю, кто вы: задайте agent = \"имя\" в config.toml")
	}
	h.filter.agent = h.agent
	return h.Reload()
}
