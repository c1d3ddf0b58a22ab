package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestASecretNeverFormatsAsItself(t *testing.T) {
	for _, verb := range []string{"%v", "%s", "%q", "%x", "%X", "%#v", "%+v", "%d", "%10s"} {
		if got := fmt.Sprintf(verb, testSecret); strings.Contains(got, string(testSecret)) || strings.Contains(got, fmt.Sprintf("%x", string(testSecret))) {
			t.Errorf("%s shows the secret: %s", verb, got)
		}
	}
	out, _ := json.Marshal(struct{ S Secret }{testSecret})
	if strings.Contains(string(out), string(testSecret)) {
		t.Errorf("JSON shows the secret: %s", out)
	}
}

// leakCheck collects everything a run hands back, as a caller would print
// or store it, and fails if the secret is anywhere in it.
type leakCheck struct {
	t     *testing.T
	shown []string
}

func (l *leakCheck) add(what string, values ...any) {
	for _, v := range values {
		if err, ok := v.(error); ok && err != nil {
			l.shown = append(l.shown, what+": "+err.Error())
			continue
		}
		out, err := json.Marshal(v)
		if err != nil {
			l.t.Fatalf("%s: %v", what, err)
		}
		l.shown = append(l.shown, what+": "+string(out), what+": "+fmt.Sprintf("%+v", v))
		if ev, ok := v.(Event); ok {
			l.shown = append(l.shown, ev.Line(nil), string(ev.Body))
			if ev.Verification != nil {
				out, _ := json.Marshal(ev.Verification)
				l.shown = append(l.shown, string(out))
			}
		}
	}
}

func (l *leakCheck) assert() {
	l.t.Helper()
	forms := append(testSecret.forms(), string(testSecret)[:10]) // not even a piece of it
	for _, s := range l.shown {
		for _, f := range forms {
			if strings.Contains(s, f) {
				l.t.Errorf("the secret leaked: %.300s", s)
			}
		}
	}
	if len(l.shown) < 20 {
		l.t.Fatalf("only %d outputs checked", len(l.shown))
	}
}

// TestTheSecretIsAbsentFromEveryOutput runs every part with a
// recognisable secret, including bodies and endpoints that carry the
// secret themselves, and marshals all they hand back.
func TestTheSecretIsAbsentFromEveryOutput(t *testing.T) {
	leak := &leakCheck{t: t}
	s := string(testSecret)
	ts := "2026-03-02 09:15:07"
	bodies := [][]byte{
		fixture(t, "valid.json"), fixture(t, "reformatted-ts.json"), fixture(t, "missing-sign.json"),
		fixture(t, "valid.xml"), fixture(t, "valid.raw"),
		payloadJSON(`"`+s+`"`, "1", ts, sha1hex(s+"|1|"+ts+"|"+s)), // the secret as the event id
		payloadJSON("4711.0", "2", ts, sha1hex("4711|2|"+ts+"|"+s)),
		payloadJSON("1", "2", s, strings.Repeat("a", 40)),
		payloadJSON("1", "2", strings.Repeat("x", 70)+s, strings.Repeat("y", 70)+s), // a long value, cut where the secret starts
		[]byte(`{"eventId":1,"eventType":"x","eventCreateTs":"y","attempt":1,"data":{"echo":"` + s + `"},"sign":"` + s + `"}`),
		[]byte(`{"note":"` + s + `"}`),
		[]byte("<r><" + s + ">1</r>"),
	}
	for _, body := range bodies {
		p, err := Parse(body, "")
		leak.add("parse error", err)
		if err == nil {
			v, _ := Verify(p, testSecret)
			leak.add("verification", v)
		}
		ev, err := Check(body, "", testSecret)
		leak.add("check", ev, err)
	}
	srv, got := startListener(t, ListenerOptions{})
	for _, body := range bodies {
		status, answer := post(t, srv.URL(), "application/json", body)
		leak.shown = append(leak.shown, fmt.Sprint(status, answer))
	}
	eventually(t, "every event", func() bool { return len(got.all()) == len(bodies) })
	for _, ev := range got.all() {
		leak.add("event", ev)
	}
	leak.add("stats", srv.Handler().Stats())
	sendLeaks(t, leak)
	leak.assert()
}

// sendLeaks runs Send and the Dispatcher against an endpoint that echoes
// the secret back, in its answer and in a redirect.
func sendLeaks(t *testing.T, leak *leakCheck) {
	s := string(testSecret)
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/away" {
			http.Redirect(w, r, "/again?s="+url.QueryEscape(s), http.StatusTemporaryRedirect)
			return
		}
		if r.URL.Path == "/again" {
			http.Redirect(w, r, "/"+s, http.StatusTemporaryRedirect)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, "your secret is %s", s)
	}))
	defer echo.Close()
	for _, target := range []string{echo.URL + "/", echo.URL + "/away", echo.URL + "/?token=" + s, "http://127.0.0.1:1/" + s, "not a url " + s} {
		r, err := Send(context.Background(), SendOptions{URL: target, Secret: testSecret, Repeat: true, Limit: time.Second, Patience: time.Second})
		leak.add("send", r, err)
	}
	attempts := make(chan DispatchAttempt, 1)
	d, err := NewDispatcher(DispatcherOptions{URL: echo.URL + "/" + s, Secret: testSecret, OnAttempt: func(a DispatchAttempt) {
		select {
		case attempts <- a:
		default:
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	_ = d.Deliver(DeliveryReport{MessageID: 1, To: s, Status: "DELIVRD"})
	leak.add("dispatch", <-attempts)
	_, err = NewDispatcher(DispatcherOptions{URL: "ftp://" + s, Secret: testSecret})
	leak.add("dispatcher error", err, ErrNoSecret, ErrClosed, ErrBusy)
}
