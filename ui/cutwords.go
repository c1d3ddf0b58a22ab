package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// cutWords fits s (which may hold colour) in width cells as
// ansi.Truncate does, but at a word's end: «Без параметров…», never
// «Без параметров, за…». A single word longer than half the width is cut
// inside, as there is no better place.
func cutWords(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	if width <= 1 {
		return ansi.Truncate(s, width, "…")
	}
	if strings.TrimRight(ansi.Strip(ansi.TruncateLeft(s, width, "")), " ") == "" {
		return ansi.Truncate(s, width, "") // only padding is cut off
	}
	cut := ansi.Truncate(s, width-1, "")
	plain := ansi.Strip(cut)
	if rest := strings.TrimPrefix(ansi.Strip(s), plain); strings.HasPrefix(rest, " ") {
		return ansi.Truncate(s, ansi.StringWidth(strings.TrimRight(plain, wordTail)), "") + "…" // the cut is at a word's end
	}
	i := strings.LastIndex(plain, " ")
	if i < 0 {
		return cut + "…"
	}
	keep := ansi.StringWidth(strings.TrimRight(plain[:i], wordTail))
	if keep < width/2 {
		return cut + "…"
	}
	return ansi.Truncate(s, keep, "") + "…"
}

// wordTail is what a cut leaves off before its «…»: spaces and the
// punctuation that joined the words cut away.
const wordTail = " ,;:·—–-"
