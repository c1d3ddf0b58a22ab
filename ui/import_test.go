package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"codedesk/history"
	"codedesk/sandbox"
)

// A pasted request is one row of the history: the call it made when it is
// sent, marked as imported; the request as the customer sent it when it
// is not (another paste or a history call replaced it, the history view
// was opened, the app ended).

const (
	pasteBalance = "curl 'https://api.mobizon.kz/service/user/getownbalance?apiKey=abc'"
	pasteStatus  = "curl 'https://api.mobizon.kz/service/message/getsmsstatus' -d 'ids=1'"
)

func TestAPasteAndASendAreOneRow(t *testing.T) {
	var path string
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil), withHistory(&path))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20", glamourCard) // the history is open after the first frame
	ls.send(pasteOf(pasteBalance))
	ls.waitFor(t, "импортировано: user/getOwnBalance")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 0 · Успешно")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 1 вызов", "user/getOwnBalance", "!не отправлялся")
	calls := waitStored(t, path, 1)
	if c := calls[0]; c.Source != history.SourceImport || c.Code == nil || *c.Code != 0 {
		t.Errorf("the paste's call is kept as %+v, want the sent call marked as imported", c)
	}
}

func TestAPasteNotSentIsKeptAsTheCustomerSentIt(t *testing.T) {
	var path string
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil), withHistory(&path))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20", glamourCard)
	ls.send(pasteOf(pasteBalance))
	ls.waitFor(t, "импортировано: user/getOwnBalance")
	ls.send(pasteOf(pasteStatus)) // the first gives way, unsent
	ls.waitFor(t, "импортировано: message/getSMSStatus")
	if calls := waitStored(t, path, 1); calls[0].Sent() || calls[0].Server != "api.mobizon.kz" || calls[0].Name() != "user/getownbalance" {
		t.Errorf("the replaced paste is kept as %+v, want it as the customer sent it", calls[0])
	}
	ls.send(press("ctrl+r")) // the second is looked for here: kept now
	ls.waitFor(t, "История · 2 вызова", "импорт, не отправлялся", "message/getSMSStatus")
	ls.send(press("esc"))
	ls.waitFor(t, "Коды ответов 20")
	ls.send(pasteOf(pasteBalance), press("q")) // q is a letter in the field
	ls.waitFor(t, "импортировано: user/getOwnBalance")
	ls.send(press("ctrl+c"))
	ls.tm.WaitFinished(t)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if calls := storedCalls(t, path); len(calls) != 3 || calls[0].Sent() {
		t.Errorf("a paste left on screen at the end is kept unsent: %d calls, newest %+v", len(calls), calls[0])
	}
}

// A paste whose method is changed before it is sent is another call: the
// customer's request is kept as they sent it, and the call as a call.
func TestAPasteWhoseMethodChangedIsKeptBesideTheCall(t *testing.T) {
	var path string
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil), withHistory(&path))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20", glamourCard)
	ls.send(pasteOf(pasteStatus))
	ls.waitFor(t, "импортировано: message/getSMSStatus")
	ls.send(press("shift+tab"))                           // from the parameters to the method
	ls.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}) // clear the field
	ls.typeText("getownbalance")
	ls.send(press("enter"))
	ls.waitFor(t, "Метод  user/getOwnBalance")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 0 · Успешно")
	calls := waitStored(t, path, 2)
	if calls[1].Name() != "message/getsmsstatus" || calls[1].Sent() || calls[0].Name() != "user/getOwnBalance" || calls[0].Source == history.SourceImport {
		t.Errorf("kept %s (%s, sent %v) and %s (%s)", calls[1].Name(), calls[1].Source, calls[1].Sent(), calls[0].Name(), calls[0].Source)
	}
}
