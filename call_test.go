package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"codedesk/sandbox"
)

func TestCallPrintsTheAnswer(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	out, _, status := e.run("call", "USER/getownbalance") // the docs' spelling whatever the customer wrote
	if status != exitOK {
		t.Fatalf("exit %d", status)
	}
	for _, want := range []string{"0 · Успешно", "Баланс получен", `"balance": "1520.7500"`, " · user/getOwnBalance · ", "ключ sand…"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, sandbox.KeyKZ) {
		t.Errorf("the key is printed unmasked:\n%s", out)
	}
}

func TestCallExitStatusAndTables(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	cases := []struct {
		args   []string
		status int
		words  []string
	}{
		{[]string{"call", "campaign/addRecipients", "id=1", "recipients[]=77001234567", "recipients[]=77001110005"}, exitAPIError,
			[]string{"98 · Выполнено частично", "77001110005  5    номер в стоп-листе"}},
		{[]string{"call", "message/sendSmsMessage", "recipient=12ab", "text=x"}, exitAPIError,
			[]string{"1 · Ошибка валидации данных", "recipient  Номер должен быть"}},
		{[]string{"call", "campaign/addRecipients", "id=1", "recipientGroups[]=7"}, exitOK,
			[]string{"100 · Фоновая операция\n", "--wait"}},
		{[]string{"call", "nosuch/method"}, exitAPIError, []string{"4 · Неверный модуль"}},
		{[]string{"call", "message/sendSmsMessage"}, exitAPIError, []string{"11 · Нет обязательных параметров", "Нет recipient или text"}},
		{[]string{"call", "notamethod"}, exitUsage, nil},
		{[]string{"call", "user/getOwnBalance", "noequals"}, exitUsage, nil},
	}
	for _, tc := range cases {
		out, errOut, status := e.run(tc.args...)
		if status != tc.status {
			t.Errorf("%v: exit %d, want %d\n%s%s", tc.args, status, tc.status, out, errOut)
		}
		for _, w := range tc.words {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", tc.args, w, out)
			}
		}
		if strings.Contains(out, "Что делать") {
			t.Errorf("%v: the hint is for people at a terminal, not for pipes:\n%s", tc.args, out)
		}
	}
}

// 8.10: at a terminal `call` says what to do, and the header of a 100
// does not repeat its class.
func TestCallOnATerminalPrintsTheHint(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	e.tty = true
	out, _, status := e.run("call", "message/sendSmsMessage", "text=x")
	if status != exitAPIError || !strings.Contains(out, "11 · Нет обязательных параметров") || !strings.Contains(out, "Что делать: ") {
		t.Errorf("exit %d:\n%s", status, out)
	}
	out, _, _ = e.run("call", "campaign/addRecipients", "id=1", "recipientGroups[]=7")
	if strings.Contains(out, "Фоновая операция — фоновая операция") || !strings.Contains(out, "Что делать: ") {
		t.Errorf("100 on a terminal:\n%s", out)
	}
}

func TestCallWrongKeyIsMasked(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	const key = "customer-secret-key-0123456789"
	e.env["MOBIZON_API_KEY"] = key
	out, errOut, status := e.run("call", "user/getOwnBalance")
	if status != exitAPIError || !strings.Contains(out, "8 · Ошибка авторизации") {
		t.Errorf("exit %d:\n%s", status, out)
	}
	if strings.Contains(out+errOut, key) || !strings.Contains(out, "ключ cust…") {
		t.Errorf("the key must appear masked only:\n%s%s", out, errOut)
	}
}

func TestCallJSON(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	out, _, status := e.run("call", "message/sendSmsMessage", "recipient=77001234567", "text=Привет", "--json")
	if status != exitOK {
		t.Fatalf("exit %d", status)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"code", "message", "data", "duration_ms"} {
		if _, ok := got[k]; !ok {
			t.Errorf("--json lacks %q: %s", k, out)
		}
	}
	if got["code"] != float64(0) {
		t.Errorf("code = %v", got["code"])
	}
	if data, _ := got["data"].(map[string]any); data["messageId"] == nil {
		t.Errorf("data = %v", got["data"])
	}
}

// taskReport is the part of `call --wait --json` about the task.
type taskReport struct {
	Code int `json:"code"`
	Task struct {
		Status   int    `json:"status"`
		Progress int    `json:"progress"`
		Outcome  string `json:"outcome"`
		Message  string `json:"message"`
	} `json:"task"`
}

// --wait follows the task on the test's clock: the sandbox's task takes
// five of its seconds and the poller waits them without the test waiting.
func TestCallWaitFollowsTheTask(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{TaskDuration: 5 * time.Second})
	out, errOut, status := e.run("call", "campaign/addRecipients", "id=1", "recipientGroups[]=7", "--wait", "--json")
	if status != exitOK {
		t.Fatalf("exit %d\n%s%s", status, out, errOut)
	}
	var got taskReport
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.Code != 100 || got.Task.Status != 2 || got.Task.Progress != 100 || got.Task.Outcome != "finished" {
		t.Errorf("got %+v", got)
	}
	if !strings.Contains(errOut, "завершена, 100%") || strings.Count(errOut, "\n") < 3 {
		t.Errorf("progress must go to stderr, poll by poll:\n%s", errOut)
	}
	if slept := e.clock.Slept(); slept < 4*time.Second {
		t.Errorf("the poller waited %v of the task's 5 s: it must poll once a second", slept)
	}
}

// A rejected task (status 3) fails the command with the API's reason.
func TestCallWaitRejectedTaskFails(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{TaskDuration: 3 * time.Second})
	out, errOut, status := e.run("call", "campaign/addRecipients", "id=1", "recipientGroups[]=3", "--wait")
	if status != exitAPIError {
		t.Errorf("rejected task: exit %d, want %d\n%s%s", status, exitAPIError, out, errOut)
	}
	if !strings.Contains(out, "отклонена") || !strings.Contains(errOut, "codedesk: задача 101 отклонена: "+sandbox.RejectedTaskReason) {
		t.Errorf("the rejection and its reason must be said:\n%s\n%s", out, errOut)
	}
	// The history and a replay show the task's last getStatus as rejected,
	// with the reason, not as a bare "0 ✗".
	out, errOut, _ = e.run("history", "--limit", "1")
	if row := strings.Split(out, "\n")[1]; !strings.Contains(row, "taskqueue/getStatus  0 ✗  задача отклонена: Загрузка получателей") {
		t.Errorf("history:\n%s%s", out, errOut)
	}
	e.clock.Add(2 * time.Second) // the sandbox answers 30 to a getStatus sooner than a second
	out, errOut, status = e.run("replay", "2")
	if row := strings.Split(out, "\n")[1]; status != exitAPIError || !strings.Contains(row, "0 ✗   →  0 ✗    задача отклонена: Загрузка получателей") {
		t.Errorf("replay: exit %d\n%s%s", status, out, errOut)
	}
	out, _, status = e.run("call", "campaign/addRecipients", "id=1", "recipientGroups[]=3", "--wait", "--json")
	var got taskReport
	if err := json.Unmarshal([]byte(out), &got); err != nil || status != exitAPIError || got.Task.Status != 3 || got.Task.Outcome != "rejected" {
		t.Errorf("--json: exit %d, %v %+v\n%s", status, err, got, out)
	}
}

func TestCallNoAnswerIsExit3(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	_, errOut, status := e.run("call", "user/getOwnBalance", "--server", "http://127.0.0.1:1")
	if status != exitNoAnswer || !strings.Contains(errOut, "отказал в соединении") || !strings.Contains(errOut, "Проверьте адрес") {
		t.Errorf("exit %d, stderr %q", status, errOut)
	}
	out, _, status := e.run("call", "user/getOwnBalance", "--server", "http://127.0.0.1:1", "--json")
	if status != exitNoAnswer || !strings.Contains(out, `"kind": "refused"`) {
		t.Errorf("--json: exit %d, %s", status, out)
	}
}

func TestCallWithoutKeySaysHowToGetOne(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	delete(e.env, "MOBIZON_API_KEY")
	_, errOut, status := e.run("call", "user/getOwnBalance")
	if status != exitUsage || !strings.Contains(errOut, "MOBIZON_API_KEY") || !strings.Contains(errOut, "--demo") {
		t.Errorf("exit %d, stderr %q", status, errOut)
	}
}

func TestSandboxHelpListsTriggers(t *testing.T) {
	out, _, status := runCLI(t, "sandbox", "--help")
	if status != exitOK || !strings.Contains(out, sandbox.Triggers) {
		t.Errorf("sandbox --help must list the triggers:\n%s", out)
	}
}

// --wait on a background answer that names no task cannot keep its
// promise: exit 1, said on stderr; without --wait the 100 succeeds.
func TestCallWaitWithoutATaskID(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `{"code":100,"message":"","data":null}`)
	}))
	t.Cleanup(srv.Close)
	e := newEnv(t)
	e.env["MOBIZON_API_SERVER"], e.env["MOBIZON_API_KEY"] = srv.URL, "support-key-0123456789"
	if _, errOut, status := e.run("call", "campaign/addRecipients", "id=1", "--wait"); status != exitAPIError || !strings.Contains(errOut, "нет ID задачи") {
		t.Errorf("--wait: exit %d %s", status, errOut)
	}
	if _, errOut, status := e.run("call", "campaign/addRecipients", "id=1"); status != exitOK {
		t.Errorf("without --wait: exit %d %s", status, errOut)
	}
}

// A 13 names the right server: a Mobizon host is offered as the next
// step; any other host is shown, not offered, and the trust rule says why.
func TestCallCode13SaysWhereToGo(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `{"code":13,"message":"","data":"api.mobizon.uz"}`)
	}))
	t.Cleanup(srv.Close)
	e := newEnv(t)
	e.env["MOBIZON_API_SERVER"], e.env["MOBIZON_API_KEY"] = srv.URL, "support-key-0123456789"
	out, _, status := e.run("call", "user/getOwnBalance", "--insecure")
	if status != exitAPIError || !strings.Contains(out, "дальше: повторить на api.mobizon.uz — повторите с --server api.mobizon.uz") {
		t.Errorf("a Mobizon host: exit %d\n%s", status, out)
	}
	// The sandbox's uz region is nobody's named server: shown, not offered,
	// and codedesk does not advise trusting a host only an answer named.
	sb := newSandboxEnv(t, sandbox.Options{})
	sb.env["MOBIZON_API_KEY"] = sandbox.KeyUZ
	out, _, status = sb.run("call", "user/getOwnBalance")
	if status != exitAPIError || !strings.Contains(out, "сервер в ответе: http://"+sb.sandbox.UZ) ||
		strings.Contains(out, "дальше: повторить") || strings.Contains(out, "--server http://"+sb.sandbox.UZ) ||
		!strings.Contains(out, "правильный домен аккаунта") {
		t.Errorf("another host: exit %d\n%s", status, out)
	}
}

// Before sending, call says what the API expects of a number written with
// a "+" and spaces, and claims no change it does not make: the number goes
// as written (and the history keeps it so).
func TestCallSaysWhatTheAPIExpectsAndSendsTheNumberAsWritten(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	e.tty = true
	_, errOut, status := e.run("call", "message/sendSmsMessage", "recipient=+7 700 123 0408", "text=x")
	if !strings.Contains(errOut, "recipient: внимание: API ждёт 77001230408: без «+» и пробелов — только цифры") || strings.Contains(errOut, "приведён") {
		t.Errorf("the note before sending:\n%s", errOut)
	}
	if status != exitAPIError {
		t.Errorf("the sandbox refuses spaces in a number as the API does: exit %d", status)
	}
	rows := e.historyRows()
	params, _ := rows[0]["params"].([]any)
	if len(params) == 0 || params[0].(map[string]any)["value"] != "+7 700 123 0408" {
		t.Errorf("the number sent and kept: %v", rows[0]["params"])
	}
}
