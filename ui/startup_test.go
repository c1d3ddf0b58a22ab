package ui

import (
	"context"
	"strings"
	"testing"

	"codedesk/history"
	"codedesk/history/historytest/corrupt"
	"codedesk/model"
	"codedesk/sandbox"
)

// damagedHistory is a history file of 300 calls with random bytes over a
// page in its middle, as a disk fault leaves one.
func damagedHistory(t *testing.T) appOption {
	return func(t *testing.T, o *Options) {
		t.Helper()
		var path string
		calls := make([]history.Call, 300)
		for i := range calls {
			req := model.Request{Server: model.MustParseServer("api.mobizon.kz"), Module: "user", Method: "getOwnBalance"}
			calls[i] = history.FromResult(req, model.Response{Envelope: model.Envelope{Code: i % 40, Message: strings.Repeat("ответ сервера ", 30)}}, nil, "cli")
		}
		withHistory(&path)(t, o)
		s, err := history.Open(context.Background(), path, history.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.RecordBatch(context.Background(), calls, ""); err != nil {
			t.Fatal(err)
		}
		s.Close()
		corrupt.Page(t, path)
	}
}

// unwrapped is the screen with its lines joined, for text that wraps.
func unwrapped(scr string) string {
	return strings.Join(strings.Fields(scr), " ")
}

func TestADamagedHistoryIsReportedAtStartAndItsViewOffersNothingThatFails(t *testing.T) {
	a := newApp(t, 80, 24, withSandbox(sandbox.Options{}, nil), withRequest("user/getOwnBalance"), damagedHistory(t))
	ls := start(t, a, 80, 24)
	scr := ls.waitFor(t, "Коды ответов 20", "файл истории повреждён", "ctrl+s — отправить")
	if u := unwrapped(scr); !strings.Contains(u, "в новый файл: codedesk --history ") || !strings.Contains(u, "history check --repair НОВЫЙ-ФАЙЛ · ctrl+r — подробности") {
		t.Errorf("the advice must be read whole at 80 columns:\n%s", scr)
	}
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · не читается", "esc назад", "!перечитается сама",
		"!взять в запрос", "!повторить вызов", "!/ поиск", "!только сбои", "!удалить")
	ls.send(press("f"))
	ls.waitFor(t, "клавиша f не действует")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "клавиша ctrl+s не действует")
	ls.send(press("esc"))
	ls.waitFor(t, "Коды ответов 20", "!История · не читается")
	ls.send(press("ctrl+s"))
	scr = ls.waitFor(t, "не сохранено в истории: файл повреждён", "файл истории повреждён:")
	if !strings.Contains(unwrapped(scr), "history check --repair НОВЫЙ-ФАЙЛ") {
		t.Errorf("after a call the advice is read whole again:\n%s", scr)
	}
}
