package ui

import (
	"testing"
	"time"
)

func TestDatesReadOneWayEverywhere(t *testing.T) {
	clock := newManualClock(seedAt.AddDate(0, 0, 3))
	ls := start(t, newApp(t, 100, 30, withSeeds(nil, seedCalls()...), withClock(clock)), 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 4")
	ls.send(press("j"), press("j")) // the call with a note
	ls.waitFor(t, "14.03.2026 09:27 · anna", "заметка · boris · 14.03.2026 09:31", "!2026-03-14")
	ls.send(press("p"))
	ls.typeText("2026-03-14 09:27..")
	ls.send(press("enter"))
	ls.waitFor(t, "с 14.03.2026 09:27", "!2026-03-14")
}

func TestRowTimesDropWhatTheRowCanDo(t *testing.T) {
	now := time.Date(2026, 11, 26, 17, 6, 6, 0, time.Local)
	if got := rowTime(now.Add(-time.Hour), now); got != "16:06:06" {
		t.Errorf("today: %q", got)
	}
	if got := rowTime(now.AddDate(0, 0, -1), now); got != "25.11 17:06" {
		t.Errorf("yesterday: %q", got)
	}
	if got := dateTime(now); got != "26.11.2026 17:06" {
		t.Errorf("full: %q", got)
	}
}
