package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"codedesk/model/safe"
)

// plural is n with the Russian form of a word that fits it: 1 попытка,
// 2 попытки, 5 попыток, 21 попытка, 11 попыток.
func plural(n int, one, few, many string) string {
	abs := n
	if abs < 0 {
		abs = -abs
	}
	word := many
	switch d10, d100 := abs%10, abs%100; {
	case d10 == 1 && d100 != 11:
		word = one
	case d10 >= 2 && d10 <= 4 && (d100 < 12 || d100 > 14):
		word = few
	}
	return strconv.Itoa(n) + " " + word
}

// millis is d in milliseconds to a tenth, for scripts.
func millis(d time.Duration) float64 {
	return math.Round(float64(d)/float64(time.Millisecond)*10) / 10
}

// maxQuoted is how much of a foreign value a message quotes.
const maxQuoted = 80

// quote is foreign text placed inside a Russian sentence: one inert line,
// cut to a readable length, in «».
func quote(s string) string {
	return "«" + line(s) + "»"
}

// line is foreign text made one inert line, cut to maxQuoted characters.
func line(s string) string { return lineCap(s, maxQuoted) }

// lineCap is foreign text made one inert line, cut to n characters.
func lineCap(s string, n int) string {
	if len(s) > n && utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n]) + "…"
	}
	return safe.Line(s)
}

// inertJSON returns valid JSON data with every character that safe.Text
// would neutralise (C1 controls, bidirectional overrides, invalid UTF-8)
// written as a \u escape, so printing the JSON can never reorder or
// recolour a terminal, and decoding it gives the same values (invalid
// UTF-8 becomes U+FFFD, as any decoder makes it). One pass; data that is
// not valid JSON comes back as a JSON string of its inert text.
func inertJSON(data json.RawMessage) json.RawMessage {
	if len(data) == 0 {
		return nil
	}
	if !json.Valid(data) {
		quoted, _ := json.Marshal(safe.Text(string(data)))
		return quoted
	}
	if safe.Text(string(data)) == string(data) {
		return data // the common case: nothing to escape
	}
	var b bytes.Buffer
	b.Grow(len(data) + 16)
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteString(`\ufffd`)
		case r >= 0x80 && safe.Text(string(r)) != string(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.Write(data[i : i+size])
		}
		i += size
	}
	return b.Bytes()
}
