package main

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"codedesk/sandbox"
)

var sandboxAddr = regexp.MustCompile(`песочница kz: http://(127\.0\.0\.1:[0-9]+)`)

// testSandbox is `codedesk sandbox` on the test's clock.
func testSandbox(e *cliEnv) func(*Factory) *cobra.Command {
	return func(f *Factory) *cobra.Command {
		return NewCmdSandbox(f, func(ctx context.Context, o *SandboxOptions) error {
			o.base = sandbox.Options{Now: e.clock.Now, RateLimit: 1000}
			return sandboxRun(ctx, o)
		})
	}
}

// startSandbox runs the sandbox command and points e at its kz region.
func startSandbox(t *testing.T, e *cliEnv, args ...string) *running {
	t.Helper()
	r := e.start(testSandbox(e), append([]string{"--addr", "127.0.0.1:0"}, args...)...)
	addr := waitForMatch(t, "the sandbox's address", r.out.String, sandboxAddr)
	e.env["MOBIZON_API_SERVER"] = "http://" + addr
	e.env["MOBIZON_API_KEY"] = sandbox.KeyKZ
	return r
}

// The whole loop on loopback: the sandbox sends an SMS, the message
// reaches its final status, and `webhook listen` receives a verified
// delivery report naming the messageId and campaignId the send returned.
func TestSandboxPostsDeliveryReportsToTheListener(t *testing.T) {
	e := webhookEnv(t)
	listen, url := startListen(t, e, "--json")
	sb := startSandbox(t, e, "--webhook", url, "--webhook-speed", "60")
	if !strings.Contains(sb.out.String(), "подпись: секрет из MOBIZON_WEBHOOK_SECRET") {
		t.Errorf("the sandbox does not say which secret signs:\n%s", sb.out.String())
	}
	messageID, campaignID := sendSMS(t, e, "77001230404")
	e.clock.Sleep(t.Context(), 5*time.Second) // past the final status: the sandbox's sweep notices
	waitFor(t, "the delivery report", func() bool { return len(lines(listen.out.String())) >= 1 })
	ev := jsonEvents(t, listen.out.String())[0]
	data, _ := ev["data"].(map[string]any)
	if ev["verified"] != true || ev["eventType"] != "sms-delivery-report" || ev["attempt"] != float64(1) || ev["status"] != "UNDELIV" {
		t.Errorf("event %v", ev)
	}
	if data["messageId"] != mustFloat(t, messageID) || data["campaignId"] != mustFloat(t, campaignID) || data["to"] != "77001230404" {
		t.Errorf("data %v, want message %s of campaign %s", data, messageID, campaignID)
	}
	waitFor(t, "the sandbox's report of the attempt", func() bool {
		return strings.Contains(sb.out.String(), "вебхук сообщения "+messageID+" (eventId ")
	})
	if !strings.Contains(sb.out.String(), "попытка 1: доставлено: 200 OK") {
		t.Errorf("the attempt's outcome:\n%s", sb.out.String())
	}
	if s := sb.stop(t); s != exitOK {
		t.Errorf("sandbox: exit %d %s", s, sb.errOut.String())
	}
	listen.stop(t)
}

// With no secret set, the sandbox signs with its documented one and says
// so; a failed delivery is retried as Mobizon does (the same eventId, the
// next attempt, a new sign), each attempt printed.
func TestSandboxRetriesWithTheSandboxSecret(t *testing.T) {
	var calls atomic.Int32
	srv, got := endpoint(t, func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	e := newEnv(t)
	sb := startSandbox(t, e, "--webhook", srv.URL+"/hooks", "--webhook-speed", "60")
	if !strings.Contains(sb.out.String(), `подпись: секрет песочницы "sandbox-webhook-secret" (MOBIZON_WEBHOOK_SECRET не задан)`) {
		t.Errorf("start:\n%s", sb.out.String())
	}
	id, _ := sendSMS(t, e, "77001234567")
	e.clock.Sleep(t.Context(), 5*time.Second)
	waitFor(t, "two attempts", func() bool { return strings.Contains(sb.out.String(), "попытка 2: ") })
	out := sb.out.String()
	if !strings.Contains(out, "вебхук сообщения "+id) || !strings.Contains(out, "попытка 1: ответ 503") || !strings.Contains(out, "следующая через 1 с") || !strings.Contains(out, "попытка 2: доставлено") {
		t.Errorf("attempts:\n%s", out)
	}
	got.mu.Lock()
	defer got.mu.Unlock()
	var a, b struct {
		EventID       int64
		Attempt       int
		EventCreateTs string
		Sign          string
	}
	json.Unmarshal([]byte(got.bodies[0]), &a)
	json.Unmarshal([]byte(got.bodies[1]), &b)
	if a.EventID != b.EventID || a.Attempt != 1 || b.Attempt != 2 {
		t.Errorf("attempts %+v %+v", a, b)
	}
	for _, p := range []struct {
		EventID       int64
		Attempt       int
		EventCreateTs string
		Sign          string
	}{a, b} {
		if want := sign(jsonNumber(p.EventID), jsonNumber(int64(p.Attempt)), p.EventCreateTs, "sandbox-webhook-secret"); p.Sign != want {
			t.Errorf("attempt %d signed %s, want %s", p.Attempt, p.Sign, want)
		}
	}
}

func jsonNumber(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestSandboxWebhookUsage(t *testing.T) {
	e := newEnv(t)
	for _, args := range [][]string{{"--webhook", "not a url"}, {"--webhook", "http://127.0.0.1:9/", "--webhook-speed", "-1"}} {
		if _, errOut, status := e.runCmd(testSandbox(e), append([]string{"--addr", "127.0.0.1:0"}, args...)...); status != exitUsage || errOut == "" {
			t.Errorf("%v: exit %d %q", args, status, errOut)
		}
	}
	out, _, status := runCLI(t, "sandbox", "--help")
	if status != exitOK || !strings.Contains(out, "--webhook-speed") || !strings.Contains(out, "sandbox-webhook-secret") || !strings.Contains(out, sandbox.Triggers) {
		t.Errorf("sandbox --help:\n%s", out)
	}
}

func TestRussianTimes(t *testing.T) {
	for f, want := range map[float64]string{60: "60 раз", 2: "2 раза", 21: "21 раз", 1.5: "1,5 раза"} {
		if got := timesWord(f); got != want {
			t.Errorf("%v: %q, want %q", f, got, want)
		}
	}
}
