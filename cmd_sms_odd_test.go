package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// plausibleKey is a key of the real shape, so that no warning about it
// mixes into what a test reads.
const plausibleKey = "Abcdefghij0123456789Abcdefghij0123456789"

// oddServer answers every call with body, and counts the calls.
func oddServer(t *testing.T, body string) (*cliEnv, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if !strings.EqualFold(r.URL.Path, "/service/message/getsmsstatus") {
			t.Errorf("asked %s", r.URL.Path)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	e := newEnv(t)
	e.env["MOBIZON_API_SERVER"] = srv.URL
	e.env["MOBIZON_API_KEY"] = plausibleKey
	return e, &calls
}

// The answers a real API or a proxy may give that the sandbox never does.
func TestSmsStatusOddAnswers(t *testing.T) {
	cases := []struct {
		name    string
		body    string
		status  int
		stdout  []string
		stderr  []string
		noInOut []string
	}{
		{"an id left out", `{"code":0,"message":"","data":[{"id":101,"status":"DELIVRD","segNum":1,"startSendTs":"2026-03-02 10:00:00","statusUpdateTs":"2026-03-02 10:00:04"}]}`,
			exitAPIError, []string{"101  DELIVRD · Доставлено", "102  Не найдено: API не вернул этот ID", "2 сообщения: 1 доставлено, 1 не найдено"}, []string{"API вернул не все сообщения: 2 сообщения"}, nil},
		{"numbers as strings", `{"code":"0","message":"","data":[{"id":"101","status":"DELIVRD","segNum":"2","startSendTs":"2026-03-02 10:00:00","statusUpdateTs":"2026-03-02 10:00:04"},{"id":"102","status":"ACCEPTD","segNum":"1","startSendTs":"2026-03-02 10:00:00","statusUpdateTs":"2026-03-02 10:00:02"}]}`,
			exitOK, []string{"DELIVRD · Доставлено          да             2 ", "ACCEPTD · Принято оператором  нет            1 "}, nil, nil},
		{"an unknown status", `{"code":0,"message":"","data":[{"id":101,"status":"UNKNOWN","segNum":1},{"id":102,"status":"DELIVRD","segNum":1}]}`,
			exitOK, []string{"101  UNKNOWN · ", "2 сообщения: 1 доставлено, 1 в пути"}, []string{`статус «UNKNOWN» сообщения 101 не из таблицы статусов`}, nil},
		{"code 12", `{"code":12,"message":"Слишком много идентификаторов","data":null}`,
			exitAPIError, nil, []string{"message/getSMSStatus ответил кодом 12: «Слишком много идентификаторов»"}, nil},
		{"not a list", `{"code":0,"message":"","data":"no"}`,
			exitNoAnswer, nil, []string{"ответ API не прочитан"}, nil},
		{"hostile text", "{\"code\":0,\"message\":\"\",\"data\":[{\"id\":101,\"status\":\"\\u001b]52;c;aGk=\\u0007X\\u202e\",\"segNum\":1}]}",
			exitAPIError, []string{"101  "}, nil, []string{"\x1b", "\u202e"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, calls := oddServer(t, tc.body)
			out, errOut, status := e.run("sms", "status", "101", "102")
			if status != tc.status {
				t.Errorf("exit %d, want %d\n%s%s", status, tc.status, out, errOut)
			}
			for _, w := range tc.stdout {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.stderr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			for _, w := range tc.noInOut {
				if strings.Contains(out+errOut, w) {
					t.Errorf("%q reached the terminal:\n%q", w, out+errOut)
				}
			}
			if calls.Load() != 1 {
				t.Errorf("%d calls, want 1", calls.Load())
			}
		})
	}
}

// No envelope is no answer (3), and the call is still recorded.
func TestSmsStatusNoAnswer(t *testing.T) {
	e, _ := oddServer(t, "<html>502 Bad Gateway</html>")
	_, errOut, status := e.run("sms", "status", "101")
	if status != exitNoAnswer || !strings.Contains(errOut, "ответа API нет") {
		t.Errorf("exit %d %q", status, errOut)
	}
	if calls := historyCalls(t, e, "message/getSMSStatus"); len(calls) != 1 {
		t.Errorf("%d calls recorded, want the failed one", len(calls))
	}
}

// Text from a server or a customer reaches no terminal as escapes, from
// any sms command, for people and for scripts.
func TestSmsOutputStaysInert(t *testing.T) {
	h, _ := json.Marshal(hostile)
	answers := map[string]string{
		"message/getsmsstatus": `{"code":0,"message":"","data":[{"id":1,"status":` + string(h) + `,"segNum":` + string(h) + `,"startSendTs":` + string(h) + `}]}`,
		"message/list": `{"code":0,"message":"","data":{"totalItemCount":1,"items":[{"id":1,"campaignId":2,"from":` + string(h) +
			`,"to":` + string(h) + `,"status":` + string(h) + `,"text":` + string(h) + `,"startSendTs":"2026-03-02 10:00:00"}]}}`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, answers[strings.TrimPrefix(r.URL.Path, "/service/")])
	}))
	defer srv.Close()
	e := newEnv(t)
	e.env["MOBIZON_API_SERVER"] = srv.URL
	e.env["MOBIZON_API_KEY"] = plausibleKey
	runs := [][]string{
		{"sms", "status", "1"}, {"sms", "status", "1", "--json"},
		{"sms", "list", "--to", "7700"}, {"sms", "list", "--to", "7700", "--json"}, {"sms", "list", "--to", hostile},
		{"sms", "check", hostile}, {"sms", "check", hostile, "--to", hostile, "--validity", hostile, "--json"},
		{"sms", "statuses", hostile, "--plain"}, {"sms", "status", hostile},
		{"call", "message/sendSmsMessage", "recipient=" + hostile, "text=" + hostile, "params[deferredToTs]=" + hostile},
	}
	for _, args := range runs {
		for _, tty := range []bool{false, true} {
			e.tty = tty
			out, errOut, _ := e.run(args...)
			what := fmt.Sprintf("%q tty=%v", args[:min(len(args), 3)], tty)
			assertInert(t, what+" stdout", out)
			assertInert(t, what+" stderr", errOut)
			if strings.Contains(strings.Join(args, " "), "--json") && !json.Valid([]byte(out)) {
				t.Errorf("%s: --json output is not JSON:\n%s", what, out)
			}
		}
	}
}
