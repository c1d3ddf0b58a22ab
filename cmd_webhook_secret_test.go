package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The webhook secret is provably absent from everything codedesk writes:
// the output and errors of verify, listen, send and the sandbox, and the
// history file, even when bodies, answers and URLs carry it.
func TestWebhookSecretIsNeverWritten(t *testing.T) {
	e := webhookEnv(t)
	var outputs []string
	keep := func(out, errOut string, _ int) { outputs = append(outputs, out, errOut) }
	const ts = "2026-03-02 09:15:07"
	valid := payload("801", "1", ts, sign("801", "1", ts, testSecret))
	carrying := strings.Replace(valid, `"to":"77011234567"`, `"to":"`+testSecret+`"`, 1)
	asSign := payload("802", "1", ts, testSecret)

	for _, body := range []string{valid, carrying, asSign, payload("803", "1", ts, "00"), "secret=" + testSecret} {
		path := writeFile(t, "p", body)
		keep(e.run("webhook", "verify", path))
		keep(e.run("webhook", "verify", path, "--json"))
	}

	listen, url := startListen(t, e)
	for _, body := range []string{valid, carrying, asSign, "junk " + testSecret, `{"a":"` + testSecret + strings.Repeat("x", 2<<20) + `"}`} {
		post(t, url, body)
	}
	waitFor(t, "five events", func() bool { return len(lines(listen.out.String())) == 5 })
	listen.stop(t)
	outputs = append(outputs, listen.out.String(), listen.errOut.String())

	telling, _ := endpoint(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte("wrong sign; my secret is " + testSecret))
	})
	keep(e.run("webhook", "send", telling.URL, "--repeat"))
	keep(e.run("webhook", "send", telling.URL, "--json"))
	keep(e.run("webhook", "send", "http://127.0.0.1:1/?s="+testSecret))
	keep(e.run("webhook", "send", "ftp://"+testSecret+"/"))

	sb := startSandbox(t, e, "--webhook", telling.URL, "--webhook-speed", "6000")
	sendSMS(t, e, "77001234567")
	e.clock.Sleep(t.Context(), 5*time.Second)
	waitFor(t, "the sandbox's attempts", func() bool { return strings.Contains(sb.out.String(), "попытка 2: ") })
	sb.stop(t)
	outputs = append(outputs, sb.out.String(), sb.errOut.String())

	for i, o := range outputs {
		if strings.Contains(o, testSecret) {
			t.Errorf("output %d shows the secret:\n%s", i, o)
		}
	}
	if !strings.Contains(strings.Join(outputs, ""), "‹секрет›") {
		t.Error("nothing was masked: the test did not put the secret where it could leak")
	}
	dir := filepath.Join(e.env["XDG_STATE_HOME"], "codedesk")
	files, _ := os.ReadDir(dir)
	read := 0
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		read += len(data)
		if strings.Contains(string(data), testSecret) {
			t.Errorf("%s holds the secret", f.Name())
		}
	}
	if calls := historyWebhooks(t, e); len(calls) != 5 || read == 0 {
		t.Errorf("%d webhook events in %d bytes of history: the check read nothing", len(calls), read)
	}
}
