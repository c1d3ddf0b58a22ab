package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"codedesk/history"
	"codedesk/model"
	"codedesk/sandbox"
)

// seedAt is when the seeded calls were made.
var seedAt = time.Date(2026, 3, 14, 9, 26, 53, 0, time.Local)

func code(n int) *int { return &n }

// seedCalls are four calls as a support engineer's history holds them.
func seedCalls() []history.Call {
	return []history.Call{
		{At: seedAt, Server: "api.mobizon.kz", Module: "message", Method: "sendSmsMessage", HTTPMethod: "POST",
			Params: []model.Param{{Key: "recipient", Value: "77001234567"}, {Key: "text", Value: "Ваш код 4711"}}, Code: code(0),
			Data: []byte(`{"campaignId":"5101","messageId":"101","status":"2"}`), Duration: 40 * time.Millisecond, Source: "tui", Agent: "anna"},
		{At: seedAt.Add(time.Minute), Server: "api.mobizon.kz", Module: "campaign", Method: "addRecipients", HTTPMethod: "POST",
			Params: []model.Param{{Key: "id", Value: "1"}, {Key: "recipients[]", Value: "77001110005"}}, Code: code(98),
			Message: "Добавлено 1 из 2 получателей", Starred: true, Note: "тикет 4711", Source: "tui", Agent: "anna",
			NoteAuthor: "boris", NoteAt: ptr(seedAt.Add(5 * time.Minute)),
			Data: []byte(`[{"recipient":"77001234567","code":0},{"recipient":"77001110005","code":5}]`)},
		{At: seedAt.Add(2 * time.Minute), Server: "api.mobizon.uz", Module: "user", Method: "getOwnBalance", HTTPMethod: "GET",
			ErrorKind: "timeout", Error: "api.mobizon.uz не ответил за 1 мин", Source: "cli", Agent: "boris"},
		{At: seedAt.Add(3 * time.Minute), Server: "api.mobizon.kz", Module: "message", Method: "sendSmsMessage", HTTPMethod: "POST",
			Params: []model.Param{{Key: "recipient", Value: "77000000003"}, {Key: "text", Value: "x"}}, Code: code(3),
			Message: "Неопознанная ошибка приложения", Source: "tui", Agent: "anna"},
	}
}

func ptr[T any](v T) *T { return &v }

// withSeeds gives the app a history holding calls.
func withSeeds(path *string, calls ...history.Call) appOption {
	return func(t *testing.T, o *Options) {
		t.Helper()
		withHistory(path)(t, o)
		store, err := history.Open(context.Background(), o.HistoryPath, history.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		if _, err := store.RecordBatch(context.Background(), calls, ""); err != nil {
			t.Fatal(err)
		}
	}
}

// storedCalls is the history file's calls, newest first, read as another
// process would.
func storedCalls(t *testing.T, path string) []history.Call {
	t.Helper()
	store, err := history.Open(context.Background(), path, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	calls, err := store.List(context.Background(), history.Filter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return calls
}

// waitStored waits until the history file holds n calls.
func waitStored(t *testing.T, path string, n int) []history.Call {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		calls := storedCalls(t, path)
		if len(calls) == n {
			return calls
		}
		if time.Now().After(deadline) {
			t.Fatalf("the history holds %d calls, want %d", len(calls), n)
		}
		time.Sleep(10 * time.Millisecond) // polling the file, not standing in for a condition
	}
}

func TestEveryCallIsRecorded(t *testing.T) {
	var path string
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil), withHistory(&path), withRequest("message/sendSmsMessage", "recipient=12ab", "text=x"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 1 ·")
	calls := waitStored(t, path, 1)
	if c := calls[0]; c.Code == nil || *c.Code != 1 || c.Source != "tui" || c.Name() != "message/sendSmsMessage" {
		t.Errorf("recorded %+v", c)
	}
}

func TestARecordInFlightSurvivesAQuickQuit(t *testing.T) {
	var path string
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil), withHistory(&path), withRequest("user/getOwnBalance"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20", glamourCard) // the history is open after the first frame
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 0 · Успешно")
	ls.send(press("q"))
	ls.tm.WaitFinished(t)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if calls := storedCalls(t, path); len(calls) != 1 {
		t.Errorf("after a quit right after the answer the history holds %d calls, want 1", len(calls))
	}
}

func TestGoldenHistoryView(t *testing.T) {
	clock := newManualClock(seedAt.Add(time.Hour)) // the same day: times without dates
	ls := start(t, newApp(t, 100, 30, withSeeds(nil, seedCalls()...), withClock(clock)), 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 4 вызова", "Вызов 4")
	ls.send(press("j"))
	requireGolden(t, ls.waitFor(t, "Вызов 3", "ERR", "нет ответа: время ожидания вышло"))
}

func TestHistoryShowsDatesOfOtherDays(t *testing.T) {
	clock := newManualClock(seedAt.AddDate(0, 0, 1))
	ls := start(t, newApp(t, 100, 30, withSeeds(nil, seedCalls()...), withClock(clock)), 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "14.03 09:29", "14.03 09:26")
}

func TestHistoryAt80x24ShowsTheCallInFull(t *testing.T) {
	ls := start(t, newApp(t, 80, 24, withSeeds(nil, seedCalls()...)), 80, 24)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 4")
	ls.send(press("j"), press("j")) // the 98
	scr := ls.waitFor(t, "Вызов 2", "recipients[]=77001110005", "98  Выполнено частично", "↓ ещё")
	if !strings.Contains(scr, "campaign/addRecipients") {
		t.Errorf("the method as the docs write it:\n%s", scr)
	}
	ls.send(press("tab"), press("j"), press("j"), press("j"), press("j")) // the keys scroll the call now
	ls.waitFor(t, "▶ Вызов 2", "заметка · boris · 14.03.", "тикет 4711")
	ls.send(press("G"))
	ls.waitFor(t, `"code": 5`)
}

func TestHistoryBelow80x24SwitchesOnePaneAtATime(t *testing.T) {
	ls := start(t, newApp(t, 79, 23, withSeeds(nil, seedCalls()...)), 79, 23)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 4", "!recipient=77000000003")
	ls.send(press("tab"))
	ls.waitFor(t, "▶ Вызов 4", "recipient=77000000003", "!История · 4")
}

func TestHistoryFiltersShowInTheHeader(t *testing.T) {
	ls := start(t, newApp(t, 100, 30, withSeeds(nil, seedCalls()...)), 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 4 вызова")
	ls.send(press("f"))
	ls.waitFor(t, "· только сбои · 3 вызова")
	ls.send(press("t"))
	ls.waitFor(t, "· только сбои · только ★ · 1 вызов", "тикет 4711")
	ls.send(press("f"), press("t"), press("c"))
	ls.typeText("3")
	ls.send(press("enter"))
	ls.waitFor(t, "· код 3 · 1 вызов", "Неопознанная ошибка")
	ls.send(press("c"), press("backspace"), press("enter"))
	ls.waitFor(t, "История · 4 вызова")
	ls.typeText("/zzz")
	ls.waitFor(t, "ничего не найдено")
}

func TestEnterLoadsTheCallAndItsAnswer(t *testing.T) {
	ls := start(t, newApp(t, 100, 30, withSeeds(nil, seedCalls()...)), 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 4")
	ls.send(press("j"), press("j"), press("enter"))
	ls.waitFor(t, "Код 98 · ответ", "recipients[]=77001110005", "вызов 2 из истории", "Добавлено 1 из 2")
}

func TestSearchStarNoteDeleteAndUndoEverything(t *testing.T) {
	var path string
	ls := start(t, newApp(t, 100, 30, withSeeds(&path, seedCalls()...)), 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 4")
	ls.send(press("*"), press("n"))
	ls.typeText("звонил клиент")
	ls.send(press("enter"))
	ls.waitFor(t, "заметка сохранена")
	ls.typeText("/звонил")
	ls.send(press("enter"))
	ls.waitFor(t, "/ звонил · 1 вызов")
	ls.send(press("/"), press("esc"))
	ls.waitFor(t, "История · 4")
	ls.send(press("d")) // starred and noted: asked first
	ls.waitFor(t, "Удалить вызов 4 (★, заметка «звонил клиент»)?")
	ls.send(press("y"))
	ls.waitFor(t, "вызов 4 удалён", "История · 3")
	ls.send(press("d")) // call 3: neither, gone at once
	ls.waitFor(t, "вызов 3 удалён", "История · 2")
	ls.send(press("u"))
	ls.waitFor(t, "вызов 3 возвращён", "История · 3", "─ Вызов 3 ─")
	ls.send(press("u"))
	ls.waitFor(t, "вызов 4 возвращён", "История · 4", "Вызов 4")
	calls := waitStored(t, path, 4)
	if !calls[0].Starred || calls[0].Note != "звонил клиент" {
		t.Errorf("the restored call lost its star or note: %+v", calls[0])
	}
}

func TestReplayShowsOldBesideNewAndCounts(t *testing.T) {
	var path string
	seed := history.Call{At: seedAt, Server: "", Module: "user", Method: "getOwnBalance", HTTPMethod: "GET", Code: code(8), Message: "bad key", Source: "tui"}
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil), func(t *testing.T, o *Options) {
		seed.Server = o.Settings.Server.String()
		withSeeds(&path, seed)(t, o)
	})
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 1 вызов")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "было", "стало", "Ошибка авторизации", "Успешно", "История · 2 вызова")
	calls := waitStored(t, path, 2)
	if calls[0].ReplayOf == nil || *calls[0].ReplayOf != 1 || calls[0].Source != "replay" {
		t.Errorf("the replay must be recorded as one: %+v", calls[0])
	}
}

func TestReplayingAPaidCallAsksFirst(t *testing.T) {
	var path string
	var srv *sandbox.Servers
	seed := seedCalls()[0]
	seed.ErrorKind, seed.Error, seed.Code, seed.Data = "timeout", "не ответил", nil, nil
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, &srv), func(t *testing.T, o *Options) { withSeeds(&path, seed)(t, o) })
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "исход неизвестен")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "Повторить вызов 1 (message/sendSmsMessage)?", "1 сообщение:", "77001234567.", "исход неизвестен")
	ls.send(press("n"))
	ls.waitFor(t, "отменено", "!Повторить вызов")
	if n := len(storedCalls(t, path)); n != 1 {
		t.Fatalf("a refused replay sent something: %d calls", n)
	}
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "Повторить вызов 1")
	ls.send(press("y"))
	ls.waitFor(t, "стало", "Успешно", "повтор 1")
	waitStored(t, path, 2)
}

func TestPasteGoesIntoTheHistorySearch(t *testing.T) {
	ls := start(t, newApp(t, 100, 30, withSeeds(nil, seedCalls()...)), 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"), press("/"), pasteOf("77000000003"))
	ls.waitFor(t, "/ 77000000003", "Неопознанная ошибка", "!Добавлено 1 из 2")
}

func TestAHistoryThatIsNotOneIsLeftAlone(t *testing.T) {
	notes := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(notes, []byte("my notes\n"), 0o600)
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil), withRequest("user/getOwnBalance"),
		func(t *testing.T, o *Options) { o.HistoryPath = notes })
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "история недоступна")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 0 · Успешно")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История недоступна")
	if b, _ := os.ReadFile(notes); string(b) != "my notes\n" {
		t.Error("the file was changed")
	}
}

// stuckStore is a real store whose Record waits for gate: a write that is
// still running when the program quits.
type stuckStore struct {
	historyStore
	gate chan struct{}
}

func (s stuckStore) Record(ctx context.Context, c history.Call, key string) (int64, error) {
	<-s.gate
	return s.historyStore.Record(ctx, c, key)
}

func TestCloseWaitsForWritesAndIsBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	store, err := openStore(path, "")
	if err != nil {
		t.Fatal(err)
	}
	gate := make(chan struct{})
	db := newHistoryDB(stuckStore{store, gate}, context.Background())
	done := db.write(func(ctx context.Context, s historyStore) tea.Msg {
		_, err := s.Record(ctx, seedCalls()[0], "")
		return err
	})
	// The write cannot finish: Close waits as long as it may, says so, and
	// returns.
	if err := db.Close(50 * time.Millisecond); !errors.Is(err, errWritesPending) {
		t.Errorf("Close with a write stuck: %v, want errWritesPending", err)
	}
	close(gate)
	done()

	// A write that finishes in time is waited for and lands.
	store, err = openStore(path, "")
	if err != nil {
		t.Fatal(err)
	}
	gate = make(chan struct{})
	db = newHistoryDB(stuckStore{store, gate}, context.Background())
	db.write(func(ctx context.Context, s historyStore) tea.Msg {
		_, err := s.Record(ctx, seedCalls()[0], "")
		return err
	})
	closed := make(chan error, 1)
	go func() { closed <- db.Close(waitLimit) }()
	close(gate) // whenever Close has started, the write may now finish
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v", err)
	}
	if n := len(storedCalls(t, path)); n != 1 {
		t.Errorf("the write in flight at Close: %d calls stored, want 1", n)
	}
}

func TestTheCodeFiltersPlaceholderFits(t *testing.T) {
	for _, w := range []int{80, 100} {
		ls := start(t, newApp(t, w, 24, withSeeds(nil, seedCalls()...)), w, 24)
		ls.waitFor(t, "Коды ответов 20")
		ls.send(press("ctrl+r"))
		ls.waitFor(t, "История · 4")
		ls.send(press("c"))
		ls.waitFor(t, "код: номер, пусто — любой")
	}
}

// An imported method keeps the customer's spelling in the history, and is
// shown as the docs write it: in the list, the request pane and the
// question before a paid replay.
func TestImportedMethodsShowAsTheDocsWriteThem(t *testing.T) {
	imported := history.Call{At: seedAt, Server: "api.mobizon.kz", Module: "message", Method: "sendsmsmessage", HTTPMethod: "POST",
		Params: []model.Param{{Key: "recipient", Value: "77001234567"}, {Key: "text", Value: "x"}}, Source: "import"}
	ls := start(t, newApp(t, 100, 30, withSeeds(nil, imported), withServer("api.mobizon.kz", "k")), 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 1", "message/sendSmsMessage", "импорт, не отправлялся")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "Повторить вызов 1 (message/sendSmsMessage)?")
	ls.send(press("n"), press("enter"))
	scr := ls.waitFor(t, "вызов 1 из истории", "Метод  message/sendSmsMessage")
	if strings.Contains(scr, "sendsmsmessage") {
		t.Errorf("the customer's spelling is shown:\n%s", scr)
	}
}
