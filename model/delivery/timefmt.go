package delivery

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"codedesk/model/safe"
)

// TimeLayout is how the API writes and reads times (criteria[…TsFrom],
// startSendTs, params[deferredToTs]): the account's wall clock, no zone.
const TimeLayout = "2006-01-02 15:04:05"

// TimeLayoutWords is TimeLayout as people read a format: Go's reference
// date would only puzzle them.
const TimeLayoutWords = "ГГГГ-ММ-ДД ЧЧ:ММ:СС"

// apiTimeLayouts are the forms a time may arrive in: the documented one, the
// docs' own "HH-MM-SS" misprint, and ISO 8601.
var apiTimeLayouts = []string{TimeLayout, "2006-01-02 15-04-05", "2006-01-02T15:04:05", time.RFC3339}

// parseAPITime reads a time from an answer: null or "" is the zero time (not
// sent yet); anything unreadable is an error that says what came.
func parseAPITime(raw json.RawMessage) (time.Time, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, nil
	}
	s, plain := plainString(raw)
	if !plain {
		if err := json.Unmarshal(raw, &s); err != nil {
			return time.Time{}, fmt.Errorf("время %s — не строка", excerpt(raw))
		}
	}
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "0000-00-00") {
		return time.Time{}, nil
	}
	for _, layout := range apiTimeLayouts {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("время %s не прочитать", safe.Quote(s))
}

// ParseTime reads a time as a person gives it on the command line: a date
// (2026-11-26), a date and time (2026-11-26 10:00, 2026-11-26 10:00:00, ISO
// 8601), or a span back from now (90m, 2h, 3d, 1w). Dates are in now's time
// zone.
func ParseTime(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{TimeLayout, "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02", time.RFC3339} {
		if t, err := time.ParseInLocation(layout, s, now.Location()); err == nil {
			return t, nil
		}
	}
	if len(s) >= 2 {
		unit := map[byte]time.Duration{'m': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}[s[len(s)-1]]
		if n, err := strconv.Atoi(s[:len(s)-1]); err == nil && unit > 0 && n >= 0 && n <= 100000 {
			return now.Add(-time.Duration(n) * unit), nil
		}
	}
	return time.Time{}, inputErrorf("время %s: нужна дата (2026-11-26), дата и время (2026-11-26 10:00) или срок назад (90m, 2h, 3d, 1w)", safe.Quote(s))
}

// excerpt is the start of raw JSON for an error message, inert.
func excerpt(raw []byte) string {
	s := strings.Join(strings.Fields(string(raw)), " ")
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return safe.Line(s)
}
