package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var listenAddr = regexp.MustCompile(`слушаю вебхуки: (http://127\.0\.0\.1:[0-9]+/)`)

// post sends body to url as Mobizon would and returns the answer's status.
func post(t *testing.T, url, body string) int {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// startListen runs `webhook listen` on a free loopback port and returns
// it and the URL it says it listens on.
func startListen(t *testing.T, e *cliEnv, args ...string) (*running, string) {
	t.Helper()
	r := e.start(rootCmd, append([]string{"webhook", "listen", "--addr", "127.0.0.1:0"}, args...)...)
	return r, waitForMatch(t, "the listener's address", r.errOut.String, listenAddr)
}

// jsonEvents are the events a --json listener printed, one a line.
func jsonEvents(t *testing.T, out string) []map[string]any {
	t.Helper()
	var evs []map[string]any
	for _, l := range lines(out) {
		var ev map[string]any
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("not one JSON object a line: %q: %v", l, err)
		}
		evs = append(evs, ev)
	}
	return evs
}

// A real listener on loopback: signed deliveries verified, a retry marked,
// a bad sign 403, a body that is no payload 400, a 2 MiB body 413; each in
// the history; ctrl+c ends it with a summary.
func TestWebhookListenJSON(t *testing.T) {
	e := webhookEnv(t)
	r, url := startListen(t, e, "--json")
	const ts = "2026-03-02 09:15:07"
	sends := []struct {
		body   string
		status int
	}{
		{payload("501", "1", ts, sign("501", "1", ts, testSecret)), 200},
		{payload("501", "2", ts, sign("501", "2", ts, testSecret)), 200},
		{payload("502", "1", ts, sign("502", "1", ts, "not-the-secret")), 403},
		{"hello", 400},
		{`{"a":"` + strings.Repeat("x", 2<<20) + `"}`, 413},
	}
	for i, s := range sends {
		if got := post(t, url, s.body); got != s.status {
			t.Errorf("request %d answered %d, want %d", i, got, s.status)
		}
	}
	waitFor(t, "five events", func() bool { return len(lines(r.out.String())) == 5 })
	if status := r.stop(t); status != exitOK {
		t.Errorf("ctrl+c: exit %d", status)
	}
	evs := jsonEvents(t, r.out.String())
	want := []struct {
		verified, duplicate bool
		http                float64
		verdict             string
	}{{true, false, 200, "valid"}, {true, true, 200, "valid"}, {false, false, 403, "invalid"}, {false, false, 400, "not-payload"}, {false, false, 413, "too-large"}}
	for i, w := range want {
		ev := evs[i]
		if ev["verified"] != w.verified || ev["duplicate"] != w.duplicate || ev["httpStatus"] != w.http || ev["verdict"] != w.verdict {
			t.Errorf("event %d: %v, want %+v", i, ev, w)
		}
	}
	if evs[1]["eventId"] != "501" || evs[1]["attempt"] != float64(2) || evs[0]["eventType"] != "sms-delivery-report" {
		t.Errorf("the retry: %v", evs[1])
	}
	errOut := r.errOut.String()
	if strings.Count(errOut, "повторы распознаются по последним 100 000 eventId") != 1 || !strings.Contains(errOut, "остановлено: принято 5 запросов, подпись верна у 2, повторов 1, отклонено 3") {
		t.Errorf("stderr:\n%s", errOut)
	}
	calls := historyWebhooks(t, e)
	if len(calls) != 5 {
		t.Fatalf("%d webhook events in the history, want 5", len(calls))
	}
	kinds := []string{calls[4].ErrorKind, calls[3].ErrorKind, calls[2].ErrorKind, calls[1].ErrorKind, calls[0].ErrorKind}
	if strings.Join(kinds, ",") != ",,invalid,not-payload,too-large" || calls[4].Method != "sms-delivery-report" || calls[1].Method != "not-payload" {
		t.Errorf("kinds %v, methods %s %s", kinds, calls[4].Method, calls[1].Method)
	}
	// Exported, a delivery is its stored payload and verdict; a curl or a
	// reply to the customer is for calls to the API (2, naming --json).
	id := strconv.FormatInt(calls[4].ID, 10)
	if out, errOut, status := e.run("export", id, "--json"); status != exitOK || !strings.Contains(out, `"sms-delivery-report"`) || !strings.Contains(out, "501") {
		t.Errorf("export --json of a webhook: exit %d\n%s%s", status, out, errOut)
	}
	for _, as := range [][]string{{"export", id}, {"export", id, "--reply"}} {
		if out, errOut, status := e.run(as...); status != exitUsage || !strings.Contains(errOut, "вебхук") || !strings.Contains(errOut, "export "+id+" --json") || strings.Contains(errOut, "повреждён") {
			t.Errorf("%v: exit %d\n%s%s", as, status, out, errOut)
		}
	}
}

type webhookRecord struct {
	ID                     int64
	Module, Method, Source string
	ErrorKind              string `json:"error_kind"`
	Error                  string
}

// historyWebhooks are the webhook events in the history, newest first.
func historyWebhooks(t *testing.T, e *cliEnv) []webhookRecord {
	t.Helper()
	out, errOut, status := e.run("history", "--json", "--limit", "100")
	var all, hooks []webhookRecord
	if err := json.Unmarshal([]byte(out), &all); err != nil || status != exitOK {
		t.Fatalf("history: exit %d %v %s", status, err, errOut)
	}
	for _, c := range all {
		if c.Source == "webhook" && c.Module == "webhook" {
			hooks = append(hooks, c)
		}
	}
	return hooks
}

// For people: one line per event with its status's title, the verdict,
// the retry and the refused size named.
func TestWebhookListenLines(t *testing.T) {
	e := webhookEnv(t)
	r, url := startListen(t, e)
	const ts = "2026-03-02 09:15:07"
	post(t, url, payload("601", "1", ts, sign("601", "1", ts, testSecret)))
	post(t, url, payload("601", "2", ts, sign("601", "2", ts, testSecret)))
	post(t, url, `{"a":"`+strings.Repeat("x", 2<<20)+`"}`)
	waitFor(t, "three lines", func() bool { return len(lines(r.out.String())) == 3 })
	ls := lines(r.out.String())
	for i, want := range []string{"200  sms-delivery-report  #601  попытка 1  UNDELIV (Не доставлено)  ✓ подпись верна", "повтор: этот eventId уже приходил", "413"} {
		if !strings.Contains(ls[i], want) {
			t.Errorf("line %d %q lacks %q", i, ls[i], want)
		}
	}
	r.stop(t)
	if !strings.Contains(r.out.String(), "остановлено: принято 3 запроса") {
		t.Errorf("no summary:\n%s", r.out.String())
	}
}

// --forward passes a verified event on, body untouched, and shows what
// the customer's handler answered.
func TestWebhookListenForwards(t *testing.T) {
	var mu sync.Mutex
	var got []string
	handler := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, string(b))
		mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	defer handler.Close()
	e := webhookEnv(t)
	r, url := startListen(t, e, "--forward", handler.URL+"/hooks", "--json")
	const ts = "2026-03-02 09:15:07"
	body := payload("701", "1", ts, sign("701", "1", ts, testSecret))
	post(t, url, body)
	post(t, url, payload("702", "1", ts, sign("702", "1", ts, "wrong")))
	waitFor(t, "two events", func() bool { return len(lines(r.out.String())) == 2 })
	r.stop(t)
	// Events come out as they complete: a forwarded one once its forward
	// has ended.
	byID := map[any]map[string]any{}
	for _, ev := range jsonEvents(t, r.out.String()) {
		byID[ev["eventId"]] = ev
	}
	evs := []map[string]any{byID["701"], byID["702"]}
	fwd, _ := evs[0]["forward"].(map[string]any)
	if fwd["httpStatus"] != float64(202) || fwd["outcome"] != "delivered" {
		t.Errorf("forward: %v", evs[0]["forward"])
	}
	if _, ok := fwd["elapsedMs"].(float64); !ok {
		t.Errorf("no time taken: %v", fwd)
	}
	if evs[1]["forward"] != nil {
		t.Errorf("an unverified event was forwarded: %v", evs[1])
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || got[0] != body {
		t.Errorf("the handler got %q, want the body untouched", got)
	}
}

func TestWebhookListenUsage(t *testing.T) {
	e := newEnv(t)
	if _, errOut, status := e.run("webhook", "listen", "--addr", "127.0.0.1:0"); status != exitUsage || !strings.Contains(errOut, "MOBIZON_WEBHOOK_SECRET") {
		t.Errorf("no secret: exit %d %q", status, errOut)
	}
	e = webhookEnv(t)
	if _, errOut, status := e.run("webhook", "listen", "--addr", "not an address"); status != exitLocal || errOut == "" {
		t.Errorf("bad address: exit %d %q", status, errOut)
	}
}

// Hostile text in a delivery reaches no terminal as escapes, from verify
// or listen, for people and for scripts.
func TestWebhookOutputStaysInert(t *testing.T) {
	const ts = "2026-03-02 09:15:07"
	h, _ := json.Marshal(hostile)
	bodies := []string{
		strings.Replace(payload("901", "1", ts, sign("901", "1", ts, testSecret)), `"UNDELIV"`, string(h), 1),
		strings.Replace(payload("902", "1", ts, "x"), `"sms-delivery-report"`, string(h), 1),
		payload(string(h), string(h), hostile, hostile),
		hostile,
		"<webhook><eventId>" + hostile + "</eventId></webhook>",
	}
	e := webhookEnv(t)
	for _, tty := range []bool{false, true} {
		e.tty = tty
		for _, b := range bodies {
			for _, args := range [][]string{{"webhook", "verify", writeFile(t, "p", b)}, {"webhook", "verify", writeFile(t, "p", b), "--json"}} {
				out, errOut, _ := e.run(args...)
				assertInert(t, "verify stdout", out)
				assertInert(t, "verify stderr", errOut)
			}
		}
		for _, mode := range [][]string{nil, {"--json"}} {
			r, url := startListen(t, e, mode...)
			for _, b := range bodies {
				post(t, url, b)
			}
			waitFor(t, "every event", func() bool { return len(lines(r.out.String())) == len(bodies) })
			r.stop(t)
			assertInert(t, "listen stdout", r.out.String())
			assertInert(t, "listen stderr", r.errOut.String())
		}
	}
}
