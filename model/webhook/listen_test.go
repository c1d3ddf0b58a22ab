package webhook

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
)

// events collects what a listener hands to OnEvent.
type events struct {
	mu  sync.Mutex
	got []Event
}

func (e *events) add(ev Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.got = append(e.got, ev)
}

func (e *events) all() []Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Event(nil), e.got...)
}

// startListener runs a Server on a free loopback port.
func startListener(t *testing.T, opts ListenerOptions) (*Server, *events) {
	t.Helper()
	got := &events{}
	if opts.Secret == "" {
		opts.Secret = testSecret
	}
	opts.OnEvent = got.add
	srv, err := NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv, got
}

func TestListenerAnswersEachKindOfRequest(t *testing.T) {
	srv, got := startListener(t, ListenerOptions{})
	forged := payloadJSON("77", "1", "2026-03-02 09:15:07", sha1hex("77|1|2026-03-02 09:15:07|wrong"))
	steps := []struct {
		name, method string
		body         []byte
		status       int
		verdict      Verdict
		duplicate    bool
	}{
		{"first attempt", http.MethodPost, signedBody(501, 1), 200, VerdictValid, false},
		{"its retry", http.MethodPost, signedBody(501, 2), 200, VerdictValid, true},
		{"a forged event", http.MethodPost, forged, 403, VerdictInvalid, false},
		{"the real one after the forgery", http.MethodPost, signedBody(77, 1), 200, VerdictValid, false},
		{"no sign", http.MethodPost, fixture(t, "missing-sign.json"), 403, VerdictMissingSign, false},
		{"not a payload", http.MethodPost, []byte(`{"hello":1}`), 400, VerdictNotPayload, false},
		{"a browser", http.MethodGet, nil, 405, VerdictNotPost, false},
	}
	for _, s := range steps {
		req, _ := http.NewRequest(s.method, srv.URL(), bytes.NewReader(s.body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		answer, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		// The body is for the sender's people: the verdict in Russian
		// words, not its id (that is for scripts, in --json).
		said := strings.ContainsFunc(string(answer), func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) })
		if resp.StatusCode != s.status || strings.HasPrefix(string(answer), string(s.verdict)) || !said ||
			s.verdict == VerdictValid && !strings.HasPrefix(string(answer), "подпись верна: ") {
			t.Fatalf("%s: %d %q, want %d and the %s verdict in words", s.name, resp.StatusCode, answer, s.status, s.verdict)
		}
	}
	eventually(t, "every event", func() bool { return len(got.all()) == len(steps) })
	for i, ev := range got.all() {
		s := steps[i]
		if ev.HTTPStatus != s.status || ev.Verdict != s.verdict || ev.Duplicate != s.duplicate || ev.Verified != (s.verdict == VerdictValid) {
			t.Errorf("%s: event %+v", s.name, ev)
		}
	}
	first := got.all()[0]
	if first.EventID != "501" || first.Attempt != 1 || first.Status != "DELIVRD" || first.Method() != EventDeliveryReport || first.Failed() {
		t.Errorf("first event %+v", first)
	}
	if !bytes.Equal(first.Body, signedBody(501, 1)) {
		t.Error("the event should carry the body exactly as received, for the history")
	}
	stats := srv.Handler().Stats()
	if stats.Received != 7 || stats.Verified != 3 || stats.Duplicates != 1 || stats.Rejected != 4 || stats.Remembered != 2 || stats.MemoryLimit != DuplicateMemory {
		t.Errorf("stats %+v", stats)
	}
}

func TestListenerRefusesBodiesOverOneMiBAndSaysSo(t *testing.T) {
	srv, got := startListener(t, ListenerOptions{})
	big := bytes.Repeat([]byte("x"), MaxBody+1)
	status, _ := post(t, srv.URL(), "application/json", big)
	// Without Content-Length (chunked), the body is read up to the cap.
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Post(srv.URL(), "application/json", io.MultiReader(bytes.NewReader(big)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if status != 413 || resp.StatusCode != 413 {
		t.Fatalf("statuses %d and %d, want 413", status, resp.StatusCode)
	}
	eventually(t, "two events", func() bool { return len(got.all()) == 2 })
	for _, ev := range got.all() {
		if ev.Verdict != VerdictTooLarge || !strings.Contains(ev.Message, "1 МиБ") || !strings.Contains(ev.Line(nil), "413") {
			t.Errorf("event %+v, line %q", ev, ev.Line(nil))
		}
	}
}

func TestListenerMakesHostileTextInert(t *testing.T) {
	srv, got := startListener(t, ListenerOptions{})
	ts := "2026-03-02 09:15:07"
	id := "9\u001b[2J\u202e"
	body, _ := json.Marshal(map[string]any{
		"eventId": id, "eventType": "sms-\u009b31mdelivery\u0007", "eventCreateTs": ts, "attempt": 1,
		"data": map[string]string{"status": "DELIV\u001b]52;c;aGk=\u0007", "to": "\u202e7701"},
		"sign": sha1hex(id + "|1|" + ts + "|" + string(testSecret)),
	})
	if status, _ := post(t, srv.URL(), "application/json", body); status != 200 {
		t.Fatalf("status %d: a hostile but signed event is still valid", status)
	}
	eventually(t, "the event", func() bool { return len(got.all()) == 1 })
	ev := got.all()[0]
	line := ev.Line(func(s string) string { return "title\u001b[31m" })
	out, _ := json.Marshal(ev)
	for _, shown := range []string{line, string(out), ev.EventID, ev.EventType, ev.Status} {
		for _, bad := range []string{"\u001b", "\u009b", "\u202e", "\u0007"} {
			if strings.Contains(shown, bad) {
				t.Errorf("%q still holds %q", shown, bad)
			}
		}
	}
}

func TestListenerForwardsVerifiedEventsUntouchedAfterAnswering(t *testing.T) {
	type seen struct {
		method, contentType string
		body                []byte
	}
	arrived := make(chan seen, 4)
	release := make(chan struct{})
	customer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		arrived <- seen{r.Method, r.Header.Get("Content-Type"), body}
		if r.URL.Query().Get("slow") != "" {
			<-release // the customer's handler holds on
		}
		w.WriteHeader(http.StatusAccepted)
	}))
	defer customer.Close()
	defer close(release)

	srv, got := startListener(t, ListenerOptions{Forward: customer.URL + "/hook"})
	body := signedBody(601, 1)
	if status, _ := post(t, srv.URL(), "application/json; charset=utf-8", body); status != 200 {
		t.Fatalf("status %d", status)
	}
	s := <-arrived
	if s.method != http.MethodPost || s.contentType != "application/json; charset=utf-8" || !bytes.Equal(s.body, body) {
		t.Fatalf("forwarded %s %q %q, want the request untouched", s.method, s.contentType, s.body)
	}
	eventually(t, "the forwarded event", func() bool { return len(got.all()) == 1 })
	fwd := got.all()[0].Forward
	if fwd == nil || fwd.HTTPStatus != 202 || fwd.Outcome != OutcomeDelivered || fwd.EventID != "601" {
		t.Fatalf("forward %+v", fwd)
	}
	if status, _ := post(t, srv.URL(), "", signedBody(777, 1)); status != 200 { // no Content-Type: still a JSON payload
		t.Fatalf("status %d", status)
	}
	forged := payloadJSON("5", "1", "2026-03-02 09:15:07", sha1hex("forged"))
	post(t, srv.URL(), "application/json", forged)
	eventually(t, "three events", func() bool { return len(got.all()) == 3 })
	if len(arrived) != 1 { // the valid 777 was forwarded, the forgery was not
		t.Fatalf("%d more forwards, want 1", len(arrived))
	}
	<-arrived
	for _, ev := range got.all() { // in the order they completed: a forwarded one after its forward
		if ev.Verified != (ev.Forward != nil) {
			t.Fatalf("event %s verified=%v forwarded=%v: exactly the verified ones are forwarded", ev.EventID, ev.Verified, ev.Forward != nil)
		}
	}
}

func TestASlowForwardNeverDelaysTheAnswerToMobizon(t *testing.T) {
	holding := make(chan struct{}, 1)
	release := make(chan struct{})
	customer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		holding <- struct{}{}
		<-release
	}))
	defer customer.Close()
	srv, got := startListener(t, ListenerOptions{Forward: customer.URL, ForwardTimeout: time.Minute})
	answered := make(chan int, 1)
	go func() {
		resp, err := http.Post(srv.URL(), "application/json", bytes.NewReader(signedBody(700, 1)))
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	<-holding // the customer's handler now holds the forwarded request
	select {
	case status := <-answered:
		if status != 200 {
			t.Fatalf("status %d", status)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the answer to Mobizon waited for the customer's handler")
	}
	close(release)
	eventually(t, "the event", func() bool { return len(got.all()) == 1 })
	if fwd := got.all()[0].Forward; fwd.Outcome != OutcomeDelivered || fwd.HTTPStatus != 200 {
		t.Fatalf("forward %+v", fwd)
	}
}

func TestAForwardPastTheLimitIsReportedAsMobizonWouldCountIt(t *testing.T) {
	release := make(chan struct{})
	customer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer customer.Close()
	defer close(release)
	srv, got := startListener(t, ListenerOptions{Forward: customer.URL, ForwardTimeout: 200 * time.Millisecond})
	if status, _ := post(t, srv.URL(), "application/json", signedBody(701, 1)); status != 200 {
		t.Fatalf("status %d", status)
	}
	eventually(t, "the event", func() bool { return len(got.all()) == 1 })
	fwd := got.all()[0].Forward
	if fwd.Outcome != OutcomeFailed || fwd.Problem != "no-answer" || !strings.Contains(fwd.Message, "200 мс") {
		t.Fatalf("forward %+v", fwd)
	}
	if line := got.all()[0].Line(nil); !strings.Contains(line, "обработчик") || !strings.Contains(line, "failed") {
		t.Fatalf("line %q should show the forward's outcome", line)
	}
}

func TestCloseDeliversEveryEventAndLeavesNoGoroutine(t *testing.T) {
	baseline := runtime.NumGoroutine()
	got := &events{}
	srv, err := NewServer(ListenerOptions{Secret: testSecret, OnEvent: func(ev Event) {
		time.Sleep(2 * time.Millisecond) // a slow printer: events queue up behind it
		got.add(ev)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		post(t, srv.URL(), "application/json", signedBody(900+i, 1))
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(got.all()); n != 20 {
		t.Fatalf("%d events reached OnEvent before Close returned, want 20", n)
	}
	if err := srv.Start("127.0.0.1:0"); err == nil {
		t.Fatal("Start after Close must fail")
	}
	noGoroutinesLeft(t, baseline)
}

func TestListenerNeedsASecretAndAGoodForwardURL(t *testing.T) {
	if _, err := NewServer(ListenerOptions{}); err != ErrNoSecret {
		t.Fatalf("err %v, want ErrNoSecret", err)
	}
	if _, err := NewServer(ListenerOptions{Secret: testSecret, Forward: "localhost:8080"}); err == nil {
		t.Fatal("a forward URL without a scheme must be refused")
	}
	srv, _ := startListener(t, ListenerOptions{})
	other, _ := NewServer(ListenerOptions{Secret: testSecret})
	defer other.Close()
	if err := other.Start(srv.Addr()); err == nil || !strings.Contains(err.Error(), "занят") {
		t.Fatalf("err %v, want a busy address in Russian", err)
	}
}
