package webhook

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"codedesk/model"
)

// DispatcherOptions configure the sandbox's webhook sender (`codedesk
// sandbox --webhook URL`).
type DispatcherOptions struct {
	URL    string // the endpoint, any host
	Secret Secret // SandboxSecret when none is set
	// Speed shortens Mobizon's minutes for tests and demos: the gap after
	// attempt n is n minutes divided by Speed (60: a minute becomes a
	// second). 0 is 1, the real schedule.
	Speed     float64
	WebhookID int         // 0 is 1
	Clock     model.Clock // nil: the wall clock; tests pass one that jumps
	// OnAttempt hears every attempt, one call at a time; nil hears none.
	OnAttempt func(DispatchAttempt)
	Transport http.RoundTripper // nil: a fresh one like http.DefaultTransport's
	// FirstEventID numbers the events (0: from the clock).
	FirstEventID int64
	// MaxPending bounds the events still being tried (0: 10,000); past it
	// Deliver refuses with ErrBusy.
	MaxPending int
}

// DispatchAttempt is one attempt of one report.
type DispatchAttempt struct {
	At        time.Time     `json:"at"` // the clock's time when it was sent
	MessageID int           `json:"messageId"`
	Delivery                // what the endpoint answered, judged as Mobizon would
	NextIn    time.Duration `json:"-"`
	NextInMs  float64       `json:"nextInMs,omitempty"` // the wait before the next attempt
	GaveUp    bool          `json:"gaveUp,omitempty"`   // the last of MaxAttempts failed
}

// Dispatcher posts a signed sms-delivery-report for each report it is
// given and retries it as Mobizon does: up to MaxAttempts attempts, the
// gap growing by a minute each time, the same eventId with a new attempt
// and sign each time.
type Dispatcher struct {
	opts    DispatcherOptions
	clock   model.Clock
	judge   judge
	own     *http.Transport // closed on Close when it is ours
	nextID  atomic.Int64
	pending atomic.Int64
	ctx     context.Context
	cancel  context.CancelFunc
	mu      sync.Mutex // guards closed
	closed  bool
	heard   sync.Mutex // serialises OnAttempt
	wg      sync.WaitGroup
}

// Errors of Deliver.
var (
	ErrClosed = errors.New("отправка вебхуков остановлена")
	ErrBusy   = errors.New("слишком много вебхуков ждут доставки: новый отчёт не принят")
)

// NewDispatcher makes a Dispatcher; Close it to stop its retries.
func NewDispatcher(opts DispatcherOptions) (*Dispatcher, error) {
	if opts.Secret.IsZero() {
		return nil, ErrNoSecret
	}
	if err := checkEndpoint(opts.URL, opts.Secret); err != nil {
		return nil, err
	}
	if opts.Speed < 0 {
		return nil, &UsageError{Msg: "скорость вебхуков должна быть положительной: 1 — настоящие минуты, 60 — минута за секунду"}
	}
	if opts.Speed == 0 {
		opts.Speed = 1
	}
	if opts.WebhookID == 0 {
		opts.WebhookID = 1
	}
	if opts.MaxPending <= 0 {
		opts.MaxPending = 10_000
	}
	d := &Dispatcher{opts: opts, clock: opts.Clock}
	if d.clock == nil {
		d.clock = model.RealClock{}
	}
	transport := opts.Transport
	if transport == nil {
		d.own = http.DefaultTransport.(*http.Transport).Clone()
		transport = d.own
	}
	d.judge = judge{transport: transport, limit: DeliveryTimeout, patience: DeliveryTimeout, secret: opts.Secret}
	first := opts.FirstEventID
	if first == 0 {
		first = d.clock.Now().Unix() % 1_000_000_000
	}
	d.nextID.Store(first)
	d.ctx, d.cancel = context.WithCancel(context.Background())
	return d, nil
}

// RetryGap is the wait after attempt n failed: n minutes, divided by speed.
func RetryGap(n int, speed float64) time.Duration {
	if speed <= 0 {
		speed = 1
	}
	return time.Duration(float64(time.Duration(n)*time.Minute) / speed)
}

// Deliver starts delivering one report; it returns at once. A
// sandbox.Delivery converts directly: d.Deliver(webhook.DeliveryReport(x)).
func (d *Dispatcher) Deliver(r DeliveryReport) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return ErrClosed
	}
	if d.pending.Load() >= int64(d.opts.MaxPending) {
		return ErrBusy
	}
	if r.StatusUpdateTs.IsZero() {
		r.StatusUpdateTs = d.clock.Now()
	}
	ev := Outgoing{
		EventID: d.nextID.Add(1) - 1, EventType: EventDeliveryReport,
		EventCreateTs: d.clock.Now(), WebhookID: d.opts.WebhookID, Data: r.Data(),
	}
	d.pending.Add(1)
	d.wg.Add(1)
	go d.run(ev, r.MessageID)
	return nil
}

// Report is Deliver for the values of a final status, one by one.
func (d *Dispatcher) Report(messageID, campaignID int, to, status string, segNum int, statusUpdateTs time.Time) error {
	return d.Deliver(DeliveryReport{MessageID: messageID, CampaignID: campaignID, To: to, Status: status, SegNum: segNum, StatusUpdateTs: statusUpdateTs})
}

// run tries one event until it is delivered, MaxAttempts are spent, or
// the dispatcher closes.
func (d *Dispatcher) run(ev Outgoing, messageID int) {
	defer d.wg.Done()
	defer d.pending.Add(-1)
	for attempt := 1; attempt <= MaxAttempts; attempt++ {
		at := d.clock.Now()
		res := d.judge.post(d.ctx, d.opts.URL, "application/json", ev.Body(attempt, d.opts.Secret))
		if d.ctx.Err() != nil {
			return // closed mid-attempt: not a real outcome
		}
		res.Body, res.EventID, res.EventType, res.Attempt = nil, fmt.Sprint(ev.EventID), ev.EventType, attempt
		a := DispatchAttempt{At: at, MessageID: messageID, Delivery: res}
		if res.Outcome != OutcomeDelivered && attempt == MaxAttempts {
			a.GaveUp = true
		} else if res.Outcome != OutcomeDelivered {
			a.NextIn = RetryGap(attempt, d.opts.Speed)
			a.NextInMs = millis(a.NextIn)
		}
		d.report(a)
		if a.NextIn == 0 {
			return
		}
		if d.clock.Sleep(d.ctx, a.NextIn) != nil {
			return
		}
	}
}

func (d *Dispatcher) report(a DispatchAttempt) {
	if d.opts.OnAttempt == nil {
		return
	}
	d.heard.Lock()
	defer d.heard.Unlock()
	d.opts.OnAttempt(a)
}

// Pending is how many reports are still being tried.
func (d *Dispatcher) Pending() int { return int(d.pending.Load()) }

// Close stops every retry, waits for attempts in flight to end, and
// returns when no goroutine of the dispatcher is left.
func (d *Dispatcher) Close() error {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return nil
	}
	d.closed = true
	d.mu.Unlock()
	d.cancel()
	d.wg.Wait()
	if d.own != nil {
		d.own.CloseIdleConnections()
	}
	return nil
}
