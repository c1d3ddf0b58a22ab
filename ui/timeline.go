package ui

import (
	"fmt"
	"strings"
	"time"

	"codedesk/model/catalog"
	"codedesk/model/delivery"
	"codedesk/model/ru"
	"codedesk/model/safe"
)

// shownTimeline is a watched message's way to its final status, as the
// card shows it under the answer that sent the message (and under the
// card of the status it ended in): NEW → ENQUEUD → ACCEPTD → DELIVRD, with
// the times the API gave.
type shownTimeline struct {
	version int      // a new round is a new version: the card renders again
	ids     []string // the message ids of the answer it belongs to
	rows    []timelineRow
	state   string // "следим…", or how it ended
	// final is the status the one watched message ended in; "" while it
	// is on its way or when it vanished.
	final string
}

// timelineRow is one message's steps.
type timelineRow struct {
	id      int64
	steps   []timelineStep
	missing bool
	status  catalog.Status // the last one known
	segNum  int
	// late: the first status seen is not where every message starts; the
	// API names only the current status, so what came before is unknown.
	late bool
}

type timelineStep struct {
	name, at string
}

// newTimeline is what a round says of the watched messages; start is the
// status every message starts in (NEW).
func newTimeline(ids []string, version int, r delivery.Round, state, start string) *shownTimeline {
	t := &shownTimeline{version: version, ids: ids, state: state}
	for _, res := range r.Results {
		row := timelineRow{id: res.ID, missing: res.Missing && !res.Seen(), status: res.Status, segNum: res.SegNum,
			late: seenLate(res.Steps, start)}
		for _, st := range res.Steps {
			row.steps = append(row.steps, timelineStep{name: safe.Line(st.Status), at: clockOf(st.At)})
		}
		t.rows = append(t.rows, row)
	}
	if len(r.Results) == 1 && r.Results[0].Final() {
		t.final = r.Results[0].Status.Name
	}
	return t
}

// firstStatus is the status every message starts in: the first of the
// table, which lists them in the order a message goes through them.
func firstStatus(cat *catalog.Catalog) string {
	if all := cat.StatusTable().All(); len(all) > 0 {
		return all[0].Name
	}
	return ""
}

// seenLate reports steps whose first is not start: the watch began after
// the message had moved on.
func seenLate(steps []delivery.Step, start string) bool {
	return len(steps) > 0 && !strings.EqualFold(steps[0].Status, start)
}

// lateNote says that the statuses before the first seen are unknown.
func lateNote(first timelineStep) string {
	return fmt.Sprintf("%s — первый увиденный статус (с %s): прежние API не сообщает, он называет только текущий", first.name, first.at)
}

// stepArrow leads to the next step, glued to it: a line breaks before an
// arrow, never between a status and its time.
const stepArrow = " →" + nbsp

// clockOf is a time of day, or a dash for a time the API did not give.
func clockOf(at time.Time) string {
	if at.IsZero() {
		return "—"
	}
	return at.Format("15:04:05")
}

// belongsTo reports whether the timeline follows the messages an answer
// sent.
func (t *shownTimeline) belongsTo(ids []string) bool {
	return t != nil && strings.Join(t.ids, ",") == strings.Join(ids, ",")
}

// markdown is the timeline for the card.
func (t *shownTimeline) markdown() string {
	var b strings.Builder
	for _, r := range t.rows {
		fmt.Fprintf(&b, "### Доставка сообщения %d\n\n", r.id)
		if r.missing {
			b.WriteString("API не вернул это сообщение: оно чужое, удалено или id неверен.\n\n")
			continue
		}
		steps := make([]string, len(r.steps))
		for i, s := range r.steps {
			steps[i] = fmt.Sprintf("**%s**"+nbsp+"%s", s.name, s.at) // a status and its time on one line
		}
		if r.late {
			steps = append([]string{"…"}, steps...)
		}
		b.WriteString(strings.Join(steps, stepArrow) + "\n\n")
		if r.late {
			b.WriteString("*" + safe.Markdown(lateNote(r.steps[0])) + "*\n\n")
		}
		fmt.Fprintf(&b, "**%s · %s** — %s\n\n", safe.Markdown(r.status.Name), safe.Markdown(r.status.Title), safe.Markdown(r.where()))
	}
	b.WriteString("*" + safe.Markdown(t.state) + "*\n\n")
	return b.String()
}

// plain is the same as text.
func (t *shownTimeline) plain() string {
	var b strings.Builder
	for _, r := range t.rows {
		fmt.Fprintf(&b, "\nДоставка сообщения %d\n", r.id)
		if r.missing {
			b.WriteString("API не вернул это сообщение: оно чужое, удалено или id неверен.\n")
			continue
		}
		steps := make([]string, len(r.steps))
		for i, s := range r.steps {
			steps[i] = s.name + nbsp + s.at
		}
		if r.late {
			steps = append([]string{"…"}, steps...)
		}
		b.WriteString(strings.Join(steps, stepArrow) + "\n")
		if r.late {
			b.WriteString(lateNote(r.steps[0]) + "\n")
		}
		fmt.Fprintf(&b, "%s · %s — %s\n", r.status.Name, r.status.Title, r.where())
	}
	return b.String() + t.state + "\n"
}

// where says whether the message is still on its way, and its segments.
func (r timelineRow) where() string {
	label := catalog.StatusLabel(r.status)
	if r.segNum > 0 {
		label += ", " + together(ru.Segments.Count(r.segNum))
	}
	return label
}
