package ui

import (
	"strings"
	"testing"
	"time"

	"codedesk/history"
	"codedesk/sandbox"
)

// Delivery in the TUI: w after a send watches the message to its final
// status, against the sandbox, every lookup kept in the history.

func TestWWatchesTheSentMessageToDelivered(t *testing.T) {
	var path string
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{DeliveryTime: 2 * time.Second}, nil), withHistory(&path),
		withRequest("message/sendSmsMessage", "recipient=77001234567", "text=Привет"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20", glamourCard)
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 0 · Успешно", "w — следить за доставкой")
	ls.send(press("w"))
	ls.waitFor(t, "доставка ", "esc — стоп")
	scr := ls.waitFor(t, "Статус DELIVRD", "Доставка сообщения", "NEW 1", "→ DELIVRD", "итог: 1 сообщение: 1 доставлено", "!Статус: ")
	if !strings.Contains(scr, "▌ DELIVRD  Доставлено") {
		t.Errorf("the list must select DELIVRD:\n%s", scr)
	}
	var lookups int
	for _, c := range waitStoredAtLeast(t, path, 3) {
		if c.Name() == "message/getSMSStatus" {
			lookups++
		}
	}
	if lookups < 2 {
		t.Errorf("every lookup is kept in the history: %d getSMSStatus calls kept", lookups)
	}
}

func TestEscStopsTheWatch(t *testing.T) {
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil),
		withRequest("message/sendSmsMessage", "recipient=77000000202", "text=x")) // 0202 never ends
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "w — следить за доставкой")
	ls.send(press("w"))
	ls.waitFor(t, "esc — стоп")
	ls.send(press("esc"))
	ls.waitFor(t, "слежение за доставкой остановлено", "!esc — стоп")
}

// waitStoredAtLeast waits until the history holds at least n calls.
func waitStoredAtLeast(t *testing.T, path string, n int) []history.Call {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		calls := storedCalls(t, path)
		if len(calls) >= n {
			return calls
		}
		if time.Now().After(deadline) {
			t.Fatalf("the history holds %d calls, want at least %d", len(calls), n)
		}
		time.Sleep(10 * time.Millisecond) // polling the file, not standing in for a condition
	}
}
