package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"codedesk/sandbox"
)

// startSandbox runs the sandbox on loopback for one test, with a clean
// environment: no config file, the sandbox's key.
func startSandbox(t *testing.T, opts sandbox.Options) *sandbox.Servers {
	t.Helper()
	srv, err := sandbox.Start(opts, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	t.Setenv("MOBIZON_API_SERVER", "http://"+srv.KZ)
	t.Setenv("MOBIZON_API_KEY", sandbox.KeyKZ)
	t.Setenv("CODEDESK_TEST_SANDBOX", "http://"+srv.KZ)
	return srv
}

func TestCallPrintsTheAnswer(t *testing.T) {
	startSandbox(t, sandbox.Options{})
	out, _, status := runCLI(t, "call", "user/getOwnBalance")
	if status != exitOK {
		t.Fatalf("exit %d", status)
	}
	for _, want := range []string{"0 · Успешно", "Баланс получен", `"balance": "1520.7500"`, "ключ sand…"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, sandbox.KeyKZ) {
		t.Errorf("the key is printed unmasked:\n%s", out)
	}
}

func TestCallExitStatusAndTables(t *testing.T) {
	startSandbox(t, sandbox.Options{})
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
			[]string{"100 · Фоновая операция", "--wait"}},
		{[]string{"call", "nosuch/method"}, exitAPIError, []string{"4 · Неверный модуль"}},
		{[]string{"call", "message/sendSmsMessage"}, exitAPIError, []string{"11 · Нет обязательных параметров", "Нет recipient или text"}},
		{[]string{"call", "notamethod"}, exitUsage, nil},
		{[]string{"call", "user/getOwnBalance", "noequals"}, exitUsage, nil},
	}
	for _, tc := range cases {
		time.Sleep(250 * time.Millisecond) // the sandbox allows 5 calls a second
		out, errOut, status := runCLI(t, tc.args...)
		if status != tc.status {
			t.Errorf("%v: exit %d, want %d\n%s%s", tc.args, status, tc.status, out, errOut)
		}
		for _, w := range tc.words {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", tc.args, w, out)
			}
		}
	}
}

func TestCallWrongKeyIsMasked(t *testing.T) {
	startSandbox(t, sandbox.Options{})
	const key = "customer-secret-key-0123456789"
	t.Setenv("MOBIZON_API_KEY", key)
	out, errOut, status := runCLI(t, "call", "user/getOwnBalance")
	if status != exitAPIError || !strings.Contains(out, "8 · Ошибка авторизации") {
		t.Errorf("exit %d:\n%s", status, out)
	}
	if strings.Contains(out+errOut, key) || !strings.Contains(out, "ключ cust…") {
		t.Errorf("the key must appear masked only:\n%s%s", out, errOut)
	}
}

func TestCallJSON(t *testing.T) {
	startSandbox(t, sandbox.Options{})
	out, _, status := runCLI(t, "call", "message/sendSmsMessage", "recipient=77001234567", "text=Привет", "--json")
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

func TestCallWaitFollowsTheTask(t *testing.T) {
	startSandbox(t, sandbox.Options{TaskDuration: 1500 * time.Millisecond})
	out, errOut, status := runCLI(t, "call", "campaign/addRecipients", "id=1", "recipientGroups[]=7", "--wait", "--json")
	if status != exitOK {
		t.Fatalf("exit %d\n%s%s", status, out, errOut)
	}
	var got struct {
		Code int `json:"code"`
		Task struct {
			Status   int    `json:"status"`
			Progress int    `json:"progress"`
			Outcome  string `json:"outcome"`
		} `json:"task"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.Code != 100 || got.Task.Status != 2 || got.Task.Progress != 100 || got.Task.Outcome != "finished" {
		t.Errorf("got %+v", got)
	}
	if !strings.Contains(errOut, "завершена, 100%") {
		t.Errorf("progress must go to stderr:\n%s", errOut)
	}
	// A rejected task fails the command.
	time.Sleep(1100 * time.Millisecond)
	_, _, status = runCLI(t, "call", "campaign/addRecipients", "id=1", "recipientGroups[]=3", "--wait")
	if status != exitAPIError {
		t.Errorf("rejected task: exit %d, want %d", status, exitAPIError)
	}
}

func TestCallNoAnswerIsExit3(t *testing.T) {
	startSandbox(t, sandbox.Options{})
	_, errOut, status := runCLI(t, "call", "user/getOwnBalance", "--server", "http://127.0.0.1:1")
	if status != exitNoAnswer || !strings.Contains(errOut, "отказал в соединении") {
		t.Errorf("exit %d, stderr %q", status, errOut)
	}
	out, _, status := runCLI(t, "call", "user/getOwnBalance", "--server", "http://127.0.0.1:1", "--json")
	if status != exitNoAnswer || !strings.Contains(out, `"kind": "refused"`) {
		t.Errorf("--json: exit %d, %s", status, out)
	}
}

func TestCallWithoutKeySaysHowToGetOne(t *testing.T) {
	startSandbox(t, sandbox.Options{})
	t.Setenv("MOBIZON_API_KEY", "")
	_, errOut, status := runCLI(t, "call", "user/getOwnBalance")
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
