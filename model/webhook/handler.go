package webhook

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ListenerOptions configure a Handler (and a Server).
type ListenerOptions struct {
	Secret Secret // required
	// OnEvent receives every request as an Event, one at a time, in the
	// order they complete (a forwarded event once its forward ended).
	// It runs on its own goroutine, after the answer has gone out, so a
	// slow OnEvent never delays an answer; a very slow one holds back
	// later requests only once QueueSize events are waiting.
	OnEvent func(Event)
	// Forward is the customer's own handler: each verified event (retries
	// too) is posted there with its body, method and Content-Type
	// untouched, after the 200 has gone out, and judged as Mobizon would
	// judge it. "" forwards nothing.
	Forward          string
	ForwardTransport http.RoundTripper // nil: a fresh one like http.DefaultTransport's
	ForwardTimeout   time.Duration     // 0: DeliveryTimeout (5 s)
	Memory           int               // event ids remembered for duplicates; 0: DuplicateMemory
	QueueSize        int               // events waiting for OnEvent; 0: 4096
	Now              func() time.Time  // nil: time.Now
}

// maxForwards bounds the forwards in flight; more wait their turn.
const maxForwards = 32

// Handler is the local endpoint for deliveries: it verifies each request
// and answers 200 (valid, a retry too), 403 (sign wrong or missing), 400
// (not a payload), 405 (not a POST) or 413 (body over MaxBody), without
// waiting for anything but the body itself.
type Handler struct {
	opts      ListenerOptions
	judge     judge
	seen      *seenIDs
	queue     chan Event
	consumed  chan struct{}
	forwards  chan struct{} // a semaphore of maxForwards
	ctx       context.Context
	cancel    context.CancelFunc
	mu        sync.Mutex
	closed    bool
	inFlight  sync.WaitGroup
	closeOnce sync.Once
	stats     counters
}

type counters struct{ received, verified, duplicates, rejected atomic.Int64 }

// Stats are the listener's running totals.
type Stats struct {
	Received    int64 `json:"received"`
	Verified    int64 `json:"verified"`
	Duplicates  int64 `json:"duplicates"`
	Rejected    int64 `json:"rejected"`    // answered 4xx
	Remembered  int   `json:"remembered"`  // event ids in the duplicate memory
	MemoryLimit int   `json:"memoryLimit"` // at most this many, the oldest forgotten first
}

// NewHandler makes a Handler; Close it to stop its goroutines.
func NewHandler(opts ListenerOptions) (*Handler, error) {
	if opts.Secret.IsZero() {
		return nil, ErrNoSecret
	}
	if opts.Forward != "" {
		if err := checkEndpoint(opts.Forward, opts.Secret); err != nil {
			return nil, err
		}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Memory <= 0 {
		opts.Memory = DuplicateMemory
	}
	if opts.QueueSize <= 0 {
		opts.QueueSize = 4096
	}
	if opts.ForwardTimeout <= 0 {
		opts.ForwardTimeout = DeliveryTimeout
	}
	if opts.ForwardTransport == nil {
		opts.ForwardTransport = http.DefaultTransport.(*http.Transport).Clone()
	}
	h := &Handler{opts: opts, seen: newSeenIDs(opts.Memory), forwards: make(chan struct{}, maxForwards)}
	h.judge = judge{transport: opts.ForwardTransport, limit: opts.ForwardTimeout, patience: opts.ForwardTimeout, secret: opts.Secret}
	h.ctx, h.cancel = context.WithCancel(context.Background())
	if opts.OnEvent != nil {
		h.queue, h.consumed = make(chan Event, opts.QueueSize), make(chan struct{})
		go h.consume()
	}
	return h, nil
}

func (h *Handler) consume() {
	defer close(h.consumed)
	for ev := range h.queue {
		h.opts.OnEvent(ev)
	}
}

// Stats are the totals so far.
func (h *Handler) Stats() Stats {
	return Stats{
		Received: h.stats.received.Load(), Verified: h.stats.verified.Load(),
		Duplicates: h.stats.duplicates.Load(), Rejected: h.stats.rejected.Load(),
		Remembered: h.seen.len(), MemoryLimit: len(h.seen.ring),
	}
}

// enter counts a request in, unless the handler is closing.
func (h *Handler) enter() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	h.inFlight.Add(1)
	return true
}

// Close stops taking requests, cancels forwards still waiting for the
// customer's handler, delivers every event already taken to OnEvent and
// returns when all of its goroutines have ended.
func (h *Handler) Close() error {
	h.closeOnce.Do(func() {
		h.mu.Lock()
		h.closed = true
		h.mu.Unlock()
		h.cancel()
		h.inFlight.Wait()
		if h.queue != nil {
			close(h.queue)
			<-h.consumed
		}
		if t, ok := h.opts.ForwardTransport.(interface{ CloseIdleConnections() }); ok {
			t.CloseIdleConnections()
		}
	})
	return nil
}

// ServeHTTP answers one delivery.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !h.enter() {
		http.Error(w, "codedesk останавливается", http.StatusServiceUnavailable)
		return
	}
	defer h.inFlight.Done()
	h.stats.received.Add(1)
	ev, p := h.receive(r)
	if ev.HTTPStatus >= 400 {
		h.stats.rejected.Add(1)
	}
	if ev.HTTPStatus == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", http.MethodPost)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(ev.HTTPStatus)
	// For whoever sent it (webhook send shows it): the verdict in words;
	// the verdict's id is for scripts, in --json.
	fmt.Fprintln(w, cmp.Or(ev.Message, strings.TrimLeft(ev.verdictWords(), "✓✗ ")))
	if f, ok := w.(http.Flusher); ok {
		f.Flush() // the answer is out before anything else happens
	}
	if h.opts.Forward != "" && ev.Verified {
		h.inFlight.Add(1) // counted while this request still is, so Close waits for it
		go h.forward(ev, p, r.Header.Get("Content-Type"))
		return
	}
	h.emit(ev)
}

// emit hands an event to OnEvent's queue.
func (h *Handler) emit(ev Event) {
	if h.queue != nil {
		h.queue <- ev
	}
}

// forward posts a verified event to the customer's handler and then emits it.
func (h *Handler) forward(ev Event, p *Payload, contentType string) {
	defer h.inFlight.Done()
	select {
	case h.forwards <- struct{}{}:
		defer func() { <-h.forwards }()
		d := h.judge.post(h.ctx, h.opts.Forward, contentType, p.Body)
		d.Body, d.EventID, d.EventType, d.Attempt = nil, ev.EventID, ev.EventType, ev.Attempt
		ev.Forward = &d
	case <-h.ctx.Done():
		ev.Forward = &Delivery{URL: shownURL(h.opts.Forward), Outcome: OutcomeFailed, Problem: "canceled", Message: "не переслано: codedesk остановлен"}
	}
	h.emit(ev)
}

// receive reads, parses and verifies one request into an Event.
func (h *Handler) receive(r *http.Request) (Event, *Payload) {
	ev := Event{ReceivedAt: h.opts.Now(), RemoteAddr: r.RemoteAddr, Size: r.ContentLength, Data: nullJSON}
	if r.Method != http.MethodPost {
		ev.HTTPStatus, ev.Verdict = http.StatusMethodNotAllowed, VerdictNotPost
		ev.Message = fmt.Sprintf("Mobizon шлёт вебхуки только методом POST, а пришёл %s", line(r.Method))
		return ev, nil
	}
	if r.ContentLength > MaxBody {
		drain(r.Body)
		return tooLarge(ev, &TooLargeError{Size: r.ContentLength, Limit: MaxBody}), nil
	}
	body, err := ReadBody(r.Body)
	if err != nil {
		if IsTooLarge(err) {
			drain(r.Body)
			return tooLarge(ev, err), nil
		}
		ev.HTTPStatus, ev.Verdict, ev.Message = http.StatusBadRequest, VerdictNotPayload, "тело не дочитано: соединение оборвалось"
		return ev, nil
	}
	ev.Size = int64(len(body))
	p, err := check(&ev, body, r.Header.Get("Content-Type"), h.opts.Secret)
	if err != nil {
		ev.HTTPStatus, ev.Verdict, ev.Message = http.StatusBadRequest, VerdictNotPayload, err.Error()
		return ev, nil
	}
	key := dedupKey(p.EventID)
	if ev.Verified {
		h.stats.verified.Add(1)
		ev.Duplicate = h.seen.add(key) // only verified ids are remembered: a forged one cannot hide a real one
		ev.HTTPStatus = http.StatusOK
	} else {
		ev.Duplicate = h.seen.has(key)
		ev.HTTPStatus = http.StatusForbidden
	}
	if ev.Duplicate {
		h.stats.duplicates.Add(1)
	}
	return ev, p
}

// drainLimit is how much of a refused body is read and thrown away so that
// a sender still writing it gets to read the 413 instead of a reset
// connection; past it the connection is simply closed.
const drainLimit = 8 * MaxBody

func drain(body io.Reader) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, drainLimit))
}

func tooLarge(ev Event, err error) Event {
	ev.HTTPStatus, ev.Verdict, ev.Message = http.StatusRequestEntityTooLarge, VerdictTooLarge, err.Error()
	return ev
}

// nullJSON is the data of an event with no payload.
var nullJSON = []byte("null")

// dedupKey is the id retries share: 26 and 26.0 are one event. The prefix
// keeps it non-empty, as the ring's empty slots are "".
func dedupKey(id string) string {
	if canon, ok := canonicalInt(id); ok {
		return "#" + canon
	}
	return "#" + id
}

// errClosed is returned by Start after Close.
var errClosed = errors.New("приёмник вебхуков уже остановлен")
