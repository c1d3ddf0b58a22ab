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
