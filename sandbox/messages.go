package sandbox

import (
	"sort"
	"strconv"
	"time"

	"codedesk/model/delivery"
)

// Delivery is a message that reached its final status, as Options.OnFinal
// sees it: what a delivery webhook (sms-delivery-report) carries.
type Delivery struct {
	MessageID      int
	CampaignID     int
	To             string
	Status         string
	SegNum         int
	StatusUpdateTs time.Time
}

// DefaultDeliveryTime is how long a message takes from being accepted to its
// final status unless Options.DeliveryTime says otherwise.
const DefaultDeliveryTime = 4 * time.Second

// The SMS statuses the sandbox moves messages through.
const (
	stNew     = "NEW"
	stEnqueud = "ENQUEUD"
	stAcceptd = "ACCEPTD"
	stPartial = "PDLIVRD"
	stDeliv   = "DELIVRD"
	stUndeliv = "UNDELIV"
	stReject  = "REJECTD"
	stExpired = "EXPIRED"
	stDeleted = "DELETED"
)

// outcome is where a message's timeline ends, chosen by the last four
// digits of its number (see Triggers).
type outcome struct {
	final string // "" for a message that never ends
	// partial: PDLIVRD first, then final when its lifetime ends.
	partial bool
	// slow: the final status comes after twice the delivery time (EXPIRED
	// waits for the whole validity window).
	slow bool
}

var statusTriggers = map[string]outcome{
	"0206": {final: stDeliv, partial: true}, // 206 Partial Content
	"0202": {},                              // 202 Accepted, and nothing more
	"0404": {final: stUndeliv},              // 404 Not Found
	"0403": {final: stReject},               // 403 Forbidden
	"0408": {final: stExpired, slow: true},  // 408 Request Timeout
	"0410": {final: stDeleted},              // 410 Gone
}

func outcomeFor(number string) outcome {
	if len(number) >= 4 {
		if o, ok := statusTriggers[number[len(number)-4:]]; ok {
			return o
		}
	}
	return outcome{final: stDeliv}
}

// maxMessages bounds the sandbox's memory: past it the oldest messages are
// forgotten, as if the API's own retention ended.
const maxMessages = 100000

// message is one SMS the sandbox accepted.
type message struct {
	id, campaignID int
	from, to, text string
	segNum         int
	// start is when the message was handed to the sending queue; zero while
	// its campaign waits for campaign/send. Its statuses follow from it.
	start time.Time
	outcome
}

// step is one status of a message's timeline and when it began.
type step struct {
	status string
	at     time.Time // zero for NEW: not sent yet
}

// timeline is where m stands at now: NEW, then ENQUEUD after a quarter of
// the delivery time, ACCEPTD after half, and the final status at its end
// (PDLIVRD first for a partial one, the final status after twice the time
// for a partial or slow one).
func (m *message) timeline(now time.Time, total time.Duration) (current step, sentAt time.Time) {
	if m.start.IsZero() || now.Before(m.start.Add(total/4)) {
		return step{status: stNew}, time.Time{}
	}
	sentAt = m.start.Add(total / 4)
	current = step{stEnqueud, sentAt}
	if t := m.start.Add(total / 2); !now.Before(t) {
		current = step{stAcceptd, t}
	}
	end, ended := m.finalAt(total)
	if m.partial {
		if t := m.start.Add(total); !now.Before(t) {
			current = step{stPartial, t}
		}
	}
	if ended && !now.Before(end) {
		current = step{m.final, end}
	}
	return current, sentAt
}

// finalAt is when m reaches its final status; false for one that never
// does or has not started.
func (m *message) finalAt(total time.Duration) (time.Time, bool) {
	if m.final == "" || m.start.IsZero() {
		return time.Time{}, false
	}
	if m.partial || m.slow {
		return m.start.Add(2 * total), true
	}
	return m.start.Add(total), true
}

// addMessage keeps a new message; s.mu must be held.
func (s *Sandbox) addMessage(m *message) {
	m.outcome = outcomeFor(m.to)
	m.segNum = max(delivery.CountSegments(m.text).Segments, 1)
	s.messages[m.id] = m
	s.order = append(s.order, m.id)
	if m.final != "" {
		s.pending[m.id] = m
	}
	if len(s.order) > maxMessages {
		drop := len(s.order) - maxMessages + maxMessages/100
		for _, id := range s.order[:drop] {
			delete(s.messages, id)
			delete(s.pending, id)
		}
		s.order = append(s.order[:0], s.order[drop:]...)
	}
}

// sweep calls OnFinal, outside the lock, for every message that has reached
// its final status since the last sweep: exactly once per message, whoever
// notices it first (a request or the background ticker).
func (s *Sandbox) sweep() {
	if s.opts.OnFinal == nil {
		return
	}
	now := s.opts.Now()
	var done []Delivery
	s.mu.Lock()
	for id, m := range s.pending {
		if end, ok := m.finalAt(s.opts.DeliveryTime); ok && !now.Before(end) {
			delete(s.pending, id)
			done = append(done, Delivery{MessageID: m.id, CampaignID: m.campaignID, To: m.to,
				Status: m.final, SegNum: m.segNum, StatusUpdateTs: end})
		}
	}
	s.mu.Unlock()
	sort.Slice(done, func(i, j int) bool { return done[i].MessageID < done[j].MessageID })
	for _, d := range done {
		s.opts.OnFinal(d)
	}
}

// sweepEvery is how often the background ticker looks for final statuses,
// so that webhooks fire even when nobody asks.
const sweepEvery = 100 * time.Millisecond

func (s *Sandbox) runSweeper() {
	t := time.NewTicker(sweepEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			s.sweep()
		case <-s.stop:
			return
		}
	}
}

// apiTime writes a time as the API does, or null (nil) when it is zero.
func apiTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(delivery.TimeLayout)
}

// statusItem is a message as getSMSStatus answers: numbers as strings, like
// the real API; s.mu must be held.
func (s *Sandbox) statusItem(m *message, now time.Time) map[string]any {
	cur, sent := m.timeline(now, s.opts.DeliveryTime)
	return map[string]any{
		"id": strconv.Itoa(m.id), "status": cur.status, "segNum": strconv.Itoa(m.segNum),
		"startSendTs": apiTime(sent), "statusUpdateTs": apiTime(cur.at),
	}
}
