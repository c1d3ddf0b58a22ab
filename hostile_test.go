package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostile is text a server or a customer may send to take over a
// terminal: an OSC 8 link, clear screen, a window title, an OSC 52
// clipboard write, a C1 CSI, bidi overrides and a line separator.
const hostile = "\x1b]8;;http://evil.example\x07click\x1b]8;;\x07 \x1b[2J\x1b]0;pwned\x07 \x1b]52;c;ZXZpbA==\x07 " +
	"\u009b31m \u202eevil\u202c \u2066x\u2069 a\u2028b"

// hostileServer answers every method with the hostile text wherever the
// envelope has text: message, field errors, recipients, a 13's domain, a
// 100's task id, and a rejected task's reason.
func hostileServer(t *testing.T) *httptest.Server {
	t.Helper()
	h, _ := json.Marshal(hostile)
	answers := map[string]string{
		"user/getownbalance":            `{"code":1,"message":` + string(h) + `,"data":{` + string(h) + `:` + string(h) + `}}`,
		"campaign/addrecipients":        `{"code":100,"message":` + string(h) + `,"data":` + string(h) + `}`,
		"taskqueue/getstatus":           `{"code":0,"message":` + string(h) + `,"data":{"status":3,"progress":40}}`,
		"message/sendsmsmessage":        `{"code":13,"message":` + string(h) + `,"data":` + string(h) + `}`,
		"campaign/send":                 `{"code":98,"message":` + string(h) + `,"data":[{"recipient":` + string(h) + `,"code":5}]}`,
		"message/getsmsstatus":          `{"code":8,"message":` + string(h) + `,"data":null}`,
		"service/nosuch":                `not json ` + hostile,
		"campaign/getinfo":              `{"code":0,"message":"","data":{"text":` + string(h) + `}}`,
		"message/list":                  `{"code":0,"message":"","data":` + string(h) + `}`,
		"taskqueue/getstatus-reference": "",
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/service/")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, answers[name])
	}))
	t.Cleanup(srv.Close)
	return srv
}

// assertInert fails when a byte a terminal would act on reached the output:
// ESC, a C1 control, a bidi control, or a byte that is not UTF-8 (a raw C1).
func assertInert(t *testing.T, what, s string) {
	t.Helper()
	for i, r := range s {
		bad := r == 0x1b || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 ||
			r == utf8.RuneError && !strings.HasPrefix(s[i:], "\ufffd")
		if bad {
			t.Errorf("%s: %U at byte %d reached the terminal:\n%q", what, r, i, s)
			return
		}
	}
}

// Every command that prints a server's or a customer's text, pointed at a
// hostile server, leaves nothing a terminal would act on in stdout or
// stderr, for people and for scripts alike; a key in customer text is
// masked.
func TestNoForeignEscapeReachesTheTerminal(t *testing.T) {
	srv := hostileServer(t)
	e := newEnv(t)
	e.env["MOBIZON_API_SERVER"] = srv.URL
	e.env["MOBIZON_API_KEY"] = "support-key-0123456789"
	runs := [][]string{
		{"call", "user/getOwnBalance"},
		{"call", "user/getOwnBalance", "--json"},
		{"call", "campaign/addRecipients", "id=1", "recipientGroups[]=7"},
		{"call", "campaign/addRecipients", "id=1", "recipientGroups[]=7", "--wait"},
		{"call", "campaign/addRecipients", "id=1", "recipientGroups[]=7", "--wait", "--json"},
		{"call", "message/sendSmsMessage", "recipient=" + hostile, "text=" + hostile},
		{"call", "campaign/send", "id=1"},
		{"call", "message/getSMSStatus", "ids[]=1"},
		{"call", "service/nosuch"},
		{"call", "service/nosuch", "--json"},
		{"call", "message/list"},
		{"import", "curl 'https://api.mobizon.kz/service/user/getownbalance?apiKey=customersecret12345' '" + srv.URL + "/" + hostile + "'"},
		{"import", "curl '" + srv.URL + "/service/campaign/getInfo?apiKey=customersecret12345' -d 'id=" + hostile + "' --frobnicate" + hostile},
		{"import", srv.URL + "/service/campaign/getInfo?id=" + hostile},
		{"history"},
		{"history", "--json"},
		{"history", "--query", hostile},
		{"export", "1"},
		{"export", "1", "--json"},
		{"export", "1", "--reply"},
		{"export", "3", "--reply"},
		{"replay", "--failed", "--yes"},
		{"replay", "--failed", "--json", "--yes"},
		{"replay", "--failed", "--dry-run"},
		{"codes", hostile},
		{"code", hostile},
	}
	for _, args := range runs {
		for _, tty := range []bool{false, true} {
			e.tty = tty
			out, errOut, _ := e.run(args...)
			what := fmt.Sprintf("%q tty=%v", args[:min(len(args), 3)], tty)
			assertInert(t, what+" stdout", out)
			assertInert(t, what+" stderr", errOut)
			if strings.Contains(out+errOut, "customersecret12345") || strings.Contains(out+errOut, "support-key-0123456789") {
				t.Errorf("%s: a key reached the terminal unmasked:\n%s%s", what, out, errOut)
			}
			if strings.Contains(strings.Join(args, " "), "--json") && json.Valid([]byte(out)) == false && out != "" {
				t.Errorf("%s: --json output is not JSON:\n%s", what, out)
			}
		}
	}
}

// --json keeps the server's text exactly for scripts: what decodes is what
// came, only the encoding is inert.
func TestJSONKeepsForeignTextExact(t *testing.T) {
	srv := hostileServer(t)
	e := newEnv(t)
	e.env["MOBIZON_API_SERVER"] = srv.URL
	e.env["MOBIZON_API_KEY"] = "support-key-0123456789"
	out, _, status := e.run("call", "user/getOwnBalance", "--json")
	var got struct {
		Message string `json:"message"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || status != exitAPIError {
		t.Fatalf("exit %d, %v\n%s", status, err, out)
	}
	if got.Message != hostile {
		t.Errorf("the message changed on its way to a script:\n%q\n%q", got.Message, hostile)
	}
}

// A server that echoes someone's key under a key name (not the user's)
// gets it masked on screen as in the history: message and data alike.
func TestAKeyAServerNamesIsMaskedInCallsOutput(t *testing.T) {
	const other = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		code := 0
		if strings.Contains(r.URL.Path, "sendsmsmessage") {
			code = 1 // data read as field errors
		}
		fmt.Fprintf(w, `{"code":%d,"message":"ваш apiKey=`+other+`","data":{"k":"api_key=`+other+`","apiKey":"`+other+`"}}`, code)
	}))
	defer srv.Close()
	e := newEnv(t)
	e.env["MOBIZON_API_SERVER"] = srv.URL
	e.env["MOBIZON_API_KEY"] = "support-key-0123456789"
	out, errOut, status := e.run("call", "user/getOwnBalance")
	if status != exitOK || strings.Contains(out+errOut, other[6:]) || !strings.Contains(out, "AbCd…") {
		t.Errorf("exit %d\n%s%s", status, out, errOut)
	}
	out, errOut, status = e.run("call", "message/sendSmsMessage", "recipient=77001234567", "text=x")
	if status != exitAPIError || strings.Contains(out+errOut, other[6:]) || !strings.Contains(out, "api_key=AbCd…") {
		t.Errorf("field errors: exit %d\n%s%s", status, out, errOut)
	}
	if rows, _, _ := e.run("history", "--json"); strings.Contains(rows, other[6:]) {
		t.Errorf("the history keeps the server's key:\n%s", rows)
	}
}
