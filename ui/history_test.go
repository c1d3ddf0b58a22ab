package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/config"
	"codedesk/sandbox"
)

// historyApp is the app against a sandbox, with a history file it opens
// after the first frame, as the real start-up does.
func historyApp(t *testing.T, method string, params ...string) (*App, *sandbox.Servers) {
	t.Helper()
	a, srv := sandboxApp(t, sandbox.Options{}, method, params...)
	a.historyPath = filepath.Join(t.TempDir(), "history.db")
	runCmd(t, a, a.Init(), 0) // first frame out → the history opens
	if a.store == nil {
		t.Fatal("the history did not open")
	}
	t.Cleanup(func() { a.Close() })
	return a, srv
}

func TestEveryTUICallIsRecorded(t *testing.T) {
	a, _ := historyApp(t, "message/sendSmsMessage", "recipient=77001234567", "text=Привет")
	send(t, a, press("ctrl+s"))
	a.request.SetServer("http://127.0.0.1:1")
	send(t, a, press("ctrl+s")) // no envelope: recorded too
	calls, err := a.store.List(context.Background(), history.Filter{})
	if err != nil || len(calls) != 2 {
		t.Fatalf("%d calls recorded, %v", len(calls), err)
	}
	if calls[0].ErrorKind != "refused" || calls[1].Code == nil || *calls[1].Code != 0 || calls[1].Source != "tui" {
		t.Errorf("recorded %+v / %+v", calls[0], calls[1])
	}
}

func TestHistoryViewListsFiltersAndLoads(t *testing.T) {
	a, _ := historyApp(t, "message/sendSmsMessage", "recipient=77001234567", "text=Привет")
	send(t, a, press("ctrl+s"))
	a.request.params.SetValue("recipient=12ab\ntext=x")
	send(t, a, press("ctrl+s")) // code 1
	send(t, a, press("ctrl+r"))
	if !a.inHistory || len(a.history.calls) != 2 {
		t.Fatalf("ctrl+r: in history %v, %d calls", a.inHistory, len(a.history.calls))
	}
	s := screen(a)
	if !strings.Contains(s, "История · 2") || !strings.Contains(s, "Ошибка валидации параметров") {
		t.Errorf("history view:\n%s", s)
	}
	send(t, a, press("f"))
	if len(a.history.calls) != 1 || *a.history.calls[0].Code != 1 || !strings.Contains(screen(a), "только неудачные") {
		t.Errorf("f must keep only failed calls: %d", len(a.history.calls))
	}
	send(t, a, press("f"), press("j"), press("enter"))
	if a.inHistory || a.focus != focusParams || a.request.params.Value() != "recipient=77001234567\ntext=Привет" {
		t.Errorf("enter must load the call into the request: in history %v, params %q", a.inHistory, a.request.params.Value())
	}
	send(t, a, press("ctrl+r"), press("esc"))
	if a.inHistory {
		t.Error("esc leaves the history view")
	}
}

func TestHistorySearchStarNoteDeleteUndo(t *testing.T) {
	a, _ := historyApp(t, "message/sendSmsMessage", "recipient=77001234567", "text=Привет")
	send(t, a, press("ctrl+s"))
	a.request.params.SetValue("recipient=12ab\ntext=x")
	send(t, a, press("ctrl+s"))
	send(t, a, press("ctrl+r"), press("*"), press("n"))
	typeText(t, a, "тикет 4711")
	send(t, a, press("enter"))
	send(t, a, press("/"))
	typeText(t, a, "4711")
	if len(a.history.calls) != 1 || !a.history.calls[0].Starred || a.history.calls[0].Note != "тикет 4711" {
		t.Fatalf("search by note: %+v", a.history.calls)
	}
	send(t, a, press("enter"), press("d"))
	if n, _ := a.store.Count(context.Background()); n != 1 || !strings.Contains(screen(a), "u — вернуть") {
		t.Fatalf("d must delete with undo: %d left\n%s", n, screen(a))
	}
	send(t, a, press("u"))
	if n, _ := a.store.Count(context.Background()); n != 2 {
		t.Errorf("u must bring the call back: %d", n)
	}
}

func TestHistoryReplayShowsOldBesideNew(t *testing.T) {
	a, _ := historyApp(t, "campaign/send", "id=1")
	send(t, a, press("ctrl+s")) // 0: the campaign starts
	send(t, a, press("ctrl+r"))
	old := a.history.calls[0]
	send(t, a, press("ctrl+s")) // replay: it already runs → 10
	if a.last.resp.Code != 10 {
		t.Fatalf("replay got %d, want 10", a.last.resp.Code)
	}
	s := screen(a)
	for _, want := range []string{"было", "стало", "Успешно", "Ошибка сохранения данных"} {
		if !strings.Contains(s, want) {
			t.Errorf("old → new lacks %q:\n%s", want, s)
		}
	}
	calls, _ := a.store.List(context.Background(), history.Filter{})
	if len(calls) != 2 || calls[0].ReplayOf == nil || *calls[0].ReplayOf != old.ID || calls[0].Source != "replay" {
		t.Errorf("the replay must be recorded as one: %+v", calls[0])
	}
}

func TestPastedCurlBecomesTheRequest(t *testing.T) {
	a, srv := historyApp(t, "user/getOwnBalance")
	curl := "curl -X POST \\\n 'http://" + srv.KZ + "/service/campaign/addrecipients?output=json&api=v1&apiKey=CUSTOMER-KEY-123456' \\\n" +
		" -d 'id=1&recipients%5B%5D=77001234567&recipients%5B%5D=77001110005'"
	send(t, a, tea.PasteMsg{Content: curl})
	if a.request.method.Value() != "campaign/addrecipients" || a.request.params.Value() != "id=1\nrecipients[]=77001234567\nrecipients[]=77001110005" {
		t.Fatalf("request after paste: %q %q", a.request.method.Value(), a.request.params.Value())
	}
	if !strings.Contains(screen(a), "ключ из запроса удалён") {
		t.Errorf("the removed key must be reported:\n%s", screen(a))
	}
	calls, _ := a.store.List(context.Background(), history.Filter{})
	if len(calls) != 1 || calls[0].Source != "import" || calls[0].Sent() {
		t.Errorf("the import is kept: %+v", calls)
	}
	send(t, a, press("ctrl+s"))
	if a.last.resp.Code != 98 {
		t.Errorf("sending the import: code %d, want 98", a.last.resp.Code)
	}
	// Garbage that looks like curl says what it could not read.
	send(t, a, tea.PasteMsg{Content: "curl --frobnicate https://x.kz/service/a/b"})
	if !strings.Contains(screen(a), "--frobnicate") {
		t.Errorf("an unreadable paste must be named:\n%s", screen(a))
	}
}

func TestUnusableHistoryStillBrowses(t *testing.T) {
	a, _ := sandboxApp(t, sandbox.Options{}, "user/getOwnBalance")
	notes := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(notes, []byte("my notes\n"), 0o600)
	a.historyPath = notes
	runCmd(t, a, a.Init(), 0)
	if a.store != nil || !strings.Contains(screen(a), "история недоступна") {
		t.Fatalf("a file that is not a history must be refused and said so:\n%s", screen(a))
	}
	send(t, a, press("/"))
	typeText(t, a, "лимит")
	if sel, _ := a.codes.Selected(); sel.Number != 30 {
		t.Errorf("browsing must still work: cursor on %d", sel.Number)
	}
	send(t, a, press("esc"), press("esc"), press("ctrl+s"))
	if a.last == nil || a.last.resp.Code != 0 {
		t.Errorf("calls must still work")
	}
	send(t, a, press("ctrl+r"))
	if !strings.Contains(screen(a), "История недоступна") {
		t.Errorf("the history view says why it is empty:\n%s", screen(a))
	}
	if b, _ := os.ReadFile(notes); string(b) != "my notes\n" {
		t.Error("the file was changed")
	}
}

func TestAFailedRecordIsSaidAndTheAnswerStays(t *testing.T) {
	a, _ := historyApp(t, "user/getOwnBalance")
	a.store.Close() // the store now refuses every write, as a full disk would
	send(t, a, press("ctrl+s"))
	s := screen(a)
	if !strings.Contains(s, "не сохранено в истории") {
		t.Errorf("the UI must say the call was not saved:\n%s", s)
	}
	if a.last == nil || a.last.resp.Code != 0 || !strings.Contains(s, "Код 0") {
		t.Errorf("the answer must still show:\n%s", s)
	}
}

func TestGoldenHistoryView(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	store, err := history.Open(context.Background(), path, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 14, 9, 26, 53, 0, time.Local)
	code := func(n int) *int { return &n }
	calls := []history.Call{
		{At: at, Server: "api.mobizon.kz", Module: "message", Method: "sendSmsMessage", HTTPMethod: "POST",
			Params: []model.Param{{Key: "recipient", Value: "77001234567"}, {Key: "text", Value: "Ваш код 4711"}}, Code: code(0),
			Data: []byte(`{"campaignId":"5101","messageId":"101","status":"2"}`), Duration: 40 * time.Millisecond},
		{At: at.Add(time.Minute), Server: "api.mobizon.kz", Module: "campaign", Method: "addRecipients", HTTPMethod: "POST",
			Params: []model.Param{{Key: "id", Value: "1"}, {Key: "recipients[]", Value: "77001110005"}}, Code: code(98),
			Message: "Добавлено 1 из 2 получателей", Starred: true, Note: "тикет 4711"},
		{At: at.Add(2 * time.Minute), Server: "api.mobizon.uz", Module: "user", Method: "getOwnBalance", HTTPMethod: "GET",
			ErrorKind: "timeout", Error: "api.mobizon.uz не ответил за 1m0s"},
		{At: at.Add(3 * time.Minute), Server: "api.mobizon.kz", Module: "message", Method: "sendSmsMessage", HTTPMethod: "POST",
			Params: []model.Param{{Key: "recipient", Value: "77000000003"}, {Key: "text", Value: "x"}}, Code: code(3),
			Message: "Неопознанная ошибка приложения"},
	}
	if _, err := store.RecordBatch(context.Background(), calls, ""); err != nil {
		t.Fatal(err)
	}
	store.Close()
	a := New(Options{Catalog: testCatalog, Settings: config.Settings{Server: model.MustParseServer("api.mobizon.kz"), Key: "k"},
		HistoryPath: path, Width: 100, Height: 30})
	t.Cleanup(func() { a.Close() })
	ls := startProgram(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.tm.Send(press("ctrl+r"))
	ls.waitFor(t, "История · 4", "Вызов 4")
	ls.tm.Send(press("j"))
	requireGolden(t, ls.waitFor(t, "Вызов 3", "ERR"))
}

func TestPasteIntoTheHistorySearch(t *testing.T) {
	a, _ := historyApp(t, "message/sendSmsMessage", "recipient=77001234567", "text=Привет")
	send(t, a, press("ctrl+s"), press("ctrl+r"), press("/"))
	send(t, a, tea.PasteMsg{Content: "77001234567"})
	if a.history.query.Value() != "77001234567" || len(a.history.calls) != 1 {
		t.Errorf("a paste into the search must search: %q, %d calls", a.history.query.Value(), len(a.history.calls))
	}
}
