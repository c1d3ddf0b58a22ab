package ui

import "time"

// How the TUI writes a date for people: day first, as Russian does, in one
// form everywhere («26.11.2026 17:06»); a list row, short of room, drops
// the year (another day) or the date (today, to the second).

// dateTimeLayout is the one full form of a date and time.
const dateTimeLayout = "02.01.2006 15:04"

// dateTime is t in the one full form.
func dateTime(t time.Time) string { return t.Format(dateTimeLayout) }

// rowTime is t in a list row: the clock alone on now's day, the day and
// month too before it.
func rowTime(t, now time.Time) string {
	if y, m, d := t.Date(); time.Date(y, m, d, 0, 0, 0, 0, t.Location()).Equal(dayOf(now.In(t.Location()))) {
		return t.Format("15:04:05")
	}
	return t.Format("02.01 15:04")
}

func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}
