package delivery_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"codedesk/model"
	"codedesk/model/clocktest"
	"codedesk/model/delivery"
	"codedesk/model/wire"
	"codedesk/sandbox"
)

var t0 = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

// fakeClock is time the test owns: the sandbox reads it too, so statuses
// advance exactly as the watch sleeps.
type fakeClock = clocktest.Jump

func newFakeClock() *fakeClock { return clocktest.New(t0) }

// recorded is one wire call as OnCall saw it, with the clock's time.
type recorded struct {
	at   time.Time
	req  model.Request
	resp model.Response
	err  error
}

// startSandbox runs the sandbox on loopback with the clock and no rate
// limit unless the options say otherwise.
func startSandbox(t testing.TB, clock *fakeClock, opts sandbox.Options) *sandbox.Servers {
	t.Helper()
	if clock != nil {
		opts.Now = clock.Now
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = 1 << 20
	}
	srv, err := sandbox.Start(opts, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// newClient talks to addr with the sandbox's key and records every call.
func newClient(addr string, clock *fakeClock, calls *[]recorded) *delivery.Client {
	c := &delivery.Client{
		Caller: trustingClient(addr),
		Server: model.MustParseServer("http://" + addr),
		Key:    sandbox.KeyKZ,
	}
	if clock != nil {
		c.Clock = clock
	}
	if calls != nil {
		c.OnCall = func(req model.Request, resp model.Response, err error) {
			r := recorded{req: req, resp: resp, err: err}
			if clock != nil {
				r.at = clock.Now()
			}
			*calls = append(*calls, r)
		}
	}
	return c
}

// send sends an SMS through the sandbox and returns its id.
func send(t testing.TB, addr, recipient, text string) int64 {
	t.Helper()
	req := model.Request{Server: model.MustParseServer("http://" + addr), Module: "message", Method: "sendSmsMessage",
		Params: []model.Param{{Key: "recipient", Value: recipient}, {Key: "text", Value: text}}}
	resp, err := trustingClient(addr).Do(context.Background(), req, sandbox.KeyKZ)
	var d struct {
		MessageID json.Number `json:"messageId"`
	}
	if err != nil || resp.Code != 0 || json.Unmarshal(resp.Data, &d) != nil {
		t.Fatalf("send to %s: %v code %d data %s", recipient, err, resp.Code, resp.Data)
	}
	id, err := d.MessageID.Int64()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// answering serves each request with the next body of bodies (the last one
// repeats) and keeps the forms it was sent.
func answering(t *testing.T, bodies ...string) (*httptest.Server, *[]map[string][]string) {
	t.Helper()
	var mu sync.Mutex
	var forms []map[string][]string
	n := 0
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		mu.Lock()
		forms = append(forms, r.PostForm)
		body := bodies[min(n, len(bodies)-1)]
		n++
		mu.Unlock()
		io.WriteString(w, body)
	}))
	t.Cleanup(ts.Close)
	return ts, &forms
}

func clientFor(ts *httptest.Server, clock *fakeClock, calls *[]recorded) *delivery.Client {
	c := newClient(ts.Listener.Addr().String(), clock, calls)
	return c
}

// trustingClient is a wire client that may send the key to the test
// server at addr, as the user naming it with --server would allow.
func trustingClient(addr string) *wire.Client {
	return wire.NewClient(wire.ClientOptions{Trust: model.NewTrust(model.MustParseServer("http://" + addr))})
}
