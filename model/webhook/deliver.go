package webhook

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// Outcome is how Mobizon would count one delivery, stable for scripts.
type Outcome string

// The outcomes.
const (
	// OutcomeDelivered: a 2xx answer within DeliveryTimeout.
	OutcomeDelivered Outcome = "delivered"
	// OutcomeFailed: an answer, but not a 2xx in time (a late 2xx, 3xx
	// past the one redirect followed, 4xx, 5xx), or a connection that
	// broke before the answer.
	OutcomeFailed Outcome = "failed"
	// OutcomeNoConnection: no working connection at all (DNS, refused,
	// TLS handshake, connect timeout).
	OutcomeNoConnection Outcome = "no-connection"
)

// ExitCode is the CLI's exit status: 0 delivered, 1 failed, 3 no connection.
func (o Outcome) ExitCode() int {
	switch o {
	case OutcomeDelivered:
		return 0
	case OutcomeNoConnection:
		return 3
	}
	return 1
}

// Redirect is one 3xx answer on the way.
type Redirect struct {
	Status   int    `json:"status"`
	Location string `json:"location"` // inert, a password in it masked
	Followed bool   `json:"followed"` // Mobizon follows the first only
}

// Delivery is one attempt judged as Mobizon judges it.
type Delivery struct {
	URL        string        `json:"url"` // inert, a password in it masked
	EventID    string        `json:"eventId,omitempty"`
	EventType  string        `json:"eventType,omitempty"`
	Attempt    int           `json:"attempt,omitempty"`
	Outcome    Outcome       `json:"outcome"`
	Problem    string        `json:"problem,omitempty"` // stable: slow, no-answer, redirect, too-many-redirects, http-status, tls, dns, refused, timeout, network, canceled
	HTTPStatus int           `json:"httpStatus,omitempty"`
	ElapsedMs  float64       `json:"elapsedMs"`
	LateByMs   float64       `json:"lateByMs,omitempty"` // past Mobizon's limit (DeliveryTimeout)
	Redirects  []Redirect    `json:"redirects,omitempty"`
	Message    string        `json:"message"`          // Russian, one sentence or two
	Advice     []string      `json:"advice,omitempty"` // Russian: what the customer must fix
	Response   string        `json:"response,omitempty"`
	Elapsed    time.Duration `json:"-"`
	Body       []byte        `json:"-"` // what was sent
}

// How much of an endpoint's answer is read, and how much of it and of a
// URL is shown.
const (
	maxResponse = 64 << 10
	maxExcerpt  = 200
	maxURL      = 300
)

// judge posts bodies and judges the answers as Mobizon does.
type judge struct {
	transport http.RoundTripper
	limit     time.Duration // a 2xx later than this is a failure
	patience  time.Duration // how long to wait to say how late it was
	secret    Secret
}

// post sends body to target and judges the answer.
func (j judge) post(ctx context.Context, target, contentType string, body []byte) Delivery {
	d := Delivery{URL: j.secret.scrub(shownURL(target)), Body: body}
	ctx, cancel := context.WithTimeout(ctx, j.patience)
	defer cancel()
	var connected atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { connected.Store(true) }})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		d.Outcome, d.Problem, d.Message = OutcomeNoConnection, "network", "адрес не годится для запроса: "+line(j.secret.scrub(err.Error()))
		return d
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("User-Agent", "codedesk-webhook (as Mobizon)")
	client := &http.Client{Transport: j.transport, CheckRedirect: func(next *http.Request, via []*http.Request) error {
		follow := len(via) < 2 // the first redirect is followed, a second is not
		d.Redirects = append(d.Redirects, Redirect{Status: next.Response.StatusCode, Location: j.secret.scrub(shownURL(next.URL.String())), Followed: follow})
		if !follow {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	start := time.Now()
	resp, err := client.Do(req)
	d.Elapsed = time.Since(start)
	if err != nil {
		j.failed(ctx, &d, err, connected.Load())
		return d
	}
	defer resp.Body.Close()
	excerpt, _ := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	d.Response = lineCap(strings.TrimSpace(j.secret.scrub(string(excerpt))), maxExcerpt)
	d.HTTPStatus = resp.StatusCode
	j.answered(&d, resp.Request.Method)
	return d
}

// failed judges a request that brought back no answer.
func (j judge) failed(ctx context.Context, d *Delivery, err error, connected bool) {
	d.ElapsedMs = millis(d.Elapsed)
	if ctx.Err() == context.DeadlineExceeded && connected {
		d.Outcome, d.Problem = OutcomeFailed, "no-answer"
		explainNoAnswer(d, j.limit, j.patience)
		return
	}
	if errors.Is(err, context.Canceled) {
		d.Outcome, d.Problem, d.Message = OutcomeFailed, "canceled", "отправка отменена"
		return
	}
	d.Outcome = OutcomeNoConnection
	if connected {
		d.Outcome = OutcomeFailed // a later hop (a redirect's target) failed
	}
	explainNetwork(d, err, j.secret)
}

// answered judges an answer by its status and its time.
func (j judge) answered(d *Delivery, finalMethod string) {
	d.ElapsedMs = millis(d.Elapsed)
	late := d.Elapsed > j.limit
	if late {
		d.LateByMs = millis(d.Elapsed - j.limit)
	}
	switch {
	case d.HTTPStatus >= 200 && d.HTTPStatus < 300 && !late:
		d.Outcome = OutcomeDelivered
	case d.HTTPStatus >= 200 && d.HTTPStatus < 300:
		d.Outcome, d.Problem = OutcomeFailed, "slow"
	case d.HTTPStatus >= 300 && d.HTTPStatus < 400 && len(d.Redirects) > 1:
		d.Outcome, d.Problem = OutcomeFailed, "too-many-redirects"
	case d.HTTPStatus >= 300 && d.HTTPStatus < 400:
		d.Outcome, d.Problem = OutcomeFailed, "redirect"
	default:
		d.Outcome, d.Problem = OutcomeFailed, "http-status"
	}
	explainAnswer(d, j.limit, finalMethod)
}

// shownURL is a URL safe to show: a password in it masked, inert.
func shownURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return lineCap(raw, maxURL)
	}
	return lineCap(u.Redacted(), maxURL)
}
