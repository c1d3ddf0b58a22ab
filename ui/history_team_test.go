package ui

import (
	"context"
	"fmt"
	"testing"
	"time"

	"codedesk/history"
	"codedesk/history/historytest/pgtest"
	"codedesk/model"
)

// The team history in the TUI: who made each call, who wrote a note and
// when, my calls and a period as filters.

func withAgent(name string) appOption {
	return func(t *testing.T, o *Options) { o.Settings.Agent = name }
}

func TestMyCallsAndAPeriodNarrowTheHistory(t *testing.T) {
	clock := newManualClock(seedAt.Add(time.Hour))
	ls := start(t, newApp(t, 120, 30, withSeeds(nil, seedCalls()...), withAgent("boris"), withClock(clock)), 120, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 4", "boris", "anna")
	ls.send(press("m"))
	ls.waitFor(t, "История · мои (boris) · 1 вызов", "!anna ")
	ls.send(press("m"))
	ls.waitFor(t, "История · 4 вызова")
	ls.send(press("p"))
	ls.waitFor(t, "период:")
	ls.typeText("2026-03-14 09:27..2026-03-14 09:29")
	ls.send(press("enter"))
	ls.waitFor(t, "· с 14.03.2026 09:27 до 14.03.2026 09:29 · 2 вызова", "09:27:53", "09:28:53", "!09:26:53", "!09:29:53")
	// Both filters at once, both in the header.
	ls.send(press("m"))
	ls.waitFor(t, "· мои (boris) · с 14.03.2026 09:27 до 14.03.2026 09:29 · 1 вызов")
	// An empty period is the whole history again; a wrong one says why.
	ls.send(press("p"), press("ctrl+u"), press("enter"))
	ls.waitFor(t, "История · мои (boris) · 1 вызов")
	ls.send(press("p"))
	ls.typeText("вчера")
	ls.send(press("enter"))
	ls.waitFor(t, `время «вчера»: нужна дата`)
}

func TestAPeriodIsReadAsTyped(t *testing.T) {
	now := time.Date(2026, 11, 26, 15, 0, 0, 0, time.Local)
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.Local) }
	cases := []struct {
		in           string
		since, until time.Time
		bad          bool
	}{
		{in: "2d", since: now.Add(-48 * time.Hour)},
		{in: "2026-11-20", since: day(20)},
		{in: "2026-11-20..2026-11-22", since: day(20), until: day(23)}, // the last day whole
		{in: "..2026-11-20", until: day(21)},
		{in: "2026-11-20 10:00..2026-11-20 12:00", since: day(20).Add(10 * time.Hour), until: day(20).Add(12 * time.Hour)},
		{in: "2026-11-22..2026-11-20", bad: true},
		{in: "..", bad: true},
		{in: "вчера", bad: true},
	}
	for _, c := range cases {
		since, until, err := parsePeriod(c.in, now)
		switch {
		case c.bad && err == nil:
			t.Errorf("%q: want an error, got %v..%v", c.in, since, until)
		case !c.bad && err != nil:
			t.Errorf("%q: %v", c.in, err)
		case !c.bad && (!since.Equal(c.since) || !until.Equal(c.until)):
			t.Errorf("%q: %v..%v, want %v..%v", c.in, since, until, c.since, c.until)
		}
	}
}

// record adds a call to the history at where as agent would, through a
// store of its own: a colleague's codedesk.
func record(t *testing.T, where, agent string, c history.Call) int64 {
	t.Helper()
	s, err := history.Open(context.Background(), where, history.Options{Agent: agent})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	id, err := s.Record(context.Background(), c, "")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func colleaguesCall() history.Call {
	return history.Call{Server: "api.mobizon.uz", Module: "message", Method: "getSMSStatus", HTTPMethod: "POST",
		Params: []model.Param{{Key: "ids[]", Value: "4711"}}, Code: code(0), Source: "tui"}
}

// A pure feed of the store's Change message: whatever store sent it, the
// history view reloads, shows the colleague's call and the status line
// says whose it is; the next change is waited for on the same channel.
func TestAChangeReloadsTheHistoryAndSaysWhose(t *testing.T) {
	var path string
	ls := start(t, newApp(t, 120, 30, withSeeds(&path, seedCalls()...), withAgent("boris")), 120, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 4 вызова")
	id := record(t, path, "anna", colleaguesCall())
	ch := make(chan history.Change, 1)
	ls.send(historyChangeMsg{change: history.Change{Kind: history.ChangeCall, ID: id, Agent: "anna"}, ch: ch})
	ls.waitFor(t, "История · 5 вызовов", "message/getSMSStatus", fmt.Sprintf("история: новый вызов %d от anna", id))
	ch <- history.Change{Kind: history.ChangeNote, ID: 2, Agent: "anna"}
	ls.waitFor(t, "история: заметка к вызову 2 от anna")
}

// Live on PostgreSQL: a colleague's codedesk (its own store, its own
// agent) records a call, stars one and writes a note; this codedesk's
// history view shows each within a second, through LISTEN/NOTIFY, without
// polling, and says who it was.
func TestAColleaguesChangesShowLiveOnPostgres(t *testing.T) {
	where := freshPostgres(t)
	t.Setenv("XDG_STATE_HOME", t.TempDir()) // where a team store keeps what the server did not take
	ls := start(t, newApp(t, 120, 30, withAgent("boris"), func(t *testing.T, o *Options) { o.HistoryPath = where }), 120, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 0 вызовов")
	start := time.Now()
	id := record(t, where, "anna", colleaguesCall())
	ls.waitFor(t, "История · 1 вызов", "anna", fmt.Sprintf("новый вызов %d от anna", id))
	if took := time.Since(start); took > time.Second {
		t.Errorf("the colleague's call showed after %s, want within a second", took)
	}
	s, err := history.Open(context.Background(), where, history.Options{Agent: "anna"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start = time.Now()
	if err := s.SetNote(context.Background(), id, "клиент 4711, см. тикет", ""); err != nil {
		t.Fatal(err)
	}
	ls.waitFor(t, fmt.Sprintf("заметка к вызову %d от anna", id), "заметка · anna ·", "клиент 4711, см. тикет")
	if took := time.Since(start); took > time.Second {
		t.Errorf("the colleague's note showed after %s, want within a second", took)
	}
	if err := s.Star(context.Background(), id, true); err != nil {
		t.Fatal(err)
	}
	ls.waitFor(t, fmt.Sprintf("anna изменил(а) ★ у вызова %d", id), "★")
}

// freshPostgres is a schema of its own on the test server, as the
// history's own tests do it.
func freshPostgres(t *testing.T) string { return pgtest.FreshSchema(t, "ui_") }

// A note shows who wrote it and when as soon as it is saved: the agent is
// known, nothing waits for a reload.
func TestANewNoteShowsItsAuthorAndTimeAtOnce(t *testing.T) {
	clock := newManualClock(time.Date(2026, 11, 26, 15, 46, 0, 0, time.Local))
	ls := start(t, newApp(t, 100, 30, withSeeds(nil, seedCalls()...), withAgent("boris"), withClock(clock)), 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 4")
	ls.send(press("n"))
	ls.typeText("перезвонить клиенту")
	ls.send(press("enter"))
	ls.waitFor(t, "заметка сохранена", "заметка · boris · 26.11.2026 15:46: перезвонить клиенту")
}
