package main

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"codedesk/model"
	"codedesk/model/wire"
	"codedesk/sandbox"
)

// fakeNow is a clock the test moves.
type fakeNow struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeNow) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeNow) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// TestTheDemosPaceLeavesTimeToWatchFromNEW: a newcomer presses w a couple
// of seconds after the answer; the demo's message must still be NEW then,
// and delivered in the end.
func TestTheDemosPaceLeavesTimeToWatchFromNEW(t *testing.T) {
	clock := &fakeNow{now: time.Date(2026, 11, 26, 17, 6, 0, 0, time.UTC)}
	opts := demoSandboxOptions(func(sandbox.Delivery) {})
	opts.Now = clock.Now
	srv, err := sandbox.Start(opts, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	server := model.MustParseServer("http://" + srv.KZ)
	c := wire.NewClient(wire.ClientOptions{Trust: model.NewTrust(server)})
	call := func(method string, params ...model.Param) model.Response {
		t.Helper()
		resp, err := c.Do(context.Background(), model.Request{Server: server, Module: "message", Method: method, Params: params}, sandbox.KeyKZ)
		if err != nil || resp.Code != 0 {
			t.Fatalf("%s: %v %+v", method, err, resp)
		}
		return resp
	}
	var sent struct {
		MessageID string `json:"messageId"`
	}
	resp := call("sendSmsMessage", model.Param{Key: "recipient", Value: "77001234567"}, model.Param{Key: "text", Value: "x"})
	if err := json.Unmarshal(resp.Data, &sent); err != nil {
		t.Fatal(err)
	}
	status := func() string {
		var got []struct {
			Status string `json:"status"`
		}
		if err := json.Unmarshal(call("getSMSStatus", model.Param{Key: "ids[]", Value: sent.MessageID}).Data, &got); err != nil || len(got) != 1 {
			t.Fatalf("getSMSStatus: %v %d", err, len(got))
		}
		return got[0].Status
	}
	clock.Add(2500 * time.Millisecond)
	if s := status(); s != "NEW" {
		t.Errorf("2.5 s after the send the demo's message is %s, want NEW", s)
	}
	clock.Add(demoDeliveryTime)
	if s := status(); s != "DELIVRD" {
		t.Errorf("after the demo's delivery time it is %s, want DELIVRD", s)
	}
}
