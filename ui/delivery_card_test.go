package ui

import (
	"testing"
	"time"

	"codedesk/sandbox"
)

// The card under the «Доставка» list shows what fits and says when there
// is more; tab gives it the moving keys, as in the history and webhooks.
func TestTheDeliveryCardScrollsToItsEnd(t *testing.T) {
	var srv *sandbox.Servers
	clock := newManualClock(time.Date(2026, 11, 26, 15, 45, 23, 0, time.Local))
	a := newApp(t, 80, 24, withSandbox(sandbox.Options{Now: clock.Now}, &srv), withClock(clock))
	ls := start(t, a, 80, 24)
	ls.waitFor(t, "Коды ответов 20")
	sendSMS(t, srv, "77001230403") // 0403: REJECTD
	clock.Advance(time.Minute)
	ls.send(press("ctrl+d"))
	ls.waitFor(t, "id или номер:")
	ls.typeText("+7 700 123 04 03")
	ls.send(press("enter"))
	ls.waitFor(t, "REJECTD", "Что делать:", "─ ↓ ещё, tab — прокрутить", "tab список / подробности", "!к замене на общее")
	ls.send(press("tab"))
	ls.waitFor(t, "▶ ↑↓ прокрутка, tab — к списку")
	ls.send(press("G"))
	ls.waitFor(t, "к замене на общее", "!↓ ещё")
	ls.send(press("tab"), press("g"))
	ls.waitFor(t, "к замене на общее", "!▶ ↑↓ прокрутка") // the list's keys again: the card stays
}
