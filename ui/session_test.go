package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"net/http"
	"net/http/httptest"

	"codedesk/model/config"
	"codedesk/model/ru"
	"codedesk/sandbox"
)

func TestDemoFirstSendShowsTheCode(t *testing.T) {
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil), withRequest("message/sendSmsMessage", "recipient=77001234567", "text=Привет"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20", "ctrl+s — отправить")
	ls.send(press("ctrl+s"))
	scr := ls.waitFor(t, "Код 0 · ответ", "▌●  0  Успешно", "код 0 · Успешно", "Ответ", glamourCard, "Сообщение принято")
	if strings.Contains(scr, "sendsmsmessage") {
		t.Errorf("method names are shown as the docs write them:\n%s", scr)
	}
}

// statusCount reads "N запрос… статуса" off the screen and checks the noun
// agrees with the number.
func statusCount(t *testing.T, scr string) {
	t.Helper()
	m := regexp.MustCompile(`(\d+) (запрос|запроса|запросов) статуса`).FindStringSubmatch(scr)
	if m == nil {
		t.Fatalf("no count of status requests:\n%s", scr)
	}
	n, _ := strconv.Atoi(m[1])
	if want := ru.Requests.Form(n); m[2] != want {
		t.Errorf("«%s %s статуса»: after %d the noun is «%s»", m[1], m[2], n, want)
	}
}

func TestAFollowedTaskEndsWithItsFinalAnswer(t *testing.T) {
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{TaskDuration: 2 * time.Second}, nil),
		withRequest("campaign/addRecipients", "id=1", "recipientGroups[]=7"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "●100  Фоновая операция", "p следить за задачей")
	ls.send(press("p"))
	ls.waitFor(t, "задача", "esc — стоп") // the progress line while it runs
	scr := ls.waitFor(t, "завершена: 100%", "Задача: завершена, 100%", "taskqueue/getStatus")
	statusCount(t, scr)
	if strings.Contains(scr, "p следить") {
		t.Errorf("a finished task must not offer p:\n%s", scr)
	}
	ls.send(press("p"))
	ls.waitFor(t, "!esc — стоп")
}

func TestARejectedTaskShowsWhereItStopped(t *testing.T) {
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{TaskDuration: time.Second}, nil),
		withRequest("campaign/addRecipients", "id=1", "recipientGroups[]=3"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "p следить за задачей")
	ls.send(press("p"))
	ls.waitFor(t, "отклонена на 60%", "Задача: отклонена, 60%")
}

func TestEscCancelsARunningCall(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	a := newApp(t, 100, 30, withServer(startBlackhole(t, release), "k"), withRequest("user/getOwnBalance"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "отправка…", "esc — отмена")
	ls.send(press("esc"))
	ls.waitFor(t, "запрос отменён", "!отправка…")
}

func TestTheTimeACallTakesIsTheClocks(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	clock := newManualClock(time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC))
	a := newApp(t, 100, 30, withServer(startBlackhole(t, release), "k"), withRequest("user/getOwnBalance"), withClock(clock))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "отправка… 0.0 с")
	clock.Advance(3 * time.Second)
	ls.waitFor(t, "отправка… 3.0 с")
}

func TestWithoutAKeyNothingIsSent(t *testing.T) {
	a := newApp(t, 100, 30, withRequest("user/getOwnBalance"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Нет ключа API", "--demo")
	ls.send(press("ctrl+s"))
	ls.typeText("/лимит")
	ls.waitFor(t, "Код 30", "Нет ключа API", "!отправка")
}

func TestBadFieldsAreNamed(t *testing.T) {
	a := newApp(t, 100, 30, withServer("api.mobizon.kz", "k"), withRequest("sendSmsMessage", "recipient=1"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "нужно module/method")

	a = newApp(t, 100, 30, withServer("api.mobizon.kz", "k"), withRequest("message/sendSmsMessage", "recipient=1"))
	ls = start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("e"), press("enter"))
	ls.typeText("без знака равно")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "строка 2")
}

func TestCode13ResendsAndKeepsTheServerInTheDemoProfile(t *testing.T) {
	var srv *sandbox.Servers
	var cfgPath string
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, &srv), withRequest("user/getOwnBalance"),
		func(t *testing.T, o *Options) { o.Settings.Key = sandbox.KeyUZ; cfgPath = o.ConfigPath })
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 13", "r — повторить на http://"+srv.UZ)
	ls.send(press("r"))
	ls.waitFor(t, "код 0 · Успешно", "s — сохранить сервер", "Сервер http://"+srv.UZ)
	ls.send(press("s"))
	ls.waitFor(t, "сохранён в", filepath.Base(filepath.Dir(cfgPath)))
	data, err := os.ReadFile(cfgPath)
	if err != nil || !strings.Contains(string(data), srv.UZ) {
		t.Errorf("the demo's config after s: %q %v", data, err)
	}
	cfg, err := config.LoadConfig(cfgPath)
	if err != nil || len(cfg.Profiles) != 1 {
		t.Errorf("the demo's own config must read back with one profile: %+v %v", cfg, err)
	}
}

func TestCode30RetriesAfterACountdownThatCountsDown(t *testing.T) {
	clock := newManualClock(time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC))
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{RateLimit: 1, Now: clock.Now}, nil), withClock(clock), withRequest("user/getOwnBalance"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 0 · Успешно")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 30", "r — повторить через 2 с")
	ls.send(press("r"))
	ls.waitFor(t, "повтор через 2 с")
	clock.waitSleeper(t)
	clock.Advance(time.Second)
	ls.waitFor(t, "повтор через 1 с")
	clock.waitSleeper(t)
	clock.Advance(time.Second)
	ls.waitFor(t, "код 0 · Успешно", "!повтор через")
}

func TestNoAnswerIsExplainedAndWorkGoesOn(t *testing.T) {
	a := newApp(t, 100, 30, withServer("http://127.0.0.1:1", "k"), withRequest("user/getOwnBalance"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "Нет ответа API", "отказал в соединении", "Проверьте адрес и порт")
	ls.typeText("/лимит")
	ls.waitFor(t, "Код 30")
}

func TestAServerOutsideTheTrustRuleGetsNoKey(t *testing.T) {
	var hits atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer ts.Close()
	a := newApp(t, 100, 30, withServer("api.mobizon.kz", "real-key-1234567890"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(pasteOf("curl '" + ts.URL + "/service/user/getownbalance'"))
	ls.waitFor(t, "импортировано", "не отправлен на")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "ключ API не отправлен на", "--server")
	if hits.Load() != 0 {
		t.Errorf("the untrusted server was called %d times", hits.Load())
	}
}

func TestA13NamingAForeignHostIsShownNotOffered(t *testing.T) {
	url := answering(t, `{"code":13,"message":"wrong domain","data":"evil.example"}`)
	a := newApp(t, 100, 30, withServer(url, "k"), withRequest("user/getOwnBalance"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	scr := ls.waitFor(t, "код 13", "не предлагается", glamourCard)
	if strings.Contains(scr, "r — повторить") || strings.Contains(scr, "r повторить") {
		t.Errorf("a 13 naming a host outside the trust rule must not offer r:\n%s", scr)
	}
}

func TestHostileTextFromAServerIsInert(t *testing.T) {
	body := `{"code":100,"message":"\u001b]0;owned\u0007 \u001b]52;c;aGk=\u0007\u001b[2J \u202eevil\u2028x",` +
		`"data":{"id":"\u001b]8;;http://evil.example\u0007link\u001b]8;;\u0007\u001b[31m7\u202e"}}`
	a := newApp(t, 100, 30, withServer(answering(t, body), "k"), withRequest("campaign/send", "id=1"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	// A task id with control characters is no task id: nothing to follow.
	ls.waitFor(t, "␛]0;owned", "код 100", glamourCard, "!p следить")
	raw := ls.rawOutput()
	// (Bubble Tea's own sequences, its clear screen and window title, are
	// fine; the server's are not.)
	for _, bad := range []string{"\x1b]0;owned", "\x1b]52;c;aGk", "\x1b]8;;http", "\x1b[31m7", "\u202e", "\u2028"} {
		if strings.Contains(raw, bad) {
			t.Errorf("the terminal received the server's %q", bad)
		}
	}
}

func TestTheDemosProfileReadsAsTheSandboxs(t *testing.T) {
	var srv *sandbox.Servers
	a := newApp(t, 120, 30, withSandbox(sandbox.Options{}, &srv), withRequest("user/getOwnBalance"),
		func(t *testing.T, o *Options) { o.Settings.Key = sandbox.KeyUZ })
	ls := start(t, a, 120, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+p"))
	ls.waitFor(t, "демо работает с песочницей, ключ песочницы sand…; профиль demo появится", "!нет профилей")
	ls.send(press("esc"), press("ctrl+s"))
	ls.waitFor(t, "r — повторить на http://"+srv.UZ)
	ls.send(press("r"))
	ls.waitFor(t, "s — сохранить сервер")
	ls.send(press("s"))
	ls.waitFor(t, "сохранён в профиле demo")
	ls.send(press("ctrl+p"))
	// The picker's row, not the card's «сохранён в профиле demo» beside it.
	var row string
	for _, l := range strings.Split(ls.waitFor(t, "Профили", "demo ", "сейчас"), "\n") {
		if strings.Contains(l, "demo ") && !strings.Contains(l, "сохранён") {
			row = l
			break
		}
	}
	for _, want := range []string{"песочница, регион uz", "ключ песочницы sand…", "по умолчанию", "сейчас"} {
		if !strings.Contains(row, want) {
			t.Errorf("the demo's profile row lacks %q: %q", want, row)
		}
	}
	if strings.Contains(row, "без ключа") {
		t.Errorf("the demo's profile works with the sandbox's key: %q", row)
	}
	ls.send(press("enter"))
	scr := ls.waitFor(t, "профиль demo: песочница, регион uz, ключ песочницы sand…", "Сервер http://"+srv.UZ)
	if strings.Contains(scr, "(ключ песочницы)") || strings.Contains(scr, "из песочницы") {
		t.Errorf("the key is named twice:\n%s", scr)
	}
}
