package ui

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/wire"
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

func TestADeliveryQueryIsIDsOrANumber(t *testing.T) {
	cases := []struct {
		in    string
		ids   []int64
		phone string
		bad   bool
	}{
		{in: "101", ids: []int64{101}},
		{in: "101, 102 103", ids: []int64{101, 102, 103}},
		{in: "101,101", ids: []int64{101}},
		{in: "+7 700 123-45-67", phone: "77001234567"},
		{in: "77001234567", phone: "77001234567"},
		{in: "7(700)123-45-67", phone: "77001234567"},
		{in: "12345678901 12345678902", ids: []int64{12345678901, 12345678902}},
		{in: "", bad: true},
		{in: "abc", bad: true},
		{in: "+7 700 abc", bad: true},
	}
	for _, c := range cases {
		q, err := parseDeliveryQuery(c.in)
		switch {
		case c.bad && err == nil:
			t.Errorf("%q: want an error, got %+v", c.in, q)
		case !c.bad && err != nil:
			t.Errorf("%q: %v", c.in, err)
		case !c.bad && (q.phone != c.phone || !slices.Equal(q.ids, c.ids)):
			t.Errorf("%q: got ids %v phone %q, want ids %v phone %q", c.in, q.ids, q.phone, c.ids, c.phone)
		}
	}
}

// sendSMS sends one SMS through the sandbox's kz region and returns its id.
func sendSMS(t testing.TB, srv *sandbox.Servers, recipient string) string {
	t.Helper()
	server := model.MustParseServer("http://" + srv.KZ)
	c := wire.NewClient(wire.ClientOptions{Trust: model.NewTrust(server)})
	resp, err := c.Do(context.Background(), model.Request{Server: server, Module: "message", Method: "sendSmsMessage",
		Params: []model.Param{{Key: "recipient", Value: recipient}, {Key: "text", Value: "x"}}}, sandbox.KeyKZ)
	if err != nil || resp.Code != 0 {
		t.Fatalf("send to %s: %v %+v", recipient, err, resp)
	}
	var data struct {
		MessageID string `json:"messageId"`
	}
	if err := json.Unmarshal(resp.Data, &data); err != nil || data.MessageID == "" {
		t.Fatalf("send to %s: no messageId in %s", recipient, resp.Data)
	}
	return data.MessageID
}

func TestTheDeliveryViewLooksUpIDsAndWatchesTheUnfinished(t *testing.T) {
	var srv *sandbox.Servers
	var path string
	a := newApp(t, 120, 30, withSandbox(sandbox.Options{DeliveryTime: 1500 * time.Millisecond, RateLimit: 1000}, &srv), withHistory(&path))
	ls := start(t, a, 120, 30)
	ls.waitFor(t, "Коды ответов 20", glamourCard)
	delivered, failed, stuck := sendSMS(t, srv, "77001234567"), sendSMS(t, srv, "77000000404"), sendSMS(t, srv, "77000000202")
	ls.send(press("ctrl+d"))
	ls.waitFor(t, "Доставка SMS", "id или номер:")
	ls.typeText(delivered + ", " + failed + " " + stuck + " 999999")
	ls.send(press("enter"))
	scr := ls.waitFor(t, "4 сообщения", "999999   —        Не найдено: API не вернул", "w — следить за незавершёнными")
	for _, id := range []string{delivered, failed, stuck} {
		if !strings.Contains(lineOf(scr, id+"   "), "в пути") {
			t.Errorf("message %s must be on its way right after the send:\n%s", id, scr)
		}
	}
	ls.send(press("w"))
	ls.waitFor(t, "следим, раунд")
	scr = ls.waitFor(t, "DELIVRD  Доставлено", "UNDELIV  Не доставлено", "ACCEPTD  Принято оператором")
	if !strings.Contains(lineOf(scr, delivered+"   DELIVRD"), "итог") || !strings.Contains(lineOf(scr, stuck+"   ACCEPTD"), "в пути") {
		t.Errorf("the delivered message is final, the stuck one still on its way:\n%s", scr)
	}
	ls.send(press("esc"))
	ls.waitFor(t, "слежение остановлено", "!следим, раунд", "Доставка SMS")
	ls.send(press("esc"))
	ls.waitFor(t, "Коды ответов 20")
	var lookups int
	for _, c := range storedCalls(t, path) {
		if c.Name() == "message/getSMSStatus" {
			lookups++
		}
	}
	if lookups < 2 {
		t.Errorf("the lookup and the watch's rounds are kept in the history: %d getSMSStatus calls", lookups)
	}
}

func TestTheDeliveryViewLooksUpANumber(t *testing.T) {
	var srv *sandbox.Servers
	a := newApp(t, 120, 30, withSandbox(sandbox.Options{}, &srv))
	ls := start(t, a, 120, 30)
	ls.waitFor(t, "Коды ответов 20")
	first, second := sendSMS(t, srv, "77001230001"), sendSMS(t, srv, "77001230001")
	sendSMS(t, srv, "77009990002")
	ls.send(press("ctrl+d"))
	ls.waitFor(t, "id или номер:")
	ls.typeText("+7 700 123 00 01")
	ls.send(press("enter"))
	scr := ls.waitFor(t, "номер 77001230001", "2 сообщения", first+"   NEW", second+"   NEW", "77001230001  «x»")
	if strings.Contains(scr, "77009990002") {
		t.Errorf("another number's message is listed:\n%s", scr)
	}
	ls.send(press("enter")) // the status's card
	ls.waitFor(t, "Коды ответов 20", "Статус NEW")
}

func TestEscLeavesAnEmptyDeliveryView(t *testing.T) {
	a := newApp(t, 100, 30)
	a.Update(press("ctrl+d"))
	if !strings.Contains(screenOf(a.View().Content), "Доставка SMS") {
		t.Fatal("ctrl+d opens the view")
	}
	_, cmd := a.Update(press("esc"))
	for _, m := range mustRun(t, cmd) {
		a.Update(m)
	}
	if v := screenOf(a.View().Content); !strings.Contains(v, "Коды ответов") || strings.Contains(v, "Доставка SMS") {
		t.Errorf("esc in the empty view's input goes back to the codes:\n%s", v)
	}
}

func TestANewDeliverySearchStartsEmpty(t *testing.T) {
	var srv *sandbox.Servers
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, &srv))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	first, second := sendSMS(t, srv, "77001234567"), sendSMS(t, srv, "77001234568")
	ls.send(press("ctrl+d"))
	ls.waitFor(t, "id или номер:")
	ls.typeText(first)
	ls.send(press("enter"))
	ls.waitFor(t, "· id "+first+" ·", "1 сообщение")
	ls.send(press("/"))
	ls.waitFor(t, "id или номер: "+first) // the last search, as a placeholder
	ls.typeText(second)
	ls.send(press("enter"))
	ls.waitFor(t, "· id "+second+" ·", "1 сообщение", "!"+first+second)
	ls.send(press("r")) // r asks the last search again
	ls.waitFor(t, "· id "+second+" ·")
}

// A watch begun after the message moved on does not pretend it began
// where it was first seen: the API names only the current status.
func TestALateWatchSaysWhatCameBeforeIsUnknown(t *testing.T) {
	clock := newManualClock(time.Date(2026, 11, 26, 15, 45, 23, 0, time.Local))
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{Now: clock.Now}, nil), withClock(clock),
		withRequest("message/sendSmsMessage", "recipient=77000000202", "text=x")) // 0202 stays ACCEPTD
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "w — следить за доставкой")
	clock.Advance(2500 * time.Millisecond) // NEW and ENQUEUD are over
	ls.send(press("w"))
	scr := ls.waitFor(t, "… → ACCEPTD 15:45:25", "ACCEPTD — первый увиденный статус (с 15:45:25)")
	if strings.Contains(scr, "NEW 15:45") {
		t.Errorf("a status never seen is shown:\n%s", scr)
	}
}

// At 100 columns a lookup by number shows the recipient and the text whole:
// the status's title and the segments give way to them.
func TestALookupByNumberShowsItsNumberAndTextAt100(t *testing.T) {
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil),
		withRequest("message/sendSmsMessage", "recipient=77001234567", "text=Ваш код: 4711 для входа"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 0 · Успешно")
	ls.send(press("ctrl+d"))
	ls.waitFor(t, "id или номер:")
	ls.typeText("+7 700 123 45 67")
	ls.send(press("enter"))
	scr := ls.waitFor(t, "номер 77001234567", "77001234567  «Ваш код: 4711 для входа»", "отпр. ")
	if strings.Contains(lineOf(scr, "«Ваш код"), "…") {
		t.Errorf("the row is cut:\n%s", scr)
	}
}

// At 80 columns the empty view's hints wrap and are read whole.
func TestTheDeliveryHintsWrapAt80Columns(t *testing.T) {
	a := newApp(t, 80, 24, withSandbox(sandbox.Options{}, nil))
	ls := start(t, a, 80, 24)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+d"))
	scr := ls.waitFor(t, "Доставка SMS", "новые первыми.")
	if strings.Contains(scr, "нов…") {
		t.Errorf("a hint is cut mid-word:\n%s", scr)
	}
}
