// Package safe is the one chokepoint for text that did not come from
// codedesk itself: Text and Line make it inert for a terminal, MaskKey and
// Scrub keep the API key out of whatever is shown, logged or stored.
//
// It never changes text for storage or sending: masking is for display.
package safe

import (
	"strings"
	"unicode/utf8"
)

// Text makes text from a server inert before it is shown: it must not
// clear the screen, recolour it, move the cursor, set the window title or
// write the clipboard. Newlines and tabs stay; every other control
// character becomes a visible placeholder: C0 controls their Unicode
// "control picture" (ESC is ␛, so "\x1b[2J" shows as "␛[2J"), DEL ␡, C1
// controls, bidirectional overrides and invalid UTF-8 the replacement
// character.
func Text(s string) string {
	if isInert(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20:
			b.WriteRune(0x2400 + r) // ␀ … ␟
		case r == 0x7f:
			b.WriteRune('␡')
		case r >= 0x80 && r <= 0x9f, isBidiControl(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isInert is the fast path: most answers hold nothing to neutralise.
func isInert(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 {
			if c >= 0x80 {
				return isInertUTF8(s[i:])
			}
			return false
		}
	}
	return true
}

func isInertUTF8(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size <= 1 || r < 0x20 && r != '\n' && r != '\t' || r == 0x7f ||
			r >= 0x80 && r <= 0x9f || isBidiControl(r) {
			return false
		}
	}
	return true
}

// isBidiControl reports the characters that reorder text on screen and can
// make one thing look like another.
func isBidiControl(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
}

// Line is Text for one line of a table or status: newlines and
// tabs become spaces too.
func Line(s string) string {
	s = Text(s)
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}
