package ui

import (
	"testing"

	"codedesk/history"
	"codedesk/sandbox"
)

// A call's links in the history (a replay names its original) survive
// what the user does to either end.

func TestUndoBringsBackTheReplayLink(t *testing.T) {
	var path string
	seed := history.Call{At: seedAt, Module: "user", Method: "getOwnBalance", HTTPMethod: "GET", Code: code(8), Message: "bad key", Source: "tui"}
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil), func(t *testing.T, o *Options) {
		seed.Server = o.Settings.Server.String()
		withSeeds(&path, seed)(t, o)
	})
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 1 вызов")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "повтор 1", "История · 2 вызова")
	ls.send(press("j"))
	ls.waitFor(t, "─ Вызов 1 ─")
	ls.send(press("d"))
	ls.waitFor(t, "вызов 1 удалён", "История · 1 вызов", "!повтор 1")
	ls.send(press("u"))
	ls.waitFor(t, "вызов 1 возвращён", "История · 2 вызова", "повтор 1")
	// The replay's own detail compares it with its original.
	ls.send(press("k"))
	ls.waitFor(t, "─ Вызов 2 ·", "повтор вызова 1", "было", "стало", "Ошибка авторизации")
	if calls := waitStored(t, path, 2); calls[0].ReplayOf == nil || *calls[0].ReplayOf != 1 {
		t.Errorf("the replay lost its link for good: %+v", calls[0])
	}
}

// webhookSeed is a delivery report as `webhook listen` records it.
func webhookSeed() history.Call {
	return history.Call{At: seedAt, Server: "127.0.0.1:8090", Module: "webhook", Method: "sms-delivery-report",
		HTTPMethod: "POST", Source: history.SourceWebhook, Message: "подпись верна · DELIVRD", Agent: "anna",
		Data: []byte(`{"eventId":26,"attempt":1,"eventType":"sms-delivery-report","data":{"messageId":"101","status":"DELIVRD"}}`)}
}

func TestAWebhookRowOffersOnlyWhatApplies(t *testing.T) {
	var path string
	ls := start(t, newApp(t, 100, 30, withSeeds(&path, webhookSeed())), 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 1 вызов", "вебхук принят", `"eventId": 26`,
		"y скопировать данные вебхука", "!взять в запрос", "!повторить вызов")
	ls.send(press("enter"))
	ls.waitFor(t, "вызов 1 — принятый вебхук, а не запрос к API: в запрос не берётся", "История · 1 вызов")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "повторить нечего")
	ls.send(press("Y"))
	ls.waitFor(t, "ответ клиенту пишется о вызове")
	ls.send(press("y"))
	ls.waitFor(t, "данные вебхука 1 скопированы")
	if got := ls.waitClipboard(t, "eventId"); got != string(webhookSeed().Data) {
		t.Errorf("y copied %q, want the payload as it came", got)
	}
	if n := len(storedCalls(t, path)); n != 1 {
		t.Errorf("a webhook row sent something: %d calls", n)
	}
}

func TestReopeningTheHistoryShowsTheCallJustMade(t *testing.T) {
	var path string
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil), withRequest("user/getOwnBalance"), withSeeds(&path, seedCalls()...))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 4 вызова", "Вызов 4")
	ls.send(press("j"), press("j"), press("tab"))
	ls.waitFor(t, "▶ Вызов 2")
	// Nothing new: the view comes back as it was left.
	ls.send(press("esc"), press("ctrl+r"))
	ls.waitFor(t, "▶ Вызов 2")
	ls.send(press("esc"))
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 0 · Успешно")
	waitStored(t, path, 5)
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 5 вызовов", "─ Вызов 5", "!▶ Вызов")
	ls.send(press("j"))
	ls.waitFor(t, "─ Вызов 4") // the keys move the list, not the detail
}
