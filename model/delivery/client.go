package delivery

import (
	"context"
	"fmt"
	"strings"
	"time"

	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/safe"
	"codedesk/model/wire"
)

// Caller sends one API call; *wire.Client is one.
type Caller interface {
	Do(ctx context.Context, req model.Request, key string) (model.Response, error)
}

// Client asks the API where messages are. Its zero Clock is the wall clock
// and its zero Statuses the embedded status table.
type Client struct {
	Caller Caller
	Server model.Server
	Key    string
	Clock  model.Clock
	// OnCall sees every wire call as it was made, its answer and its error,
	// so that it can be recorded in the history like any call. It runs on
	// the goroutine of the lookup or watch and should return quickly.
	OnCall   func(model.Request, model.Response, error)
	Statuses *catalog.StatusTable
	// Interval is the least time between the starts of two watch rounds;
	// it is never less than a second (the docs' polling limit).
	Interval time.Duration
}

// Limits of the API and of politeness.
const (
	MaxBatch         = 100 // ids in one getSMSStatus call; more is code 12
	MaxThrottleRetry = 5   // code-30 answers in a row before giving up
	DefaultInterval  = 1050 * time.Millisecond
	codeTooOften     = 30 // the code that asks to slow down
)

// APIError is an API answer with a code other than 0, which a lookup does
// not get past (code 30 only after MaxThrottleRetry polite retries).
type APIError struct {
	Request  model.Request
	Response model.Response
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("%s ответил кодом %d", e.Request.Name(), e.Response.Code)
	if m := strings.TrimSpace(e.Response.Message); m != "" {
		msg += ": «" + safe.Line(m) + "»"
	}
	return msg
}

func (c *Client) clock() model.Clock {
	if c.Clock == nil {
		return model.RealClock{}
	}
	return c.Clock
}

func (c *Client) statuses() *catalog.StatusTable {
	if c.Statuses == nil {
		return catalog.MustDefaultStatuses()
	}
	return c.Statuses
}

func (c *Client) interval() time.Duration {
	if c.Interval <= 0 {
		return DefaultInterval
	}
	return max(c.Interval, time.Second)
}

// call sends one request, shows it to OnCall, and resends politely while
// the API answers 30 (too often): after 2 s, 4 s, … as wire.RetryDelay
// says. Any other code but 0 is an *APIError; no answer is the client's
// *model.CallError.
func (c *Client) call(ctx context.Context, req model.Request) (model.Response, error) {
	for throttled := 0; ; throttled++ {
		resp, err := c.Caller.Do(ctx, req, c.Key)
		if c.OnCall != nil {
			c.OnCall(req, resp, err)
		}
		switch {
		case err != nil:
			return resp, err
		case resp.Code == 0:
			return resp, nil
		case resp.Code != codeTooOften || throttled >= MaxThrottleRetry:
			return resp, &APIError{Request: req, Response: resp}
		}
		if err := c.clock().Sleep(ctx, wire.RetryDelay(throttled+1)); err != nil {
			return resp, err
		}
	}
}

func (c *Client) request(method string, params []model.Param) model.Request {
	return model.Request{Server: c.Server, Module: "message", Method: method, Params: params}
}
