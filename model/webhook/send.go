package webhook

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// SendOptions is one `codedesk webhook send`: a correctly signed sample
// event posted to a customer's endpoint as Mobizon would post it. The
// endpoint may be any host: only the webhook secret's sign goes there,
// never the API key.
type SendOptions struct {
	URL       string // http or https
	Secret    Secret
	EventType string // "" is sms-delivery-report
	Status    string // the SMS status of a delivery report; "" is DELIVRD
	Attempt   int    // 0 is 1
	Repeat    bool   // then send the next attempt of the same event
	EventID   int64  // 0: made from the clock, so each run is a new event
	WebhookID int    // 0 is 1
	// Now is the clock of the event's times; nil is time.Now.
	Now func() time.Time
	// Transport carries the requests; nil is a fresh one like
	// http.DefaultTransport's. Tests pass one that trusts their server.
	Transport http.RoundTripper
	// Limit is Mobizon's patience (0: DeliveryTimeout, 5 s); Patience how
	// long codedesk waits to say how late an answer was (0: 10 s).
	Limit, Patience time.Duration
}

// SendReport is the result of one `webhook send`.
type SendReport struct {
	URL        string     `json:"url"`
	Outcome    Outcome    `json:"outcome"` // the worst of the deliveries
	Deliveries []Delivery `json:"deliveries"`
}

// ExitCode is the CLI's exit status: 0 delivered, 1 failed, 3 no connection.
func (r SendReport) ExitCode() int { return r.Outcome.ExitCode() }

// UsageError is a request that cannot be made as given (exit status 2).
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Send posts the sample event (and its next attempt with Repeat) and
// judges each answer as Mobizon would. The error is ErrNoSecret or a
// *UsageError; every network outcome is in the report.
func Send(ctx context.Context, opts SendOptions) (SendReport, error) {
	if err := opts.normalise(); err != nil {
		return SendReport{}, err
	}
	transport := opts.Transport
	if transport == nil {
		own := http.DefaultTransport.(*http.Transport).Clone()
		defer own.CloseIdleConnections()
		transport = own
	}
	j := judge{transport: transport, limit: opts.Limit, patience: opts.Patience, secret: opts.Secret}
	now := opts.Now()
	if opts.EventID == 0 {
		opts.EventID = now.UnixMilli() % 1_000_000_000
	}
	event := sampleEvent(opts.EventType, opts.Status, opts.EventID, opts.WebhookID, now)
	report := SendReport{URL: opts.Secret.scrub(shownURL(opts.URL))}
	attempts := []int{opts.Attempt}
	if opts.Repeat {
		attempts = append(attempts, opts.Attempt+1)
	}
	for _, attempt := range attempts {
		d := j.post(ctx, opts.URL, "application/json", event.Body(attempt, opts.Secret))
		d.EventID, d.EventType, d.Attempt = fmt.Sprint(event.EventID), event.EventType, attempt
		report.Deliveries = append(report.Deliveries, d)
		if d.Outcome == OutcomeNoConnection || ctx.Err() != nil {
			break // a retry cannot fare better
		}
	}
	report.Outcome = worst(report.Deliveries)
	return report, nil
}

// worst is the outcome of a run: no connection only when none was made,
// delivered only when every attempt was.
func worst(ds []Delivery) Outcome {
	all := func(o Outcome) bool {
		for _, d := range ds {
			if d.Outcome != o {
				return false
			}
		}
		return len(ds) > 0
	}
	switch {
	case all(OutcomeDelivered):
		return OutcomeDelivered
	case all(OutcomeNoConnection):
		return OutcomeNoConnection
	}
	return OutcomeFailed
}

// normalise fills defaults and checks what a person typed.
func (o *SendOptions) normalise() error {
	if o.Secret.IsZero() {
		return ErrNoSecret
	}
	if err := checkEndpoint(o.URL, o.Secret); err != nil {
		return err
	}
	if o.EventType == "" {
		o.EventType = EventDeliveryReport
	}
	if !eventTypeShape.MatchString(o.EventType) {
		return &UsageError{Msg: fmt.Sprintf("тип события %s не похож на тип Mobizon (например, %s или %s)", quote(o.EventType), EventDeliveryReport, EventFormSubmission)}
	}
	if o.Status == "" {
		o.Status = "DELIVRD"
	}
	if !statusShape.MatchString(o.Status) {
		return &UsageError{Msg: fmt.Sprintf("статус %s не похож на статус SMS (DELIVRD, UNDELIV, REJECTD, EXPIRED, …)", quote(o.Status))}
	}
	if o.Attempt == 0 {
		o.Attempt = 1
	}
	if o.Attempt < 1 || o.Attempt > MaxAttempts {
		return &UsageError{Msg: fmt.Sprintf("номер попытки — от 1 до %d: Mobizon делает не больше %s", MaxAttempts, plural(MaxAttempts, "попытки", "попыток", "попыток"))}
	}
	if o.WebhookID == 0 {
		o.WebhookID = 1
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Limit <= 0 {
		o.Limit = DeliveryTimeout
	}
	if o.Patience < o.Limit {
		o.Patience = max(2*o.Limit, 10*time.Second)
	}
	return nil
}

// checkEndpoint accepts an absolute http or https URL with a host.
func checkEndpoint(raw string, secret Secret) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &UsageError{Msg: secret.scrub(fmt.Sprintf("адрес %s не годится: нужен полный адрес http:// или https:// с именем хоста", quote(shownURL(raw))))}
	}
	return nil
}
