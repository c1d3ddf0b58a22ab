// Package safe is the one chokepoint for text that did not come from
// codedesk itself: Text and Line make it inert for a terminal, Quote puts a
// piece of a customer's text into a message of ours, MaskKey and Scrub keep
// the API key out of whatever is shown or logged, ScrubStored and ScrubJSON
// out of what is stored.
//
// It never changes what is sent, and never changes stored data for a key
// that cannot be a real one: masking is for display.
package safe

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text makes text from a server or a customer inert before it is shown:
// it must not clear the screen, recolour it, move the cursor, set the
// window title, write the clipboard, reorder what is shown or hide
// anything. Newlines and tabs stay; everything else that is not plainly
// visible becomes a visible placeholder:
//   - C0 controls their Unicode "control picture" (ESC is ␛, so "\x1b[2J"
//     shows as "␛[2J"), DEL ␡;
//   - C1 controls, invisible format characters (zero-width spaces and
//     joiners, U+FEFF, U+2060–U+2064, the bidi controls U+202A–U+202E,
//     U+2066–U+2069, U+061C, U+200E/F, and the rest of Unicode's Cf) and the
//     line and paragraph separators U+2028/U+2029 their code point in
//     mathematical angle brackets: "⟨U+200B⟩";
//   - invalid UTF-8 the replacement character �.
//
// Text is idempotent: the placeholders are themselves inert.
func Text(s string) string {
	if isInert(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
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
		case r >= 0x80 && hidden(r):
			writePlaceholder(&b, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writePlaceholder shows an invisible character as its code point: a
// support engineer who sees ⟨U+200B⟩ in a phone number knows what broke it.
func writePlaceholder(b *strings.Builder, r rune) {
	const digits = "0123456789ABCDEF"
	var buf [6]byte
	i := len(buf)
	for n := 0; n < 4 || r > 0; n++ {
		i--
		buf[i] = digits[r&0xf]
		r >>= 4
	}
	b.WriteString("⟨U+")
	b.Write(buf[i:])
	b.WriteString("⟩")
}

// hidden reports a non-ASCII character that is invisible or changes how
// the text around it is shown: C1 controls, format characters (Cf, which
// holds the zero-width characters and every bidi control) and the line and
// paragraph separators.
func hidden(r rune) bool {
	return r <= 0x9f || r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Cf, r)
}

// isInert is the fast path: most answers hold nothing to neutralise. ASCII
// is checked a byte at a time; other characters are decoded, and looked up
// only when their lead byte is one a hidden character can have, so that
// Cyrillic and most other text costs a decode and a table lookup.
func isInert(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || mayHide[c] && hidden(r) {
			return false
		}
		i += size
	}
	return true
}

// mayHide marks the UTF-8 lead bytes of every character hidden reports, so
// that Cyrillic (D0, D1) and most other text never needs decoding.
var mayHide = func() (t [256]bool) {
	mark := func(r rune) {
		var buf [utf8.UTFMax]byte
		utf8.EncodeRune(buf[:], r)
		t[buf[0]] = true
	}
	mark(0x80) // C1 controls, U+0080–U+009F, share one lead byte
	mark(0x2028)
	for _, rg := range unicode.Cf.R16 {
		for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
			mark(r)
		}
	}
	for _, rg := range unicode.Cf.R32 {
		for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
			mark(r)
		}
	}
	return t
}()

// Line is Text for one line of a table or status: newlines and tabs
// become spaces too.
func Line(s string) string {
	s = Text(s)
	if !strings.ContainsAny(s, "\n\t") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

// QuoteMax is how much of a customer's text an error message quotes.
const QuoteMax = 80

// Quote puts a piece of a customer's text (a pasted command, a flag, a
// server's word) into a message of ours: in «», inert, on one line, every
// key masked (see MaskSecrets), cut to QuoteMax characters of the text
// itself. It is cut before it is made inert, so that a cut never splits
// the name it shows for an invisible character ("⟨U+202E⟩"), and it is
// masked before it is cut, so that a cut never shortens a key past
// recognition; the closing » is always there.
func Quote(s string) string {
	return "«" + Line(Clip(MaskSecrets(s), QuoteMax)) + "»"
}

// Clip cuts s to at most max characters, marking the cut with "…".
func Clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
