package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"codedesk/sandbox"
)

// sendSMS sends one message through the sandbox with `codedesk call` and
// returns the ids its answer names.
func sendSMS(t *testing.T, e *cliEnv, recipient string) (messageID, campaignID string) {
	t.Helper()
	out, errOut, status := e.run("call", "message/sendSmsMessage", "recipient="+recipient, "text=Проверка", "--json")
	if status != exitOK {
		t.Fatalf("send to %s: exit %d\n%s%s", recipient, status, out, errOut)
	}
	var ans struct {
		Data struct{ MessageID, CampaignID json.Number }
	}
	if err := json.Unmarshal([]byte(out), &ans); err != nil || ans.Data.MessageID == "" {
		t.Fatalf("send to %s: %v\n%s", recipient, err, out)
	}
	return ans.Data.MessageID.String(), ans.Data.CampaignID.String()
}

// lines are the non-empty lines of out.
func lines(out string) []string {
	var ls []string
	for _, l := range strings.Split(out, "\n") {
		if strings.TrimSpace(l) != "" {
			ls = append(ls, l)
		}
	}
	return ls
}

func TestSmsStatusesListsTheNineInTableOrder(t *testing.T) {
	out, _, status := runCLI(t, "sms", "statuses")
	ls := lines(out)
	if status != exitOK || len(ls) != 9 {
		t.Fatalf("exit %d, %d lines:\n%s", status, len(ls), out)
	}
	want := []string{"NEW", "ENQUEUD", "ACCEPTD", "PDLIVRD", "DELIVRD", "UNDELIV", "REJECTD", "EXPIRED", "DELETED"}
	for i, name := range want {
		if f := strings.Fields(ls[i]); f[0] != name {
			t.Errorf("line %d is %q, want %s first", i, ls[i], name)
		}
	}
	if !strings.Contains(ls[4], "окончательный") || !strings.Contains(ls[0], "промежуточный") || !strings.Contains(ls[7], "не доставлено") {
		t.Errorf("final or not is not said:\n%s", out)
	}
}

func TestSmsStatusesJSON(t *testing.T) {
	out, _, status := runCLI(t, "sms", "statuses", "--json")
	var all []map[string]any
	if err := json.Unmarshal([]byte(out), &all); err != nil || status != exitOK {
		t.Fatalf("exit %d, %v\n%s", status, err, out)
	}
	if len(all) != 9 || all[0]["status"] != "NEW" || all[8]["status"] != "DELETED" {
		t.Fatalf("not the nine in table order: %v", all)
	}
	for _, s := range all {
		var keys []string
		for k := range s {
			keys = append(keys, k)
		}
		if len(keys) != 6 {
			t.Errorf("%v: keys %v, want status, final, title, description, hint, keywords", s["status"], keys)
		}
		if _, ok := s["final"].(bool); !ok {
			t.Errorf("%v: final is not a bool", s["status"])
		}
		if kw, _ := s["keywords"].([]any); len(kw) == 0 {
			t.Errorf("%v: no keywords", s["status"])
		}
	}
	if all[4]["final"] != true || all[2]["final"] != false {
		t.Errorf("DELIVRD final %v, ACCEPTD final %v", all[4]["final"], all[2]["final"])
	}
}

// A status by name in any case, or by meaning in Russian or English, gets
// its card; what else matches is named.
func TestSmsStatusesFindsTheCard(t *testing.T) {
	cases := []struct {
		args []string
		head string
	}{
		{[]string{"undeliv"}, "UNDELIV · "},
		{[]string{"недоставлено"}, "UNDELIV · "},
		{[]string{"истёк", "срок"}, "EXPIRED · "},
		{[]string{"expired"}, "EXPIRED · "},
		{[]string{"отклонено"}, "REJECTD · "},
	}
	for _, tc := range cases {
		out, _, status := runCLI(t, append([]string{"sms", "statuses"}, tc.args...)...)
		if status != exitOK || !strings.HasPrefix(out, tc.head) || !strings.Contains(out, "Что делать") {
			t.Errorf("%v: exit %d\n%s", tc.args, status, out)
		}
	}
	out, _, _ := runCLI(t, "sms", "statuses", "доставлено")
	if !strings.Contains(out, "Также подходят:") {
		t.Errorf("several matches, the others not named:\n%s", out)
	}
	_, errOut, status := runCLI(t, "sms", "statuses", "zzzqqq")
	if status != exitAPIError || !strings.Contains(errOut, "ни один статус SMS не подходит") {
		t.Errorf("no match: exit %d %q", status, errOut)
	}
	e := newEnv(t)
	e.tty, e.width = true, 80
	out, _, _ = e.run("sms", "statuses", "EXPIRED")
	if !strings.Contains(out, "\x1b[") || !strings.Contains(ansi.Strip(out), "Истёк срок") {
		t.Errorf("on a terminal the card is not glamour's:\n%q", out)
	}
}

// `codes` stays the API's response codes.
func TestCodesListsNoStatuses(t *testing.T) {
	out, _, _ := runCLI(t, "codes", "--json")
	if strings.Contains(out, "UNDELIV") || strings.Contains(out, `"status"`) {
		t.Errorf("codes lists statuses:\n%s", out)
	}
	out, _, _ = runCLI(t, "codes", "expired", "недоставлено")
	if strings.Contains(out, "EXPIRED") || strings.Contains(out, "UNDELIV") {
		t.Errorf("codes found statuses:\n%s", out)
	}
}

// Every trigger's final status, in the order asked, a missing id named.
func TestSmsStatusReportsEachInTheOrderAsked(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	recipients := []string{"77001230404", "77001234567", "77001230403", "77001230408", "77001230410", "77001230206", "77001230202"}
	var ids []string
	for _, r := range recipients {
		id, _ := sendSMS(t, e, r)
		ids = append(ids, id)
	}
	e.clock.Sleep(t.Context(), 10*time.Second)
	args := append([]string{"sms", "status"}, ids...)
	args = append(args, "999999")
	out, errOut, status := e.run(args...)
	if status != exitAPIError {
		t.Errorf("failed and missing ids: exit %d, want 1\n%s", status, errOut)
	}
	ls := lines(out)
	want := []string{"UNDELIV", "DELIVRD", "REJECTD", "EXPIRED", "DELETED", "DELIVRD", "ACCEPTD"}
	for i, name := range want {
		row := ls[i+1]
		if !strings.HasPrefix(row, ids[i]+" ") || !strings.Contains(row, name+" · ") {
			t.Errorf("row %d %q: want %s %s", i, row, ids[i], name)
		}
	}
	if !strings.HasPrefix(ls[8], "999999 ") || !strings.Contains(ls[8], "Не найдено") {
		t.Errorf("the missing id is not named: %q", ls[8])
	}
	if !strings.Contains(out, "8 сообщений: 2 доставлено, 1 в пути, 4 не доставлено, 1 не найдено") {
		t.Errorf("no summary:\n%s", out)
	}
	out, _, status = e.run("sms", "status", ids[1], ids[6])
	if status != exitOK {
		t.Errorf("delivered and pending: exit %d, want 0\n%s", status, out)
	}
}

func TestSmsStatusJSON(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	delivered, _ := sendSMS(t, e, "77001234567")
	e.clock.Sleep(t.Context(), 5*time.Second)
	out, _, status := e.run("sms", "status", "424242", delivered, "--json")
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil || status != exitAPIError {
		t.Fatalf("exit %d %v\n%s", status, err, out)
	}
	if len(got) != 2 || got[0]["id"] != float64(424242) || got[0]["status"] != nil {
		t.Errorf("the missing id first, status null: %v", got)
	}
	if _, present := got[0]["status"]; !present {
		t.Error("a missing id's status is left out, want null")
	}
	keys := []string{}
	for k := range got[1] {
		keys = append(keys, k)
	}
	want := map[string]bool{"id": true, "status": true, "statusKnown": true, "final": true, "segNum": true, "startSendTs": true, "statusUpdateTs": true, "title": true}
	for _, k := range keys {
		if !want[k] {
			t.Errorf("unexpected key %q", k)
		}
	}
	if len(keys) != len(want) || got[1]["status"] != "DELIVRD" || got[1]["final"] != true || got[1]["title"] != "Доставлено" {
		t.Errorf("delivered: %v", got[1])
	}
}

// --wait asks until every id is final, at most once a second, says how it
// goes on a terminal's stderr (and nothing on a pipe's), and each call is
// in the history.
func TestSmsStatusWaitFollowsToTheFinalStatus(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	ok, _ := sendSMS(t, e, "77001234567")
	out, errOut, status := e.run("sms", "status", ok, "--wait")
	if status != exitOK || !strings.Contains(out, "DELIVRD · Доставлено") || errOut != "" {
		t.Fatalf("piped: exit %d\n%s\nstderr %q", status, out, errOut)
	}
	if !strings.Contains(out, ok+": NEW ") || !strings.Contains(out, " → DELIVRD ") {
		t.Errorf("no timeline:\n%s", out)
	}

	e.tty = true
	expired, _ := sendSMS(t, e, "77001230408")
	out, errOut, status = e.run("sms", "status", expired, "--wait")
	if status != exitAPIError || !strings.Contains(out, "EXPIRED · Истёк срок доставки") {
		t.Errorf("expired: exit %d\n%s", status, out)
	}
	if !strings.Contains(errOut, "проверка 1: 1 сообщение: 1 в пути") || !strings.Contains(errOut, "проверка 2:") {
		t.Errorf("no progress on a terminal:\n%s", errOut)
	}
	var calls []recordedCall
	for _, c := range historyCalls(t, e, "message/getSMSStatus") {
		if c.Params[0].Value == expired {
			calls = append(calls, c)
		}
	}
	// EXPIRED comes after 8 s: eight rounds or more, at most one a second,
	// but the history keeps the first lookup and each change, not a row a
	// second while nothing moves.
	if !strings.Contains(errOut, "проверка 8:") {
		t.Errorf("fewer than 8 rounds:\n%s", errOut)
	}
	if len(calls) < 2 || len(calls) >= 8 || !strings.Contains(string(calls[0].Data), "EXPIRED") || strings.Contains(string(calls[len(calls)-1].Data), "EXPIRED") {
		t.Fatalf("%d getSMSStatus calls recorded, want the first and each change, the last EXPIRED", len(calls))
	}
	for i := 1; i < len(calls); i++ {
		if gap := calls[i-1].At.Sub(calls[i].At); gap < time.Second {
			t.Errorf("calls %d and %d %v apart: more than once a second", calls[i].ID, calls[i-1].ID, gap)
		}
		if string(calls[i-1].Data) == string(calls[i].Data) {
			t.Errorf("calls %d and %d say the same: a round without a change was kept", calls[i].ID, calls[i-1].ID)
		}
	}
}

type recordedCall struct {
	ID     int64           `json:"id"`
	At     time.Time       `json:"at"`
	Module string          `json:"module"`
	Method string          `json:"method"`
	Source string          `json:"source"`
	Code   *int            `json:"code"`
	Data   json.RawMessage `json:"data"`
	Params []struct{ Key, Value string }
}

// historyCalls are the recorded calls of one method, newest first.
func historyCalls(t *testing.T, e *cliEnv, method string) []recordedCall {
	t.Helper()
	out, errOut, status := e.run("history", "--json", "--limit", "1000")
	var all, some []recordedCall
	if err := json.Unmarshal([]byte(out), &all); err != nil || status != exitOK {
		t.Fatalf("history: exit %d %v %s", status, err, errOut)
	}
	for _, c := range all {
		if strings.EqualFold(c.Module+"/"+c.Method, method) {
			some = append(some, c)
		}
	}
	return some
}

// 150 ids go in two calls (the API answers 12 past 100), one after the
// other, and every id not found is named.
func TestSmsStatusAsksInBatchesOf100(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	id, _ := sendSMS(t, e, "77001234567")
	args := []string{"sms", "status", id}
	for i := 1; i < 150; i++ {
		args = append(args, strings.Repeat("9", 5)+string(rune('0'+i/100))+string(rune('0'+i/10%10))+string(rune('0'+i%10)))
	}
	out, _, status := e.run(append(args, "--json")...)
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil || status != exitAPIError {
		t.Fatalf("exit %d %v", status, err)
	}
	if len(got) != 150 || got[0]["status"] == nil || got[149]["status"] != nil {
		t.Errorf("%d results; first %v last %v", len(got), got[0], got[149])
	}
	calls := historyCalls(t, e, "message/getSMSStatus")
	if len(calls) != 2 {
		t.Fatalf("%d getSMSStatus calls, want 2", len(calls))
	}
	for _, c := range calls {
		if n := strings.Count(c.Params[0].Value, ",") + 1; n > 100 || c.Code == nil || *c.Code != 0 {
			t.Errorf("call %d: %d ids, code %v", c.ID, n, c.Code)
		}
	}
}

func TestSmsStatusUsage(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	for _, args := range [][]string{{"sms", "status"}, {"sms", "status", "12ab"}, {"sms", "status", "-5"}, {"sms", "status", "0"}} {
		if _, errOut, status := e.run(args...); status != exitUsage {
			t.Errorf("%v: exit %d %q", args, status, errOut)
		}
	}
	delete(e.env, "MOBIZON_API_KEY")
	if _, errOut, status := e.run("sms", "status", "1"); status != exitUsage || !strings.Contains(errOut, "нет ключа API") {
		t.Errorf("no key: exit %d %q", status, errOut)
	}
}

// The list by number: newest first, the number normalised (and said),
// filtered by status, cut by --limit.
func TestSmsListByNumber(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	var ids []string
	for range 3 {
		id, _ := sendSMS(t, e, "77001234567")
		ids = append(ids, id)
		e.clock.Sleep(t.Context(), time.Second)
	}
	failed, campaign := sendSMS(t, e, "77001230404")
	e.clock.Sleep(t.Context(), 10*time.Second)

	out, errOut, status := e.run("sms", "list", "--to", "+7 700 123 45 67")
	if status != exitOK || !strings.Contains(errOut, "номер приведён к 77001234567") {
		t.Fatalf("exit %d, stderr %q\n%s", status, errOut, out)
	}
	ls := lines(out)
	if len(ls) != 5 || !strings.HasPrefix(ls[1], ids[2]+" ") || !strings.HasPrefix(ls[3], ids[0]+" ") {
		t.Errorf("not the three, newest first:\n%s", out)
	}
	if !strings.Contains(ls[1], "DELIVRD · Доставлено") || !strings.Contains(ls[1], "Проверка") {
		t.Errorf("row lacks the status's meaning or the text: %q", ls[1])
	}
	out, _, _ = e.run("sms", "list", "--to", "7700123", "--status", "undeliv", "--json")
	var items []map[string]any
	if err := json.Unmarshal([]byte(out), &items); err != nil || len(items) != 1 {
		t.Fatalf("--status: %v\n%s", err, out)
	}
	if items[0]["id"] != json.Number(failed) && items[0]["id"] != mustFloat(t, failed) || items[0]["status"] != "UNDELIV" || items[0]["campaignId"] != mustFloat(t, campaign) {
		t.Errorf("item %v, want id %s UNDELIV in campaign %s", items[0], failed, campaign)
	}
	out, _, _ = e.run("sms", "list", "--to", "77001234567", "--limit", "2", "--json")
	if err := json.Unmarshal([]byte(out), &items); err != nil || len(items) != 2 {
		t.Errorf("--limit 2: %d items", len(items))
	}
	out, errOut, status = e.run("sms", "list", "--to", "77009999999")
	if status != exitAPIError || out != "" || !strings.Contains(errOut, "не найдено") {
		t.Errorf("nothing found: exit %d %q %q", status, out, errOut)
	}
	out, _, status = e.run("sms", "list", "--to", "77009999999", "--json")
	if status != exitOK || strings.TrimSpace(out) != "[]" {
		t.Errorf("nothing found, --json: exit %d %q", status, out)
	}
	for _, args := range [][]string{{"--to", "7700abc"}, {}, {"--to", "7700", "--since", "yesterday"}, {"--to", "7700", "--status", "LOST"}, {"--to", "7700", "--campaign", "x"}} {
		if _, errOut, status := e.run(append([]string{"sms", "list"}, args...)...); status != exitUsage {
			t.Errorf("%v: exit %d %q", args, status, errOut)
		}
	}
	if calls := historyCalls(t, e, "message/list"); len(calls) < 4 {
		t.Errorf("%d message/list calls in the history", len(calls))
	}
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	var f float64
	if err := json.Unmarshal([]byte(s), &f); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestSmsCheckJSON(t *testing.T) {
	cases := []struct {
		text     string
		encoding string
		segments int
		chars    int
	}{
		{"Hello", "GSM-7", 1, 5},
		{"Привет", "UCS-2", 1, 6},
		{strings.Repeat("a", 160), "GSM-7", 1, 160},
		{strings.Repeat("a", 161), "GSM-7", 2, 161},
		{"Цена 5€", "UCS-2", 1, 7},
		{"Price 5€", "GSM-7", 1, 9},
		{strings.Repeat("я", 71), "UCS-2", 2, 71},
	}
	for _, tc := range cases {
		out, _, status := runCLI(t, "sms", "check", tc.text, "--json")
		var got struct {
			Encoding   string
			Segments   int
			Characters int
			Notes      []map[string]string
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil || status != exitOK {
			t.Fatalf("%q: exit %d %v", tc.text, status, err)
		}
		if got.Encoding != tc.encoding || got.Segments != tc.segments || got.Characters != tc.chars {
			t.Errorf("%q: %+v, want %s %d %d", tc.text, got, tc.encoding, tc.segments, tc.chars)
		}
	}
}

func TestSmsCheckFlagsProblems(t *testing.T) {
	out, errOut, status := runCLI(t, "sms", "check", "Hello — world", "--to", "+7 700 123 45 67", "--validity", "30", "--json")
	var got struct {
		Encoding  string
		Recipient map[string]string
		Notes     []map[string]string
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err, out)
	}
	if status != exitAPIError || !strings.Contains(errOut, "1 ошибка") {
		t.Errorf("validity 30: exit %d %q", status, errOut)
	}
	if !reflect.DeepEqual(got.Recipient, map[string]string{"number": "77001234567", "country": "Казахстан"}) || got.Encoding != "UCS-2" {
		t.Errorf("recipient %v, encoding %s", got.Recipient, got.Encoding)
	}
	severities := map[string]string{}
	for _, n := range got.Notes {
		severities[n["param"]] += n["severity"] + " "
	}
	if !strings.Contains(severities["params[validity]"], "problem") || !strings.Contains(severities["text"], "warning") {
		t.Errorf("notes %v", got.Notes)
	}
	out, _, status = runCLI(t, "sms", "check", "Hi", "--deferred-to", "2020-01-01 10:00:00")
	if status != exitAPIError || !strings.Contains(out, "params[deferredToTs]: ошибка: ") {
		t.Errorf("a deferral in the past: exit %d\n%s", status, out)
	}
	out, _, status = runCLI(t, "sms", "check", "")
	if status != exitAPIError || !strings.Contains(out, "текст пуст") {
		t.Errorf("empty text: exit %d\n%s", status, out)
	}
	out, _, status = runCLI(t, "sms", "check", "Hi")
	if status != exitOK || strings.Contains(out, "recipient") {
		t.Errorf("no --to: the recipient is not this check's business: exit %d\n%s", status, out)
	}
}

// On a terminal `call message/sendSmsMessage` says what `sms check` would,
// then sends anyway.
func TestCallSaysThePreSendNotesOnATerminal(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	args := []string{"call", "message/sendSmsMessage", "recipient=+77001234567", "text=Hello — world", "params[validity]=1440"}
	_, errOut, status := e.run(args...)
	if status != exitOK || strings.Contains(errOut, "перед отправкой") {
		t.Errorf("piped: exit %d, stderr %q", status, errOut)
	}
	e.tty = true
	out, errOut, status := e.run(args...)
	if status != exitOK || !strings.Contains(out, "0 · Успешно") {
		t.Errorf("not sent: exit %d\n%s", status, out)
	}
	for _, want := range []string{"перед отправкой:", "text: UCS-2, 1 сегмент", "«—»", "recipient: страна получателя: Казахстан"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

// 7.4: a key written in a config file others can read is warned about,
// once, on stderr, by a command that resolves the settings; the sandbox's
// own keys are not called implausible.
func TestSettingsWarningsArePrintedOnce(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	_, errOut, _ := e.run("call", "user/getOwnBalance")
	if strings.Contains(errOut, "внимание") {
		t.Errorf("the sandbox's key is warned about: %q", errOut)
	}
	dir := filepath.Join(e.env["XDG_CONFIG_HOME"], "codedesk")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte("default = \"kz\"\n[profiles.kz]\nkey = \"Abcdefghij0123456789Abcdefghij0123456789\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	delete(e.env, "MOBIZON_API_KEY")
	_, errOut, status := e.run("sms", "status", "1", "--wait")
	want := "codedesk: внимание: в " + path + " записан ключ API, а файл могут читать другие (права 0644): выполните chmod 600 " + path
	if !strings.Contains(errOut, want) || strings.Count(errOut, "внимание") != 1 || status != exitAPIError {
		t.Errorf("exit %d, stderr:\n%s\nwant once:\n%s", status, errOut, want)
	}
	e.env["MOBIZON_API_KEY"] = "abc"
	_, errOut, _ = e.run("call", "user/getOwnBalance")
	if !strings.Contains(errOut, "codedesk: внимание: ключ из «MOBIZON_API_KEY» не похож на ключ Mobizon") {
		t.Errorf("an implausible key is not warned about:\n%s", errOut)
	}
}

// ctrl+c during --wait prints what is known and ends as no answer (3).
func TestSmsStatusWaitInterrupted(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	never, _ := sendSMS(t, e, "77001230202")
	e.tty = true
	r := e.start(rootCmd, "sms", "status", never, "--wait")
	waitFor(t, "three rounds", func() bool { return strings.Contains(r.errOut.String(), "проверка 3:") })
	if status := r.stop(t); status != exitNoAnswer {
		t.Errorf("exit %d, want 3\n%s", status, r.errOut.String())
	}
	if !strings.Contains(r.out.String(), never+"  ACCEPTD · Принято оператором  нет") || !strings.Contains(r.errOut.String(), "прервано") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", r.out.String(), r.errOut.String())
	}
}

// A mistyped subcommand is a usage error, not a page of help.
func TestMistypedSubcommandIsUsage(t *testing.T) {
	for _, args := range [][]string{{"sms", "stauts", "1"}, {"webhook", "lisen"}} {
		if _, errOut, status := runCLI(t, args...); status != exitUsage || !strings.Contains(errOut, "нет такой команды") {
			t.Errorf("%v: exit %d %q", args, status, errOut)
		}
	}
	if out, _, status := runCLI(t, "sms"); status != exitOK || !strings.Contains(out, "statuses") {
		t.Errorf("sms alone: exit %d\n%s", status, out)
	}
}
