package main

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// syncBuffer is a buffer a command writes from its goroutines while the
// test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// running is a command running in the background until its context ends.
type running struct {
	out, errOut *syncBuffer
	cancel      context.CancelFunc
	finished    chan struct{} // closed when it ends
	status      int           // its exit status, once finished
}

// wait returns the exit status once the command ends.
func (r *running) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-r.finished:
		return r.status
	case <-time.After(30 * time.Second):
		t.Fatal("the command did not end")
		return -1
	}
}

// stop ends the command (ctrl+c) and returns its exit status.
func (r *running) stop(t *testing.T) int {
	t.Helper()
	r.cancel()
	return r.wait(t)
}

// start runs a command built by build (the root, or one command with a
// test's runF) in the background with e's world and streams that can be
// read while it runs.
func (e *cliEnv) start(build func(*Factory) *cobra.Command, args ...string) *running {
	e.t.Helper()
	r := &running{out: &syncBuffer{}, errOut: &syncBuffer{}, finished: make(chan struct{})}
	f := e.factory(nil, nil)
	f.IO = NewIOStreams(strings.NewReader(e.stdin), r.out, r.errOut)
	f.IO.InTTY, f.IO.OutTTY, f.IO.ErrTTY = e.tty, e.tty, e.tty
	cmd := build(f)
	cmd.SetArgs(args)
	cmd.SetFlagErrorFunc(flagError)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	go func() {
		defer close(r.finished)
		err := cmd.ExecuteContext(ctx)
		r.status = exitStatus(err, f.IO.ErrOut)
		f.IO.Flush()
	}()
	e.t.Cleanup(func() { cancel(); <-r.finished })
	return r
}

// runCmd runs a command built by build to its end.
func (e *cliEnv) runCmd(build func(*Factory) *cobra.Command, args ...string) (stdout, stderr string, status int) {
	e.t.Helper()
	r := e.start(build, args...)
	status = r.wait(e.t)
	return r.out.String(), r.errOut.String(), status
}

// waitFor waits for cond, failing loudly after a deadline.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// waitForMatch waits until re matches what read returns, and returns the
// first group.
func waitForMatch(t *testing.T, what string, read func() string, re *regexp.Regexp) string {
	t.Helper()
	var m []string
	waitFor(t, what, func() bool { m = re.FindStringSubmatch(read()); return m != nil })
	return m[1]
}

// rootCmd builds the whole command line.
func rootCmd(f *Factory) *cobra.Command { return newRootCmd(f) }

// sign is Mobizon's sign, computed here independently of the webhook
// package: lower-case hex SHA-1 of eventId|attempt|eventCreateTs|secret.
func sign(eventID, attempt, ts, secret string) string {
	sum := sha1.Sum([]byte(eventID + "|" + attempt + "|" + ts + "|" + secret))
	return hex.EncodeToString(sum[:])
}

const testSecret = "Zebra-Hook-Secret-4711-Sigma"

// payload is a delivery report as Mobizon sends it; idText and attemptText
// are the literal JSON of those fields, signed as signText says.
func payload(idText, attemptText, ts, signText string) string {
	return fmt.Sprintf(`{"eventId":%s,"eventType":"sms-delivery-report","eventCreateTs":%q,"webhookId":3,"attempt":%s,`+
		`"data":{"campaignId":2454551,"messageId":40012345,"segNum":2,"statusUpdateTs":"2026-03-02 09:15:05","status":"UNDELIV","to":"77011234567"},"sign":%q}`,
		idText, ts, attemptText, signText)
}

// writeFile writes a payload file for verify.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func webhookEnv(t *testing.T) *cliEnv {
	e := newEnv(t)
	e.env["MOBIZON_WEBHOOK_SECRET"] = testSecret
	return e
}

func TestWebhookVerifyVerdicts(t *testing.T) {
	const ts = "2026-03-02 09:15:07"
	good := sign("4711", "2", ts, testSecret)
	cases := []struct {
		name, body string
		status     int
		want       []string
	}{
		{"valid", payload("4711", "2", ts, good), exitOK,
			[]string{"✓ подпись верна", "eventId:       4711", "попытка:       2", "статус SMS:    UNDELIV · Не доставлено (окончательный: не доставлено)", `"messageId": 40012345`}},
		{"numbers as strings", payload(`"4711"`, `"2"`, ts, good), exitOK,
			[]string{"✓ подпись верна", "заметка: "}},
		{"a number re-formatted", payload("4711.0", "2", ts, good), exitAPIError,
			[]string{"✗ ", "причина: ", "совпадает, если подписать: 4711|2|" + ts + "|‹секрет›", "Что проверить:", "  • Числа: "}},
		{"a re-formatted timestamp", payload("4711", "2", ts, sign("4711", "2", "2026-03-02T09:15:07Z", testSecret)), exitAPIError,
			[]string{"✗ ", "причина: ", "  • eventCreateTs: "}},
		{"another attempt's sign", payload("4711", "3", ts, good), exitAPIError,
			[]string{"причина: ", "  • attempt: "}},
		{"the wrong secret", payload("4711", "2", ts, sign("4711", "2", ts, "other-secret")), exitAPIError,
			[]string{"причина: не тот секрет", "ожидался:   " + good}},
		{"no sign", strings.Replace(payload("4711", "2", ts, good), `,"sign":"`+good+`"`, "", 1), exitAPIError,
			[]string{"✗ в теле нет поля sign"}},
		{"XML", `<?xml version="1.0"?><webhook><eventId>4711</eventId><eventType>sms-delivery-report</eventType><eventCreateTs>` + ts +
			`</eventCreateTs><webhookId>3</webhookId><attempt>2</attempt><data><messageId>40012345</messageId><status>DELIVRD</status></data><sign>` + good + `</sign></webhook>`,
			exitOK, []string{"формат:        XML", "✓ подпись верна", "DELIVRD · Доставлено"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := webhookEnv(t)
			out, errOut, status := e.run("webhook", "verify", writeFile(t, "p", tc.body))
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

// The docs' own sample does not verify with the docs' secret: said
// gracefully, not as the customer's mistake.
func TestWebhookVerifyTheDocsSample(t *testing.T) {
	e := newEnv(t)
	e.env["MOBIZON_WEBHOOK_SECRET"] = "secret123"
	e.stdin = `{"eventId": 26, "eventType": "sms-delivery-report", "eventCreateTs": "2026-01-15 11:42:28", "webhookId": 1, "attempt": 1,
  "data": {"campaignId": 2454551, "messageId": 40012345, "segNum": 2, "statusUpdateTs": "2026-03-02 09:15:05", "status": "DELIVRD", "to": "77011234567"},
  "sign": "ec0b73a408fa4fc60f046df159103bb776c44db4"}`
	out, _, status := e.run("webhook", "verify", "-")
	if status != exitAPIError || !strings.Contains(out, "это пример из документации Mobizon") || !strings.Contains(out, "причина: пример из документации") {
		t.Errorf("exit %d:\n%s", status, out)
	}
	out, _, _ = e.run("webhook", "verify", "-", "--json")
	var ev struct {
		Verified     bool
		Verification struct{ Verdict, Cause string }
	}
	if err := json.Unmarshal([]byte(out), &ev); err != nil || ev.Verified || ev.Verification.Cause != "docs-sample" || ev.Verification.Verdict != "invalid" {
		t.Errorf("--json: %+v %v\n%s", ev, err, out)
	}
}

func TestWebhookVerifyJSON(t *testing.T) {
	e := webhookEnv(t)
	const ts = "2026-03-02 09:15:07"
	e.stdin = payload("4711", "1", ts, sign("4711", "1", ts, testSecret))
	out, _, status := e.run("webhook", "verify", "--json")
	var ev map[string]any
	if err := json.Unmarshal([]byte(out), &ev); err != nil || status != exitOK {
		t.Fatalf("exit %d %v\n%s", status, err, out)
	}
	if ev["eventId"] != "4711" || ev["verified"] != true || ev["verdict"] != "valid" || ev["status"] != "UNDELIV" || ev["attempt"] != float64(1) {
		t.Errorf("event %v", ev)
	}
	if data, _ := ev["data"].(map[string]any); data["messageId"] != float64(40012345) {
		t.Errorf("data %v", ev["data"])
	}
}

func TestWebhookVerifyUsage(t *testing.T) {
	const ts = "2026-03-02 09:15:07"
	valid := payload("4711", "1", ts, sign("4711", "1", ts, testSecret))
	e := newEnv(t)
	_, errOut, status := e.run("webhook", "verify", writeFile(t, "p.json", valid))
	if status != exitUsage || !strings.Contains(errOut, "MOBIZON_WEBHOOK_SECRET") || !strings.Contains(errOut, "webhook_secret_env") {
		t.Errorf("no secret: exit %d %q", status, errOut)
	}
	e = webhookEnv(t)
	cases := []struct {
		args   []string
		stdin  string
		status int
	}{
		{[]string{"-"}, "hello world", exitUsage},
		{[]string{"-"}, `{"eventId": 1}`, exitUsage},
		{[]string{writeFile(t, "big", `{"a":"`+strings.Repeat("x", 2<<20)+`"}`)}, "", exitUsage},
		{[]string{filepath.Join(t.TempDir(), "nope.json")}, "", exitLocal},
		{[]string{t.TempDir()}, "", exitLocal}, // not a regular file: a local failure, like a missing one
		{[]string{"a", "b"}, "", exitUsage},
	}
	for _, tc := range cases {
		e.stdin = tc.stdin
		out, errOut, status := e.run(append([]string{"webhook", "verify"}, tc.args...)...)
		if status != tc.status || out != "" || errOut == "" {
			t.Errorf("%v: exit %d, want %d; stdout %q stderr %q", tc.args, status, tc.status, out, errOut)
		}
	}
	e.tty = true
	if _, errOut, status := e.run("webhook", "verify"); status != exitUsage || !strings.Contains(errOut, "нужен файл") {
		t.Errorf("nothing to read at a terminal: exit %d %q", status, errOut)
	}
}
