package webhook

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"codedesk/model/ru"
)

// Event is one request the listener received, as the CLI prints it (Line,
// or one JSON object per line) and the TUI lists it. Every string is
// inert and free of the secret; Data is JSON with hostile characters
// escaped. Body is the request's body as it came, for the history
// (Source "webhook", Module "webhook", Method(), failed when Failed(),
// Verdict and Message as the error).
type Event struct {
	ReceivedAt    time.Time       `json:"receivedAt"`
	EventID       string          `json:"eventId"`
	EventType     string          `json:"eventType"`
	EventCreateTs string          `json:"eventCreateTs,omitempty"`
	WebhookID     string          `json:"webhookId,omitempty"`
	Attempt       int             `json:"attempt"`          // 0 when absent or not a number
	Status        string          `json:"status,omitempty"` // data.status of an sms-delivery-report
	Verified      bool            `json:"verified"`
	Duplicate     bool            `json:"duplicate"` // a verified eventId seen before (a retry)
	Verdict       Verdict         `json:"verdict"`
	Cause         Cause           `json:"cause,omitempty"`
	HTTPStatus    int             `json:"httpStatus"` // what the listener answered
	Format        Format          `json:"format,omitempty"`
	Message       string          `json:"message"` // Russian: the verdict in words
	Notes         []Note          `json:"notes,omitempty"`
	Data          json.RawMessage `json:"data"`
	Forward       *Delivery       `json:"forward,omitempty"` // the customer's own handler's answer
	RemoteAddr    string          `json:"remoteAddr,omitempty"`
	Size          int64           `json:"size"`                   // body bytes (Content-Length for a refused one)
	Verification  *Verification   `json:"verification,omitempty"` // the full verdict, advice included
	Body          []byte          `json:"-"`                      // as received (the secret masked, should a body carry it), at most MaxBody
}

// Failed reports an event the history keeps as failed: not verified.
func (e Event) Failed() bool { return !e.Verified }

// Method is the history's method for the event: its type, or the verdict
// when there was no payload to read a type from.
func (e Event) Method() string {
	if e.EventType != "" {
		return e.EventType
	}
	return string(e.Verdict)
}

// Line is the event as one line for people: time, type, id, attempt,
// status (with its title when title is given: the catalog's), the verdict
// and whether it is a retry; then the forward's answer. Inert.
func (e Event) Line(title func(status string) string) string {
	parts := []string{e.ReceivedAt.Format("15:04:05"), strconv.Itoa(e.HTTPStatus)}
	if e.EventType != "" {
		parts = append(parts, e.EventType)
	}
	if e.EventID != "" {
		parts = append(parts, "#"+e.EventID)
	}
	if e.Attempt > 0 {
		parts = append(parts, fmt.Sprintf("попытка %d", e.Attempt))
	}
	if e.Status != "" {
		s := e.Status
		if title != nil {
			if t := title(e.Status); t != "" {
				s += " (" + line(t) + ")"
			}
		}
		parts = append(parts, s)
	}
	parts = append(parts, e.verdictWords())
	if e.Duplicate {
		parts = append(parts, "повтор: этот eventId уже приходил")
	}
	out := strings.Join(parts, "  ")
	if e.Forward != nil {
		out += "  → " + forwardWords(e.Forward)
	}
	return out
}

// verdictWords is the verdict for a line.
func (e Event) verdictWords() string {
	switch e.Verdict {
	case VerdictValid:
		return "✓ подпись верна"
	case VerdictInvalid:
		return "✗ подпись неверна: " + e.Cause.Title()
	case VerdictMissingSign:
		return "✗ нет подписи"
	}
	return "✗ " + e.Message
}

// forwardWords is the forward's answer in a few words.
func forwardWords(d *Delivery) string {
	if d.HTTPStatus > 0 {
		return fmt.Sprintf("обработчик: %d за %s (%s)", d.HTTPStatus, ru.Duration(d.Elapsed), d.Outcome)
	}
	return fmt.Sprintf("обработчик: %s (%s)", d.Message, d.Outcome)
}
