package ui

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"codedesk/model/webhook"
	"codedesk/sandbox"
)

// The «Вебхуки» view listens inside the TUI: real HTTP on loopback, real
// signed deliveries, the events kept in the history.

const testSecret = "tui-webhook-secret-7"

func withWebhookSecret(secret string) appOption {
	return func(t *testing.T, o *Options) {
		o.Settings.WebhookSecret, o.Settings.WebhookSecretSource = secret, "MOBIZON_WEBHOOK_SECRET"
	}
}

// listenURL starts the view's listener and returns the address it shows.
func listenURL(t *testing.T, ls *liveScreen) string {
	t.Helper()
	ls.send(press("ctrl+l"))
	ls.waitFor(t, "Вебхуки", "адрес: 127.0.0.1:0")
	ls.send(press("enter"))
	scr := ls.waitFor(t, "слушаю http://127.0.0.1:")
	line := lineOf(scr, "слушаю http://")
	url := line[strings.Index(line, "http://"):]
	return strings.Fields(url)[0]
}

func TestTheWebhooksViewVerifiesEachDeliveryAndKeepsIt(t *testing.T) {
	var path string
	a := newApp(t, 120, 30, withWebhookSecret(testSecret), withHistory(&path))
	ls := start(t, a, 120, 30)
	ls.waitFor(t, "Коды ответов 20")
	url := listenURL(t, ls)
	send := func(o webhook.SendOptions) {
		t.Helper()
		o.URL = url
		if _, err := webhook.Send(context.Background(), o); err != nil {
			t.Fatal(err)
		}
	}
	send(webhook.SendOptions{Secret: testSecret, Status: "UNDELIV", EventID: 4242, Repeat: true})
	ls.waitFor(t, "#4242  попытка 1  UNDELIV (Не доставлено)  ✓ подпись верна", "#4242  попытка 2", "✓ подпись верна  повтор", "↻ ",
		"2 события · ✓ 1 · ✗ 0 · 1 повтор")
	send(webhook.SendOptions{Secret: "not-the-secret", EventID: 4343})
	// The newest is selected: its verdict, what to check, and (scrolled
	// to) its payload.
	scr := ls.waitFor(t, "#4343  попытка 1  DELIVRD (Доставлено)  ✗ подпись неверна", "3 события", "Событие #4343", "причина: не тот секрет")
	ls.send(press("tab"), press("G"))
	scr += ls.waitFor(t, "▶ Событие #4343", `"eventId": 4343`, `"sign": "`)
	if strings.Contains(scr, testSecret) {
		t.Errorf("the secret is on screen:\n%s", scr)
	}
	calls := waitStoredAtLeast(t, path, 3)
	failed := 0
	for _, c := range calls {
		if c.Source != "webhook" || c.Module != "webhook" || c.Method != webhook.EventDeliveryReport {
			t.Errorf("recorded %+v", c)
		}
		if c.ErrorKind != "" {
			failed++
			if c.ErrorKind != string(webhook.VerdictInvalid) || c.Error == "" {
				t.Errorf("the failed event is kept with its verdict: %+v", c)
			}
		}
		if strings.Contains(string(c.Data), testSecret) || strings.Contains(c.Error, testSecret) {
			t.Error("the secret reached the history")
		}
	}
	if failed != 1 {
		t.Errorf("%d events kept as failed, want 1", failed)
	}
	// esc leaves the view; the listener keeps listening; x stops it.
	ls.send(press("esc"))
	ls.waitFor(t, "Коды ответов 20")
	send(webhook.SendOptions{Secret: testSecret, EventID: 4444})
	ls.waitFor(t, "вебхук: ", "#4444")
	ls.send(press("ctrl+l"))
	ls.send(press("x"))
	ls.waitFor(t, "не слушаю", "остановлен")
}

func TestWithoutASecretTheViewSaysHowToSetOne(t *testing.T) {
	ls := start(t, newApp(t, 120, 30), 120, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+l"))
	ls.send(press("enter"))
	ls.waitFor(t, "не задан секрет вебхука", "MOBIZON_WEBHOOK_SECRET", "не слушаю")
}

// withDemoLoop is the demo's sandbox with its final statuses going to the
// TUI's listener, as --demo wires it.
func withDemoLoop(deliveryTime time.Duration) appOption {
	return func(t *testing.T, o *Options) {
		hooks := &DemoWebhooks{}
		withSandbox(sandbox.Options{DeliveryTime: deliveryTime, OnFinal: func(d sandbox.Delivery) {
			hooks.Deliver(webhook.DeliveryReport(d))
		}}, nil)(t, o)
		o.DemoWebhooks = hooks
		o.Method, o.Params = "", nil
		withRequest("message/sendSmsMessage", "recipient=77001234567", "text=Привет из codedesk")(t, o)
	}
}

func TestTheDemoLoopSendWatchWebhook(t *testing.T) {
	a := newApp(t, 120, 30, withDemoLoop(2*time.Second))
	ls := start(t, a, 120, 30)
	ls.waitFor(t, "Коды ответов 20", glamourCard)
	listenURL(t, ls)
	ls.waitFor(t, "песочница шлёт сюда отчёт")
	ls.send(press("esc"))
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "w — следить за доставкой")
	ls.send(press("w"))
	ls.waitFor(t, "Статус DELIVRD", "→ DELIVRD")
	ls.send(press("ctrl+l"))
	ls.waitFor(t, "sms-delivery-report", "DELIVRD (Доставлено)  ✓ подпись верна", "SMS: DELIVRD · Доставлено", `"messageId": 101,`)
}

func TestAHostileDeliveryStaysInert(t *testing.T) {
	a := newApp(t, 120, 30, withWebhookSecret(testSecret))
	ls := start(t, a, 120, 30)
	ls.waitFor(t, "Коды ответов 20")
	url := listenURL(t, ls)
	post := func(body string) int {
		t.Helper()
		resp, err := http.Post(url, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	hostile := "\x1b]52;c;SGVsbG8=\x07\x1b]0;pwned\x07\x1b[2J{\"eventId\":1}"
	if code := post(hostile); code != http.StatusBadRequest {
		t.Fatalf("a body that is no payload: HTTP %d, want 400", code)
	}
	ls.waitFor(t, "1 событие · ✓ 0 · ✗ 1", "✗ ", "400")
	ls.send(press("tab"), press("G"))
	ls.waitFor(t, "␛]52;c;SGVsbG8=")
	if strings.Contains(ls.rawOutput(), "\x1b]52;c;SGVsbG8=") || strings.Contains(ls.rawOutput(), "pwned\x07") {
		t.Error("the customer's escape sequences reached the terminal")
	}
	if code := post(strings.Repeat("x", webhook.MaxBody+1)); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("a body past 1 MiB: HTTP %d, want 413", code)
	}
	ls.waitFor(t, "2 события", "413")
}

// A background notice never takes the place of the user's own result: at
// 80×24 the watch's outcome and the webhook that came meanwhile are both
// in sight, and opening the view that lists it takes the notice away.
func TestAWebhookNoticeKeepsTheWatchsResultInSight(t *testing.T) {
	a := newApp(t, 80, 24, withDemoLoop(time.Second))
	ls := start(t, a, 80, 24)
	ls.waitFor(t, "Коды ответов 20", glamourCard)
	listenURL(t, ls)
	ls.waitFor(t, "песочница шлёт сюда отчёт")
	ls.send(press("esc"))
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 0 · Успешно")
	ls.send(press("w"))
	scr := ls.waitFor(t, "итог: 1 сообщение: 1 доставлено", "вебхук: ", "sms-delivery-report", "ctrl+l — вебхуки")
	if lineOf(scr, "итог:") == lineOf(scr, "вебхук:") {
		t.Errorf("the notice and the result share a line:\n%s", scr)
	}
	ls.send(press("ctrl+l"))
	ls.waitFor(t, "подпись верна: sha1", "!ctrl+l — вебхуки")
}
