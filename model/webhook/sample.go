package webhook

import (
	"encoding/json"
	"fmt"
	"regexp"
	"time"
)

// Event types. The docs name sms-delivery-report and form-submission; the
// form's confirmation and unsubscribe events exist too, under names the
// docs do not show, so any name of this shape may be sent.
const (
	EventDeliveryReport = "sms-delivery-report"
	EventFormSubmission = "form-submission"
)

// MaxAttempts is how many times Mobizon tries one event.
const MaxAttempts = 10

// DeliveryTimeout is how long Mobizon waits for a 2xx answer.
const DeliveryTimeout = 5 * time.Second

// Outgoing is one event as Mobizon sends it; Body signs one attempt of it.
type Outgoing struct {
	EventID       int64
	EventType     string
	EventCreateTs time.Time
	WebhookID     int
	Data          json.RawMessage
}

// wirePayload is the documented JSON, its fields in the docs' order.
type wirePayload struct {
	EventID       int64           `json:"eventId"`
	EventType     string          `json:"eventType"`
	EventCreateTs string          `json:"eventCreateTs"`
	WebhookID     int             `json:"webhookId"`
	Attempt       int             `json:"attempt"`
	Data          json.RawMessage `json:"data"`
	Sign          string          `json:"sign"`
}

// Body is the JSON body of one attempt, signed with secret: the same
// eventId on every attempt, a new attempt and sign.
func (o Outgoing) Body(attempt int, secret Secret) []byte {
	ts := o.EventCreateTs.Format(tsLayout)
	id := fmt.Sprint(o.EventID)
	body, _ := json.Marshal(wirePayload{ // plain values always encode
		EventID: o.EventID, EventType: o.EventType, EventCreateTs: ts, WebhookID: o.WebhookID,
		Attempt: attempt, Data: o.Data, Sign: Sign(id, fmt.Sprint(attempt), ts, secret),
	})
	return body
}

// DeliveryReport is what an sms-delivery-report tells: one whole message
// reaching its final status. Its fields match the sandbox's Delivery, so
// a sandbox.Delivery converts to it directly: webhook.DeliveryReport(d).
type DeliveryReport struct {
	MessageID, CampaignID int
	To                    string
	Status                string
	SegNum                int
	StatusUpdateTs        time.Time
}

// Data is the report as the event's data, fields in the docs' order.
func (r DeliveryReport) Data() json.RawMessage {
	data, _ := json.Marshal(struct { // plain values always encode
		CampaignID     int    `json:"campaignId"`
		MessageID      int    `json:"messageId"`
		SegNum         int    `json:"segNum"`
		StatusUpdateTs string `json:"statusUpdateTs"`
		Status         string `json:"status"`
		To             string `json:"to"`
	}{r.CampaignID, r.MessageID, r.SegNum, r.StatusUpdateTs.Format(tsLayout), r.Status, r.To})
	return data
}

var (
	eventTypeShape = regexp.MustCompile(`^[a-z][a-z0-9-]{0,63}$`)
	statusShape    = regexp.MustCompile(`^[A-Z]{3,12}$`)
)

// sampleEvent is a realistic event of the given type made at now: a
// delivery report of one two-segment message with the given status, or a
// form event with a name and a phone number. The form's data is our own
// example: the docs do not show it.
func sampleEvent(eventType, status string, eventID int64, webhookID int, now time.Time) Outgoing {
	o := Outgoing{EventID: eventID, EventType: eventType, EventCreateTs: now, WebhookID: webhookID}
	if eventType == EventDeliveryReport {
		o.Data = DeliveryReport{
			MessageID: int(40000000 + eventID%10000000), CampaignID: int(2000000 + eventID%1000000),
			To: "77001234567", Status: status, SegNum: 2, StatusUpdateTs: now.Add(-2 * time.Second),
		}.Data()
		return o
	}
	o.Data, _ = json.Marshal(map[string]any{ // plain values always encode
		"formId": 1024, "formName": "Заявка на обратный звонок", "submitTs": now.Format(tsLayout),
		"fields": map[string]string{"name": "Айгерим", "phone": "77001234567"},
	})
	return o
}
