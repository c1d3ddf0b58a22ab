package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codedesk/sandbox"
)

func TestImportExportReplayFromTheCommandLine(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	curl := `curl -X POST \
  'http://` + e.sandbox.KZ + `/service/message/sendsmsmessage?output=json&api=v1&apiKey=customer-key-123456789' \
  -H 'content-type: application/x-www-form-urlencoded' \
  -d 'recipient=77001234567&text=Test+sms+message&params%5Bvalidity%5D=1440'`
	out, errOut, status := e.run("import", curl)
	if status != exitOK {
		t.Fatalf("import: exit %d %s", status, errOut)
	}
	id := strings.TrimSpace(out)
	if !strings.Contains(errOut, "ключ API из запроса удалён") || !strings.Contains(errOut, "message/sendSmsMessage, 3 параметра") {
		t.Errorf("the removed key and the parameters must be reported: %s", errOut)
	}
	// The history lists it, never sent, without the key.
	out, _, _ = e.run("history", "--json")
	if strings.Contains(out, "customer-key") {
		t.Fatalf("the customer's key reached the history:\n%s", out)
	}
	var calls []map[string]any
	json.Unmarshal([]byte(out), &calls)
	if len(calls) != 1 || calls[0]["source"] != "import" || calls[0]["code"] != nil {
		t.Fatalf("history: %s", out)
	}
	// Export gives a curl with the key as a variable, which imports back the same.
	exported, _, status := e.run("export", id)
	if status != exitOK || !strings.Contains(exported, `apiKey=$MOBIZON_API_KEY"`) || !strings.Contains(exported, "params%5Bvalidity%5D=1440") {
		t.Fatalf("export: exit %d\n%s", status, exported)
	}
	out2, _, _ := e.run("import", exported)
	again, _, _ := e.run("export", strings.TrimSpace(out2))
	if again != exported {
		t.Errorf("import → export → import changed the request:\n%s\n%s", exported, again)
	}
	jsonOut, _, _ := e.run("export", id, "--json")
	var ex map[string]any
	if err := json.Unmarshal([]byte(jsonOut), &ex); err != nil || ex["curl"] == nil || ex["method"] != "sendsmsmessage" {
		t.Errorf("export --json: %v\n%s", err, jsonOut)
	}
	// Replay sends it with the profile's key: never sent → 0. It sends an
	// SMS: a script gives consent with --yes.
	out, _, status = e.run("replay", id, "--yes")
	if status != exitOK || !strings.Contains(strings.Join(strings.Fields(out), " "), "message/sendSmsMessage не отправлялся → 0 ✓") || !strings.Contains(out, "успешно 1 из 1") {
		t.Errorf("replay: exit %d\n%s", status, out)
	}
	out, _, _ = e.run("history", "--json", "--limit", "1")
	json.Unmarshal([]byte(out), &calls)
	if calls[0]["source"] != "replay" || calls[0]["replay_of"] == nil || calls[0]["code"] != float64(0) {
		t.Errorf("the replay must be recorded as one: %s", out)
	}
}

func TestCallsAreRecordedAndFailuresReplayed(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	e.run("call", "campaign/addRecipients", "id=1", "recipients[]=77001234567", "recipients[]=77001110005") // 98
	e.run("call", "user/getOwnBalance")                                                                     // 0
	e.run("call", "campaign/send", "id=424242")                                                             // 2
	e.run("call", "campaign/send", "id=424242")                                                             // 2 again: one request
	out, _, _ := e.run("history", "--failed")
	if strings.Count(out, "campaign/send") != 2 || !strings.Contains(out, "98 ✗") || strings.Contains(out, "getOwnBalance") {
		t.Fatalf("history --failed:\n%s", out)
	}
	out, _, _ = e.run("history", "--query", "получателей")
	if !strings.Contains(out, "campaign/addRecipients") || strings.Contains(out, "campaign/send") {
		t.Errorf("history --query:\n%s", out)
	}
	before := e.clock.Slept()
	out, _, status := e.run("replay", "--failed", "--json", "--yes")
	var results []map[string]any
	if err := json.Unmarshal([]byte(out), &results); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(results) != 2 {
		t.Fatalf("replay --failed replayed %d requests, want 2 (the two campaign/send calls are one request)", len(results))
	}
	if status != exitAPIError {
		t.Errorf("they still fail: exit %d, want %d", status, exitAPIError)
	}
	for _, r := range results {
		if r["old_code"] != r["new_code"] || r["ok"] != false {
			t.Errorf("result %v", r)
		}
	}
	if waited := e.clock.Slept() - before; waited != 0 {
		t.Errorf("two different methods need not wait for each other: the pacer waited %v", waited)
	}
}

// Replays of one method are at least a second apart, on the injected
// clock: the test proves the pacing without waiting for it.
func TestReplayIsPolite(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	var ids []string
	for i := 0; i < 3; i++ {
		out, _, _ := e.run("import", "http://127.0.0.1:1/service/user/getOwnBalance")
		ids = append(ids, strings.TrimSpace(out))
	}
	start := e.clock.Now()
	out, _, status := e.run(append([]string{"replay", "--server", e.server()}, ids...)...)
	if status != exitOK {
		t.Fatalf("exit %d\n%s", status, out)
	}
	// Three calls of one method: at least two one-second gaps.
	if took := e.clock.Now().Sub(start); took < 2*time.Second {
		t.Errorf("three replays of one method took %v of the clock; at most one a second is allowed", took)
	}
}

func TestCallWorksWhenTheHistoryIsNotAHistory(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	notes := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(notes, []byte("my notes\n"), 0o600)
	out, errOut, status := e.run("call", "user/getOwnBalance", "--history", notes)
	if status != exitOK || !strings.Contains(out, "0 · Успешно") {
		t.Fatalf("the call must work: exit %d\n%s", status, out)
	}
	if !strings.Contains(errOut, "не сохранён") || !strings.Contains(errOut, "файл не тронут") {
		t.Errorf("the user must be told the call was not saved: %s", errOut)
	}
	if b, _ := os.ReadFile(notes); string(b) != "my notes\n" {
		t.Error("the file was changed")
	}
	// Commands that need the history fail with the local status, 4.
	for _, args := range [][]string{{"history"}, {"export", "1"}, {"replay", "1"}, {"import", "http://127.0.0.1:1/service/user/getOwnBalance"}} {
		_, errOut, status := e.run(append(args, "--history", notes)...)
		if status != exitLocal || !strings.Contains(errOut, "история недоступна") {
			t.Errorf("%v on a file that is not a history: exit %d, want %d; %s", args, status, exitLocal, errOut)
		}
	}
}

// 8.9: the reply for the customer is the explained recorded call, in
// Russian, with the request as sent and never the key.
func TestExportReplyIsTheAnswerForTheCustomer(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	e.run("call", "message/sendSmsMessage", "recipient=12ab", "text=x")
	out, errOut, status := e.run("export", "1", "--reply")
	if status != exitOK {
		t.Fatalf("exit %d %s", status, errOut)
	}
	for _, want := range []string{"Здравствуйте", "кодом 1 — «Ошибка валидации данных»", "recipient: Номер должен быть",
		"Что сделать:", "apiKey=$MOBIZON_API_KEY", "-d 'recipient=12ab&text=x'"} {
		if !strings.Contains(out, want) {
			t.Errorf("the reply lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, sandbox.KeyKZ) {
		t.Errorf("the key is in the reply:\n%s", out)
	}
	// An import never sent has no answer to reply about.
	imported, _, _ := e.run("import", "http://"+e.sandbox.KZ+"/service/user/getOwnBalance")
	_, errOut, status = e.run("export", strings.TrimSpace(imported), "--reply")
	if status != exitAPIError || !strings.Contains(errOut, "не отправлялся") {
		t.Errorf("an unsent call: exit %d %s", status, errOut)
	}
	if _, errOut, status = e.run("export", "1", "--reply", "--json"); status != exitUsage || !strings.Contains(errOut, "что-то одно") {
		t.Errorf("--reply with --json: exit %d %s", status, errOut)
	}
}

// 7.1 for replay: an imported request keeps its own host, but the key
// does not go there unless the user names it with --server; nothing is
// sent, and the message says how to allow it.
func TestReplayRefusesAnUntrustedHost(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	evil := newSandboxEnv(t, sandbox.Options{}) // another server, not named by the user
	out, _, _ := e.run("import", "curl '"+evil.server()+"/service/user/getOwnBalance'")
	id := strings.TrimSpace(out)
	out, errOut, status := e.run("replay", id)
	if status != exitUsage || !strings.Contains(out, "не отправлен") || !strings.Contains(out+errOut, "--server") {
		t.Errorf("exit %d\n%s%s", status, out, errOut)
	}
	if hist, _, _ := e.run("history", "--json"); strings.Count(hist, `"id"`) != 1 {
		t.Errorf("something was sent:\n%s", hist)
	}
	out, _, status = e.run("replay", id, "--server", evil.server())
	if status != exitOK || !strings.Contains(out, "0 ✓") {
		t.Errorf("named with --server, it goes: exit %d\n%s", status, out)
	}
}

// Exit status 4: a config file that cannot be read is this machine's
// problem, not the API's and not the command line's.
func TestUnreadableConfigIsALocalFailure(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	dir := filepath.Join(e.env["XDG_CONFIG_HOME"], "codedesk")
	os.MkdirAll(dir, 0o700)
	os.WriteFile(filepath.Join(dir, "config.toml"), []byte("default = [broken\n"), 0o600)
	_, errOut, status := e.run("call", "user/getOwnBalance")
	if status != exitLocal || !strings.Contains(errOut, "config.toml") {
		t.Errorf("exit %d, want %d: %s", status, exitLocal, errOut)
	}
}

// A replay goes to its call's own server, not where MOBIZON_API_SERVER
// points, and says so when they differ; --server sends it elsewhere.
func TestReplaySaysItGoesToTheCallsOwnServer(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	const note = "повтор идёт на сервер вызова api.mobizon.uz; --server — чтобы отправить на другой"
	e.run("import", "https://api.mobizon.uz/service/user/getOwnBalance")
	e.run("import", "https://api.mobizon.uz/service/message/getSMSStatus?ids%5B%5D=1")
	e.run("call", "user/getOwnBalance")
	out, errOut, status := e.run("replay", "1", "2", "3", "--dry-run")
	if status != exitOK || strings.Count(errOut, note) != 1 || !strings.Contains(out, "api.mobizon.uz") {
		t.Errorf("to the call's own server: exit %d\n%s%s", status, out, errOut)
	}
	if _, errOut, _ := e.run("replay", "3"); strings.Contains(errOut, "повтор идёт") {
		t.Errorf("a call of the server the environment names: %q", errOut)
	}
	out, errOut, status = e.run("replay", "1", "--server", e.server())
	if status != exitOK || strings.Contains(errOut, "повтор идёт") || !strings.Contains(out, "0 ✓") {
		t.Errorf("--server: exit %d\n%s%s", status, out, errOut)
	}
}
