package ui

import (
	"testing"

	"codedesk/sandbox"
)

// After s keeps a 13's server, the card says it is kept and no longer
// offers s; Y then copies the reply without bringing the offer back.
func TestTheCardSaysTheServerIsKeptAfterS(t *testing.T) {
	var srv *sandbox.Servers
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, &srv), withRequest("user/getOwnBalance"),
		func(t *testing.T, o *Options) { o.Settings.Key = sandbox.KeyUZ })
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 13", "r — повторить на http://"+srv.UZ)
	ls.send(press("r"))
	ls.waitFor(t, "код 0 · Успешно", "s  — сохранить сервер", glamourCard)
	ls.send(press("s"))
	ls.waitFor(t, "сохранено: сервер http://"+srv.UZ, "!сохранить сервер", glamourCard)
	ls.send(press("Y"))
	ls.waitFor(t, "ответ клиенту скопирован", "сохранено: сервер", "!сохранить сервер")
}
