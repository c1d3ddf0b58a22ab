package ui

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"codedesk/model"
	"codedesk/model/config"
	"codedesk/model/wire"
	"codedesk/sandbox"
)

// sandboxApp is the app against a sandbox on loopback, as --demo runs it.
func sandboxApp(t *testing.T, sbOpts sandbox.Options, method string, params ...string) (*App, *sandbox.Servers) {
	t.Helper()
	srv, err := sandbox.Start(sbOpts, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	var ps []model.Param
	for _, p := range params {
		kv, err := model.ParseParam(p)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, kv)
	}
	settings := config.Settings{Server: model.MustParseServer("http://" + srv.KZ), Key: sandbox.KeyKZ, KeySource: "теста", Timeout: 5 * time.Second,
		Trust: model.NewTrust(model.MustParseServer("http://"+srv.KZ), model.MustParseServer("http://"+srv.UZ))}
	a := New(Options{Catalog: testCatalog, Settings: settings, Demo: true, Method: method, Params: ps,
		ConfigPath: filepath.Join(t.TempDir(), "config.toml"), Width: 100, Height: 30})
	return a, srv
}

// trustServer lets a test call a server of its own, as --server naming it
// would: the wire client sends the key nowhere else.
func trustServer(a *App, server string) {
	a.ctx.Settings.Trust = a.ctx.Settings.Trust.With(model.MustParseServer(server))
	a.client = wire.NewClient(wire.ClientOptions{Timeout: a.ctx.Settings.Timeout, Trust: a.ctx.Settings.Trust})
}

func TestDemoFirstSendShowsTheCode(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, "message/sendSmsMessage", "recipient=77001234567", "text=Привет")
	ls := startProgram(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20", "ctrl+s — отправить")
	ls.tm.Send(press("ctrl+s"))
	scr := ls.waitFor(t, "Код 0 · ", "●  0  Успешно", "код 0 · Успешно", "Ответ", glamourCard, "Сообщение принято")
	if !strings.Contains(scr, "▌●  0  Успешно") {
		t.Errorf("the answered code must be selected and marked:\n%s", scr)
	}
}

func TestTaskPollingShowsProgressToTheEnd(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{TaskDuration: 2 * time.Second}, "campaign/addRecipients", "id=1", "recipientGroups[]=7")
	ls := startProgram(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.tm.Send(press("ctrl+s"))
	ls.waitFor(t, "●100  Фоновая операция", "p — следить за задачей")
	ls.tm.Send(press("p"))
	ls.waitFor(t, "задача 1", "esc — стоп") // progress line while it runs
	scr := ls.waitFor(t, "завершена: 100%")
	if !strings.Contains(scr, "запросов статуса") {
		t.Errorf("the end of the task must be reported:\n%s", scr)
	}
}

func TestTaskProgressLineAndTerminalProgressBar(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, "campaign/addRecipients", "id=1", "recipientGroups[]=7")
	send(t, a, press("ctrl+s"))
	if a.last == nil || a.last.resp.Code != 100 || a.last.taskID == "" {
		t.Fatalf("last answer %+v, want a 100 with a task id", a.last)
	}
	if !a.canPoll() {
		t.Fatal("a 100 must offer polling")
	}
	_, cmd := a.Update(press("p"))
	if cmd == nil || a.request.task == nil || a.pollCancel == nil {
		t.Fatal("p must start following the task")
	}
	a.Update(taskUpdateMsg{seq: a.pollSeq, update: wire.TaskUpdate{Attempt: 2, Response: model.Response{Envelope: model.Envelope{Code: 0}}, State: model.TaskState{Status: 1, Progress: 45}}})
	s := screen(a)
	if !strings.Contains(s, "задача") || !strings.Contains(s, "выполняется") || !strings.Contains(s, "45%") {
		t.Errorf("the status line must show the task's state and progress:\n%s", s)
	}
	if pb := a.View().ProgressBar; pb == nil || pb.Value != 45 {
		t.Errorf("the terminal's progress bar = %+v, want 45", pb)
	}
	seq := a.pollSeq
	if _, cmd := a.Update(press("p")); cmd != nil || a.pollSeq != seq {
		t.Error("p again while polling must not start a second poller")
	}
	ch := a.pollCh
	a.Update(press("esc"))
	// The poller stops and says so; drain its messages as the runtime would.
	for {
		msg := waitTask(ch)()
		if msg == nil {
			t.Fatal("the poller ended without a done message")
		}
		a.Update(msg)
		if _, done := msg.(taskDoneMsg); done {
			break
		}
	}
	if a.pollCancel != nil || a.request.task != nil || !strings.Contains(screen(a), "остановлено") {
		t.Errorf("esc must stop following the task:\n%s", screen(a))
	}
}

func TestEscCancelsARunningCall(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, "user/getOwnBalance")
	_ = srv
	// A server that never answers.
	blocked := make(chan struct{})
	defer close(blocked)
	hole := "http://" + startBlackhole(t, blocked)
	trustServer(a, hole)
	a.request.SetServer(hole)
	_, cmd := a.Update(press("ctrl+s"))
	if !a.running() || !a.request.running {
		t.Fatal("ctrl+s must start the call")
	}
	if !strings.Contains(screen(a), "отправка…") {
		t.Errorf("a running call shows a spinner and time:\n%s", screen(a))
	}
	if pb := a.View().ProgressBar; pb == nil || pb.State != tea.ProgressBarIndeterminate {
		t.Error("a running call shows an indeterminate terminal progress bar")
	}
	a.Update(press("esc"))
	msg := runBatchUntil(t, cmd, func(m tea.Msg) bool { _, ok := m.(answerMsg); return ok })
	a.Update(msg)
	if a.running() || !strings.Contains(screen(a), "запрос отменён") {
		t.Errorf("esc must cancel the call:\n%s", screen(a))
	}
}

func TestNoKeySaysHowToGetOne(t *testing.T) {
	a := New(Options{Catalog: testCatalog, Settings: config.Settings{Server: model.MustParseServer(model.DefaultServer)}, Width: 100, Height: 30})
	if !strings.Contains(screen(a), "Нет ключа API") || !strings.Contains(screen(a), "--demo") {
		t.Errorf("without a key the request pane must say how to set one:\n%s", screen(a))
	}
	send(t, a, press("ctrl+s"))
	if a.running() || a.last != nil {
		t.Error("nothing is sent without a key")
	}
	// Browsing still works.
	send(t, a, press("/"))
	typeText(t, a, "лимит")
	if sel, _ := a.codes.Selected(); sel.Number != 30 {
		t.Errorf("browsing without a key: cursor on %d", sel.Number)
	}
}

func TestBadRequestFieldsAreNamed(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, "message/sendSmsMessage", "recipient=77001234567")
	a.request.method.SetValue("sendSmsMessage")
	send(t, a, press("ctrl+s"))
	if a.last != nil || !strings.Contains(screen(a), "module/method") {
		t.Errorf("a method without a module must be named, not sent:\n%s", screen(a))
	}
	a.request.method.SetValue("message/sendSmsMessage")
	a.request.params.SetValue("recipient=1\nбез знака равно")
	send(t, a, press("ctrl+s"))
	if a.last != nil || !strings.Contains(screen(a), "строка 2") {
		t.Errorf("a bad parameter line must be named:\n%s", screen(a))
	}
}

func TestCode13ResendsAndOffersToKeepTheServer(t *testing.T) {
	a, srv := sandboxApp(t, sandbox.Options{}, "user/getOwnBalance")
	a.ctx.Settings.Key = sandbox.KeyUZ
	a.ctx.Demo = false // saving is off in the demo
	send(t, a, press("ctrl+s"))
	if a.last.resp.Code != 13 || a.last.server13 == nil || a.last.server13.Host != srv.UZ {
		t.Fatalf("last = %+v, want a 13 naming %s", a.last.resp, srv.UZ)
	}
	if !strings.Contains(screen(a), "r — повторить на http://"+srv.UZ) {
		t.Errorf("a 13 offers the resend:\n%s", screen(a))
	}
	send(t, a, press("r"))
	if a.last.resp.Code != 0 || a.last.req.Server.Host != srv.UZ {
		t.Fatalf("after r: code %d at %s, want 0 at %s", a.last.resp.Code, a.last.req.Server.Host, srv.UZ)
	}
	if !a.canSaveSrv || !strings.Contains(screen(a), "s — сохранить сервер") {
		t.Fatalf("after a successful resend, keeping the server is offered:\n%s", screen(a))
	}
	send(t, a, press("s"))
	data, err := os.ReadFile(a.configPath)
	if err != nil || !strings.Contains(string(data), srv.UZ) {
		t.Errorf("config after s: %q %v", data, err)
	}
	if !strings.Contains(screen(a), "сохранён") {
		t.Errorf("saving is confirmed:\n%s", screen(a))
	}
}

func TestCode30RetriesAfterABackoff(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{RateLimit: 1}, "user/getOwnBalance")
	send(t, a, press("ctrl+s"), press("ctrl+s"))
	if a.last.resp.Code != 30 {
		t.Fatalf("second call within a second: code %d, want 30", a.last.resp.Code)
	}
	_, cmd := a.Update(press("r"))
	if cmd == nil || !strings.Contains(screen(a), "повтор через 2 с") {
		t.Fatalf("r after a 30 waits 2 s first:\n%s", screen(a))
	}
	if a.last.resp.Code != 30 || a.running() {
		t.Fatal("nothing is sent before the backoff is over")
	}
	time.Sleep(time.Second) // the sandbox's window
	send(t, a, retryMsg{seq: a.retrySeq})
	if a.last.resp.Code != 0 {
		t.Errorf("after the backoff: code %d, want 0", a.last.resp.Code)
	}
}

func TestCode1And98ShowTables(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, "message/sendSmsMessage", "recipient=12ab", "text=x")
	send(t, a, press("ctrl+s"))
	waitRendered(t, a)
	send(t, a, press("j"), press("j"), press("j"), press("j"), press("j")) // the table is under the summary
	s := screen(a)
	for _, want := range []string{"Поле", "Ошибка", "recipient", "Номер должен"} {
		if !strings.Contains(s, want) {
			t.Errorf("code 1 must show a field → error table; lacks %q:\n%s", want, s)
		}
	}
	a.request.method.SetValue("campaign/addRecipients")
	a.request.params.SetValue("id=1\nrecipients[]=77001234567\nrecipients[]=77001110005")
	send(t, a, press("ctrl+s"))
	waitRendered(t, a)
	send(t, a, press("space")) // the table is below the summary
	s = screen(a)
	for _, want := range []string{"Получатель", "77001110005", "номер в стоп-листе"} {
		if !strings.Contains(s, want) {
			t.Errorf("code 98 must show a per-item table; lacks %q:\n%s", want, s)
		}
	}
}

func TestNoEnvelopeShowsAnErrorViewAndKeepsWorking(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, "user/getOwnBalance")
	trustServer(a, "http://127.0.0.1:1")
	a.request.SetServer("http://127.0.0.1:1")
	send(t, a, press("ctrl+s"))
	s := screen(a)
	if !strings.Contains(s, "Нет ответа API") || !strings.Contains(s, "отказал в соединении") {
		t.Errorf("a refused connection must be explained:\n%s", s)
	}
	a.request.SetServer(a.ctx.Settings.Server.BaseURL())
	send(t, a, press("ctrl+s"))
	if a.last.err != nil || a.last.resp.Code != 0 {
		t.Errorf("the next call must work: %+v", a.last)
	}
}

func TestHostileAnswerIsInert(t *testing.T) {
	ts := hostileServer(t)
	a, _ := sandboxApp(t, sandbox.Options{}, "user/getOwnBalance")
	trustServer(a, ts)
	a.request.SetServer(ts)
	send(t, a, press("ctrl+s"))
	waitRendered(t, a)
	view := a.View().Content
	for _, bad := range []string{"\x1b]0;", "\x1b]52;", "\x1b[2J", "\x07"} {
		if strings.Contains(view, bad) {
			t.Errorf("the screen carries the server's %q", bad)
		}
	}
	if !strings.Contains(screen(a), "␛]0;owned") {
		t.Errorf("the escape must be shown as a visible placeholder:\n%s", screen(a))
	}
}

func TestMethodChoiceOffersItsParameters(t *testing.T) {
	a := New(Options{Catalog: testCatalog, Settings: config.Settings{Server: model.MustParseServer(model.DefaultServer), Key: "k"}, Width: 100, Height: 30})
	runCmd(t, a, a.Init(), 0)              // completions arrive after the first frame
	send(t, a, press("tab"), press("tab")) // codes → detail → method
	if a.focus != focusMethod {
		t.Fatalf("focus %d, want the method field", a.focus)
	}
	typeText(t, a, "link/gets")
	send(t, a, press("enter"))
	if a.focus != focusParams || a.request.method.Value() != "link/getStats" {
		t.Fatalf("enter takes the completion: %q, focus %d", a.request.method.Value(), a.focus)
	}
	params := a.request.params.Value()
	if !strings.HasPrefix(params, "ids[]=1") || !strings.Contains(params, "# type=daily") {
		t.Errorf("documented parameters offered:\n%s", params)
	}
	// The user's own parameters are never replaced.
	a.request.params.SetValue("ids[]=7")
	send(t, a, press("shift+tab"))
	a.request.method.SetValue("link/get")
	send(t, a, press("tab"))
	if a.request.params.Value() != "ids[]=7" {
		t.Errorf("typed parameters were replaced: %q", a.request.params.Value())
	}
}

func TestBigDataIsShownPlain(t *testing.T) {
	items := make([]string, 0, 3000)
	for i := 0; i < 3000; i++ {
		items = append(items, `{"id":"`+strings.Repeat("7", 20)+`","status":"DELIVRD"}`)
	}
	body := `{"code":0,"message":"","data":[` + strings.Join(items, ",") + `]}`
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, body) }))
	defer ts.Close()
	a, _ := sandboxApp(t, sandbox.Options{}, "message/list")
	trustServer(a, ts.URL)
	a.request.SetServer(ts.URL)
	start := time.Now()
	send(t, a, press("ctrl+s"))
	waitRendered(t, a)
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("a %d KiB answer took %v to show", len(body)>>10, took)
	}
	out := a.detail.cards[a.detail.currentKey()]
	if !strings.Contains(out, "без подсветки") || !strings.Contains(out, `"status": "DELIVRD"`) {
		t.Errorf("big data must follow the card as plain text; got %d bytes", len(out))
	}
	if strings.Contains(out, "## data") {
		t.Error("big data must not go through glamour")
	}
}
