package webhook

import (
	"bytes"
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// endpoint is a customer's handler that records what reaches it.
type endpoint struct {
	mu   sync.Mutex
	hits []hit
}

type hit struct {
	path, method, contentType string
	body                      []byte
}

func (e *endpoint) record(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.hits = append(e.hits, hit{r.URL.Path, r.Method, r.Header.Get("Content-Type"), body})
}

func (e *endpoint) all() []hit {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]hit(nil), e.hits...)
}

// customerServer answers by path: /ok 200, /r1 a redirect to /ok, /r2 a
// redirect to /r1, /found a 302 to /ok, /500, /404, /slow (late by
// design), /big (a long answer).
func customerServer(t *testing.T, release <-chan struct{}) (*httptest.Server, *endpoint) {
	e := &endpoint{}
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { e.record(r) })
	mux.HandleFunc("/r1", func(w http.ResponseWriter, r *http.Request) {
		e.record(r)
		http.Redirect(w, r, "/ok", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/r2", func(w http.ResponseWriter, r *http.Request) {
		e.record(r)
		http.Redirect(w, r, "/r1", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/found", func(w http.ResponseWriter, r *http.Request) {
		e.record(r)
		http.Redirect(w, r, "/ok", http.StatusFound)
	})
	mux.HandleFunc("/500", func(w http.ResponseWriter, r *http.Request) { e.record(r); http.Error(w, "boom", 500) })
	mux.HandleFunc("/404", func(w http.ResponseWriter, r *http.Request) { e.record(r); http.NotFound(w, r) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		e.record(r)
		time.Sleep(300 * time.Millisecond) // slower than the test's 100 ms limit: the behaviour under test
	})
	mux.HandleFunc("/hold", func(w http.ResponseWriter, r *http.Request) { e.record(r); <-release })
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		e.record(r)
		_, _ = w.Write(bytes.Repeat([]byte("z"), 4<<20))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, e
}

func sendTo(t *testing.T, opts SendOptions) SendReport {
	t.Helper()
	if opts.Secret == "" {
		opts.Secret = testSecret
	}
	r, err := Send(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSendPostsWhatMobizonPosts(t *testing.T) {
	srv, e := customerServer(t, nil)
	now := time.Date(2026, 3, 2, 9, 15, 7, 0, time.Local)
	r := sendTo(t, SendOptions{URL: srv.URL + "/ok", Status: "UNDELIV", EventID: 4242, Now: func() time.Time { return now }, Limit: DeliveryTimeout})
	if r.Outcome != OutcomeDelivered || r.ExitCode() != 0 || len(r.Deliveries) != 1 {
		t.Fatalf("report %+v", r)
	}
	h := e.all()[0]
	if h.method != http.MethodPost || h.contentType != "application/json" || !bytes.HasPrefix(h.body, []byte(`{"eventId":4242,"eventType":"sms-delivery-report","eventCreateTs":"2026-03-02 09:15:07","webhookId":1,"attempt":1,"data":{"campaignId":`)) {
		t.Fatalf("sent %s %s %s", h.method, h.contentType, h.body)
	}
	p, err := Parse(h.body, h.contentType)
	if err != nil {
		t.Fatal(err)
	}
	if p.Sign != sha1hex("4242|1|2026-03-02 09:15:07|"+string(testSecret)) || p.Status() != "UNDELIV" || len(p.Notes) != 0 {
		t.Fatalf("payload %+v", p)
	}
	if d := r.Deliveries[0]; d.HTTPStatus != 200 || !strings.Contains(d.Message, "доставлено") || !strings.Contains(d.Message, "5 с") {
		t.Fatalf("delivery %+v", d)
	}
}

func TestSendRepeatIsARetryOfTheSameEvent(t *testing.T) {
	srv, e := customerServer(t, nil)
	r := sendTo(t, SendOptions{URL: srv.URL + "/ok", Repeat: true, EventType: EventFormSubmission})
	hits := e.all()
	if len(hits) != 2 || r.Outcome != OutcomeDelivered {
		t.Fatalf("%d requests, outcome %s", len(hits), r.Outcome)
	}
	a, _ := Parse(hits[0].body, "")
	b, _ := Parse(hits[1].body, "")
	if a.EventID != b.EventID || a.Attempt != "1" || b.Attempt != "2" || a.Sign == b.Sign || a.EventCreateTs != b.EventCreateTs {
		t.Fatalf("attempts %+v and %+v", a, b)
	}
	for _, p := range []*Payload{a, b} {
		if v, _ := Verify(p, testSecret); !v.Verified || p.EventType != EventFormSubmission {
			t.Fatalf("attempt %s: %s", p.Attempt, v.Message)
		}
	}
}

func TestSendJudgesAsMobizonDoes(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	srv, _ := customerServer(t, release)
	cases := []struct {
		path    string
		outcome Outcome
		problem string
		say     string
		advice  string
	}{
		{"/r1", OutcomeDelivered, "", "доставлено", ""},
		{"/r2", OutcomeFailed, "too-many-redirects", "2 перенаправления", "конечный адрес"},
		{"/found", OutcomeDelivered, "", "GET без тела", "307/308"}, // 2xx counts, but the body is lost
		{"/500", OutcomeFailed, "http-status", "500", "журнал"},
		{"/404", OutcomeFailed, "http-status", "404", "пути"},
		{"/slow", OutcomeFailed, "slow", "позже", "Отвечайте 200 сразу"},
		{"/hold", OutcomeFailed, "no-answer", "и через 300 мс", "Отвечайте 200 сразу"},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			opts := SendOptions{URL: srv.URL + c.path} // Mobizon's 5 s, except where lateness is the point:
			switch c.path {
			case "/slow":
				opts.Limit, opts.Patience = 100*time.Millisecond, 5*time.Second
			case "/hold":
				opts.Limit, opts.Patience = 100*time.Millisecond, 300*time.Millisecond
			}
			r := sendTo(t, opts)
			d := r.Deliveries[0]
			if d.Outcome != c.outcome || d.Problem != c.problem || r.ExitCode() != c.outcome.ExitCode() {
				t.Fatalf("got %s/%s: %s", d.Outcome, d.Problem, d.Message)
			}
			if !strings.Contains(d.Message, c.say) || !strings.Contains(strings.Join(d.Advice, " "), c.advice) {
				t.Fatalf("message %q advice %q, want %q and %q", d.Message, d.Advice, c.say, c.advice)
			}
		})
	}
}

func TestSendFollowsOneRedirectOnly(t *testing.T) {
	srv, e := customerServer(t, nil)
	r := sendTo(t, SendOptions{URL: srv.URL + "/r2"})
	var paths []string
	for _, h := range e.all() {
		paths = append(paths, h.path)
	}
	if strings.Join(paths, " ") != "/r2 /r1" {
		t.Fatalf("reached %v: the second redirect must not be followed", paths)
	}
	red := r.Deliveries[0].Redirects
	if len(red) != 2 || !red[0].Followed || red[1].Followed || red[0].Status != 307 || !strings.HasSuffix(red[1].Location, "/ok") {
		t.Fatalf("redirects %+v", red)
	}
}

func TestSendSaysHowLateALateAnswerWas(t *testing.T) {
	srv, _ := customerServer(t, nil)
	d := sendTo(t, SendOptions{URL: srv.URL + "/slow", Limit: 100 * time.Millisecond, Patience: 5 * time.Second}).Deliveries[0]
	if d.HTTPStatus != 200 || d.LateByMs < 150 || d.ElapsedMs < 300 {
		t.Fatalf("a 200 after 300 ms with a 100 ms limit: %+v", d)
	}
}

func TestSendReadsABoundedAnswer(t *testing.T) {
	srv, _ := customerServer(t, nil)
	d := sendTo(t, SendOptions{URL: srv.URL + "/big", Limit: DeliveryTimeout}).Deliveries[0]
	if d.Outcome != OutcomeDelivered || len([]rune(d.Response)) > maxExcerpt+1 {
		t.Fatalf("outcome %s, excerpt of %d characters", d.Outcome, len([]rune(d.Response)))
	}
}

func TestSendWithoutAConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/hook"
	ln.Close()
	plain, _ := customerServer(t, nil)
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	cases := []struct {
		name, url string
		problem   string
		say       string
	}{
		{"refused", closed, "refused", "никто не слушает"},
		{"self-signed certificate", tlsSrv.URL + "/hook", "tls", "неизвестным центром"},
		{"https to a plain server", strings.Replace(plain.URL, "http://", "https://", 1) + "/ok", "tls", "не по TLS"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := sendTo(t, SendOptions{URL: c.url, Repeat: true})
			d := r.Deliveries[0]
			if r.Outcome != OutcomeNoConnection || r.ExitCode() != 3 || d.Problem != c.problem || !strings.Contains(d.Message, c.say) || len(d.Advice) == 0 {
				t.Fatalf("report %+v", r)
			}
			if len(r.Deliveries) != 1 {
				t.Fatal("no retry after no connection")
			}
		})
	}
	// The same TLS server, trusted, is delivered to.
	r := sendTo(t, SendOptions{URL: tlsSrv.URL + "/hook", Transport: tlsSrv.Client().Transport, Limit: DeliveryTimeout})
	if r.Outcome != OutcomeDelivered {
		t.Fatalf("trusted TLS: %+v", r)
	}
}

func TestSendRefusesWhatCannotBeSent(t *testing.T) {
	cases := []SendOptions{
		{URL: "http://example.test/", Secret: ""},
		{URL: "example.test/hook", Secret: testSecret},
		{URL: "ftp://example.test/", Secret: testSecret},
		{URL: "http://example.test/", Secret: testSecret, Attempt: 11},
		{URL: "http://example.test/", Secret: testSecret, Status: "delivered"},
		{URL: "http://example.test/", Secret: testSecret, EventType: "Form Submission"},
	}
	for i, opts := range cases {
		_, err := Send(context.Background(), opts)
		if _, usage := err.(*UsageError); !usage && err != ErrNoSecret {
			t.Errorf("case %d: err %v, want a usage error", i, err)
		}
	}
}

func TestPlurals(t *testing.T) {
	for n, want := range map[int]string{1: "1 попытка", 2: "2 попытки", 5: "5 попыток", 11: "11 попыток", 21: "21 попытка", 22: "22 попытки", 112: "112 попыток"} {
		if got := plural(n, "попытка", "попытки", "попыток"); got != want {
			t.Errorf("plural(%d) = %q, want %q", n, got, want)
		}
	}
}
