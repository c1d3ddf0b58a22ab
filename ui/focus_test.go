package ui

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"codedesk/sandbox"
)

// The action keys an answer offers work where they are offered: after a
// send from a field the keyboard goes to the answer; typing since the send
// keeps it in the field and the status line says how to reach the keys;
// a new request takes the old answer's actions away.

// docsURL is a customer's API address as pasted from a ticket: a task of
// adding a group's recipients, which answers 100.
const docsURL = "https://api.mobizon.kz/service/campaign/addrecipients?output=json&api=v1&apiKey=KEY&id=1&recipientGroups%5B%5D=7"

func TestAfterAPasteAndASendTheOfferedKeyActs(t *testing.T) {
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{TaskDuration: time.Hour}, nil))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(pasteOf(docsURL))
	ls.waitFor(t, "импортировано", "recipientGroups[]=7")
	ls.send(press("ctrl+s"))
	scr := ls.waitFor(t, "код 100", "p — следить за задачей", "p следить за задачей")
	if strings.Contains(scr, "esc, затем") {
		t.Errorf("the answer took the keyboard: its keys work as offered:\n%s", scr)
	}
	ls.send(press("p"))
	scr = ls.waitFor(t, "задача", "esc — стоп")
	if strings.Contains(scr, "recipientGroups[]=7p") {
		t.Errorf("p went into the parameters:\n%s", scr)
	}
}

// answeringOnRelease answers body to a call once release is closed, and
// says a task is finished to taskqueue/getStatus.
func answeringOnRelease(t *testing.T, release <-chan struct{}, body string) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(strings.ToLower(r.URL.Path), "taskqueue/getstatus") {
			io.WriteString(w, `{"code":0,"data":{"status":2,"progress":100},"message":""}`)
			return
		}
		select {
		case <-release:
			io.WriteString(w, body)
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

func TestTypingAfterASendKeepsTheFieldAndTheLineSaysHowToReachTheKey(t *testing.T) {
	release := make(chan struct{})
	url := answeringOnRelease(t, release, `{"code":100,"data":"42","message":""}`)
	a := newApp(t, 100, 30, withServer(url, "k"), withRequest("campaign/addRecipients", "id=1", "recipientGroups[]=7"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("e"), press("ctrl+s"))
	ls.waitFor(t, "отправка…")
	ls.typeText("\nx=1") // the user goes on typing while the call is out
	ls.waitFor(t, "x=1")
	close(release)
	ls.waitFor(t, "код 100", "esc, затем p — следить за задачей", "┃ Запрос")
	ls.typeText("2")
	ls.waitFor(t, "x=12") // the keyboard stayed where the user typed
	ls.send(press("esc"))
	scr := ls.waitFor(t, "код 100", "p — следить за задачей", "p следить за задачей")
	if strings.Contains(scr, "esc, затем") {
		t.Errorf("out of the field the key works: offer it plainly:\n%s", scr)
	}
	ls.send(press("p"))
	ls.waitFor(t, "задача 42 завершена")
}

func TestANewRequestTakesTheOldAnswersActionsAway(t *testing.T) {
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{TaskDuration: time.Hour}, nil),
		withRequest("campaign/addRecipients", "id=1", "recipientGroups[]=7"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 100", "p следить за задачей", "Код 100 · ответ")
	ls.send(pasteOf("curl 'https://api.mobizon.kz/service/user/getownbalance'"))
	ls.waitFor(t, "импортировано: user/getOwnBalance")
	ls.send(press("esc")) // out of the field: the action keys would work here
	scr := ls.waitFor(t, "│ Запрос", "ctrl+s отправить")
	for _, stale := range []string{"p следить за задачей", "p — следить", "· ответ", "Y ответ клиенту"} {
		if strings.Contains(scr, stale) {
			t.Errorf("%q is the old answer's, not the new request's:\n%s", stale, scr)
		}
	}
	ls.send(press("p"))
	ls.typeText("/лимит") // shows only after p was handled
	ls.waitFor(t, "Код 30", "!esc — стоп", "!задача")
}
