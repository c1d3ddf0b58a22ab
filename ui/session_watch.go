package ui

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"codedesk/model"
	"codedesk/model/delivery"
	"codedesk/model/ru"
	"codedesk/model/safe"
)

// watchState is the last answer's message being watched to its final
// status (w after message/sendSmsMessage).
type watchState struct {
	w       *deliveryWatch
	seq     int
	ids     []string // the answer's message ids
	started time.Time
	version int
	state   string // the status line's words while it runs
}

// timelineMsg is a watched message's timeline for the card; final names
// the status it ended in, for the list to select; status, when set, is
// what the status line says of the end.
type timelineMsg struct {
	timeline *shownTimeline
	final    string
	kind     statusKind
	status   string
}

// deliveryClient asks the API where messages are, on server, with the
// settings' key.
func (s *session) deliveryClient(server model.Server) delivery.Client {
	return delivery.Client{Caller: s.client, Server: server, Key: s.ctx.Settings.Key, Clock: s.ctx.Clock,
		Statuses: s.ctx.Catalog.StatusTable()}
}

// Watch watches the last answer's message: getSMSStatus at most once a
// second, off the update loop, until its status is final; esc stops it,
// and so does the end of the program.
func (s *session) Watch() tea.Cmd {
	if !s.Can(model.ActionWatchDelivery) {
		return nil
	}
	x := s.last
	ids, err := delivery.ParseIDs(x.MessageIDs)
	if err != nil {
		return say(statusError, "не следить за доставкой: "+err.Error())
	}
	s.watch.seq++
	s.watch.ids, s.watch.started, s.watch.version = x.MessageIDs, s.ctx.Now(), 0
	s.watch.state = fmt.Sprintf("доставка %s: запрос статуса", safe.Line(x.MessageIDs[0]))
	var cmd tea.Cmd
	s.watch.w, cmd = startWatch(s.root, s.deliveryClient(x.Request.Server), ids, answerWatch, s.watch.seq)
	return cmd
}

// watchRound takes one round: the card's timeline is redrawn, and at the
// end the status line says how it ended and the list selects the status.
func (s *session) watchRound(msg deliveryRoundMsg) tea.Cmd {
	w := s.watch.w
	if w == nil || msg.seq != w.seq || msg.ended {
		return nil // a stopped watch's last words
	}
	u := msg.update
	s.watch.version++
	r := u.Round
	if !u.Done {
		s.watch.state = watchLine(r)
		tl := newTimeline(s.watch.ids, s.watch.version, r, fmt.Sprintf("следим: раунд %d, запрос не чаще раза в секунду", r.N), firstStatus(s.ctx.Catalog))
		return tea.Batch(emit(timelineMsg{timeline: tl}), w.Next())
	}
	w.Stop()
	s.watch.w = nil
	took := s.ctx.Now().Sub(s.watch.started).Round(time.Second)
	ended := fmt.Sprintf("итог: %s, %s статуса за %d"+nbsp+"с", r.Summary, together(ru.Requests.Count(r.N)), int(took.Seconds()))
	tm := timelineMsg{kind: statusOK, status: ended}
	switch {
	case u.Err != nil:
		tm.kind, tm.status = statusError, "слежение за доставкой прервано: "+safe.Line(u.Err.Error())
	case !r.Summary.OK():
		tm.kind = statusError
	}
	tm.timeline = newTimeline(s.watch.ids, s.watch.version, r, tm.status, firstStatus(s.ctx.Catalog))
	tm.final = tm.timeline.final
	return emit(tm)
}

// watchLine is where the watched message is, for the status line.
func watchLine(r delivery.Round) string {
	if len(r.Results) != 1 {
		return fmt.Sprintf("доставка: %s · раунд %d", r.Summary, r.N)
	}
	res := r.Results[0]
	if !res.Seen() {
		return fmt.Sprintf("доставка %d: %s · раунд %d", res.ID, res.Title(), r.N)
	}
	return fmt.Sprintf("доставка %d: %s · %s · раунд %d", res.ID, res.Status.Name, res.Title(), r.N)
}
