package ui

import (
	"testing"
	"time"
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
	ls.waitFor(t, `время "вчера": нужна дата`)
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
