package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// quickSend is `webhook send` with Mobizon's 5 s and codedesk's 10 s
// scaled down, so a late answer is tested without waiting seconds.
func quickSend(limit, patience time.Duration) func(*Factory) *cobra.Command {
	return func(f *Factory) *cobra.Command {
		return NewCmdWebhookSend(f, func(ctx context.Context, o *WebhookSendOptions) error {
			o.limit, o.patience = limit, patience
			return webhookSendRun(ctx, o)
		})
	}
}

// seen is what an endpoint received.
type seen struct {
	mu       sync.Mutex
	requests []*http.Request
	bodies   []string
}

func (s *seen) add(r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
	s.bodies = append(s.bodies, string(b))
}

func endpoint(t *testing.T, answer func(w http.ResponseWriter, r *http.Request)) (*httptest.Server, *seen) {
	t.Helper()
	s := &seen{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.add(r)
		answer(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, s
}

func TestWebhookSendJudgesAsMobizon(t *testing.T) {
	fast, _ := endpoint(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(200) })
	broken, _ := endpoint(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500) })
	slow, _ := endpoint(t, func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(300 * time.Millisecond) // the customer's slow handler
		w.WriteHeader(200)
	})
	var chain *httptest.Server
	chain, _ = endpoint(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/a":
			http.Redirect(w, r, chain.URL+"/b", http.StatusTemporaryRedirect)
		case "/b":
			http.Redirect(w, r, chain.URL+"/c", http.StatusTemporaryRedirect)
		default:
			w.WriteHeader(200)
		}
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + ln.Addr().String() + "/"
	ln.Close()
	cases := []struct {
		name, url string
		status    int
		want      []string
	}{
		{"200 at once", fast.URL + "/hooks", exitOK, []string{"✓ доставлено: 200 OK за "}},
		{"500", broken.URL, exitAPIError, []string{"✗ ответ 500 Internal Server Error", "Что исправить:", "журнал обработчика"}},
		{"late", slow.URL, exitAPIError, []string{"позже, чем Mobizon ждёт", "Отвечайте 200 сразу"}},
		{"two redirects", chain.URL + "/a", exitAPIError, []string{"перенаправление 307 → " + chain.URL + "/b (Mobizon за ним пойдёт)", "перенаправление 307 → " + chain.URL + "/c (Mobizon за ним не пойдёт)", "Mobizon следует не более чем за одним"}},
		{"refused", refused, exitNoAnswer, []string{"соединение отвергнуто"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := webhookEnv(t)
			out, errOut, status := e.runCmd(quickSend(100*time.Millisecond, time.Second), tc.url)
			if status != tc.status {
				t.Errorf("exit %d, want %d\n%s%s", status, tc.status, out, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// A late answer is reported with how late it was, in JSON too.
func TestWebhookSendSaysHowLate(t *testing.T) {
	slow, _ := endpoint(t, func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(300 * time.Millisecond) // the customer's slow handler
		w.WriteHeader(200)
	})
	e := webhookEnv(t)
	out, _, status := e.runCmd(quickSend(100*time.Millisecond, time.Second), slow.URL, "--json")
	var rep struct {
		Outcome    string
		Deliveries []struct {
			Problem    string
			HTTPStatus int
			LateByMs   float64
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || status != exitAPIError {
		t.Fatalf("exit %d %v\n%s", status, err, out)
	}
	d := rep.Deliveries[0]
	if rep.Outcome != "failed" || d.Problem != "slow" || d.HTTPStatus != 200 || d.LateByMs < 150 {
		t.Errorf("report %+v", rep)
	}
}

// --repeat sends the same event again as its next attempt: the same
// eventId, attempts 1 and 2, two signs; the API key goes nowhere.
func TestWebhookSendRepeat(t *testing.T) {
	srv, got := endpoint(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })
	e := webhookEnv(t)
	e.env["MOBIZON_API_KEY"] = plausibleKey
	out, errOut, status := e.run("webhook", "send", srv.URL+"/hooks", "--repeat", "--status", "EXPIRED")
	if status != exitOK {
		t.Fatalf("exit %d\n%s%s", status, out, errOut)
	}
	got.mu.Lock()
	defer got.mu.Unlock()
	if len(got.bodies) != 2 {
		t.Fatalf("%d requests, want 2", len(got.bodies))
	}
	var first, second struct {
		EventID   int64
		Attempt   int
		Sign      string
		EventType string
		Data      struct{ Status string }
	}
	json.Unmarshal([]byte(got.bodies[0]), &first)
	json.Unmarshal([]byte(got.bodies[1]), &second)
	if first.EventID == 0 || first.EventID != second.EventID || first.Attempt != 1 || second.Attempt != 2 || first.Sign == second.Sign {
		t.Errorf("first %+v second %+v", first, second)
	}
	if first.EventType != "sms-delivery-report" || first.Data.Status != "EXPIRED" {
		t.Errorf("event %+v", first)
	}
	for i, r := range got.requests {
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("request %d: %s %s", i, r.Method, r.Header.Get("Content-Type"))
		}
		dump := r.URL.String() + got.bodies[i]
		for k, v := range r.Header {
			dump += k + strings.Join(v, ",")
		}
		if strings.Contains(dump, plausibleKey) || strings.Contains(strings.ToLower(dump), "apikey") {
			t.Errorf("request %d carries the API key: %s", i, dump)
		}
	}
	if !strings.Contains(out, "попытка 1 → ") || !strings.Contains(out, "попытка 2 → ") {
		t.Errorf("output:\n%s", out)
	}
}

func TestWebhookSendUsage(t *testing.T) {
	e := newEnv(t)
	if _, errOut, status := e.run("webhook", "send", "http://127.0.0.1:9/"); status != exitUsage || !strings.Contains(errOut, "MOBIZON_WEBHOOK_SECRET") {
		t.Errorf("no secret: exit %d %q", status, errOut)
	}
	e = webhookEnv(t)
	for _, args := range [][]string{{"ftp://x/"}, {"example.com/hooks"}, {"http://127.0.0.1:9/", "--attempt", "11"}, {"http://127.0.0.1:9/", "--event", "Bad Event"}, {"http://127.0.0.1:9/", "--status", "delivered!"}, {}} {
		if _, errOut, status := e.run(append([]string{"webhook", "send"}, args...)...); status != exitUsage || errOut == "" {
			t.Errorf("%v: exit %d %q", args, status, errOut)
		}
	}
}

// --attempt sends that attempt (and with --repeat the next one), signed
// for it; --event a form event.
func TestWebhookSendAttemptAndEvent(t *testing.T) {
	srv, got := endpoint(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(200) })
	e := webhookEnv(t)
	out, _, status := e.run("webhook", "send", srv.URL, "--attempt", "9", "--repeat", "--event", "form-submission", "--json")
	var rep struct {
		Outcome    string
		Deliveries []struct {
			Attempt   int
			EventType string
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || status != exitOK || rep.Outcome != "delivered" {
		t.Fatalf("exit %d %v\n%s", status, err, out)
	}
	if len(rep.Deliveries) != 2 || rep.Deliveries[0].Attempt != 9 || rep.Deliveries[1].Attempt != 10 || rep.Deliveries[0].EventType != "form-submission" {
		t.Errorf("report %+v", rep)
	}
	got.mu.Lock()
	defer got.mu.Unlock()
	for _, b := range got.bodies {
		var p struct {
			EventID       json.Number
			Attempt       json.Number
			EventCreateTs string
			Sign          string
		}
		if err := json.Unmarshal([]byte(b), &p); err != nil || p.Sign != sign(p.EventID.String(), p.Attempt.String(), p.EventCreateTs, testSecret) {
			t.Errorf("not signed for its attempt: %s", b)
		}
	}
}
