package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Two ways to make text fit a width without cutting a word: cutWords for
// one styled line (a card's title, a row of the codes list), which keeps
// its colours and ends at a word with «…»; fitText for plain rows made of
// columns (webhooks, «Доставка», notices), which drops whole columns.

// minFitted is the least room worth showing the start of a column in.
const minFitted = 12

// fitText fits plain text to width without cutting a word: text made of
// columns (" · " or two spaces between them) keeps whole columns from the
// left and drops the rest; a lone column keeps its whole words (a part in
// parentheses counts as one word), and so does the first column that does
// not fit when there is room for some of its words. What was left out is marked with «…».
// Only a single word wider than width is cut.
func fitText(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	if width <= 1 {
		return ansi.Truncate(s, width, "")
	}
	for _, sep := range []string{" · ", "  "} {
		cols := strings.Split(s, sep)
		if len(cols) < 2 {
			continue
		}
		out := cols[0]
		if ansi.StringWidth(out)+2 > width {
			return fitText(out, width)
		}
		for _, c := range cols[1:] {
			if ansi.StringWidth(out+sep+c)+2 > width {
				// The column that does not fit: its first whole words, when
				// a few fit.
				if room := width - ansi.StringWidth(out+sep); room >= minFitted {
					if short := fitText(c, room); !strings.HasPrefix(short, "…") && short != ansi.Truncate(c, room, "…") {
						return out + sep + short
					}
				}
				break
			}
			out += sep + c
		}
		return out + " …"
	}
	out := ""
	for _, w := range wordsOf(s) {
		next := strings.TrimPrefix(out+" "+w, " ")
		if ansi.StringWidth(next)+2 > width {
			break
		}
		out = next
	}
	if out == "" {
		return ansi.Truncate(s, width, "…")
	}
	return out + " …"
}

// wordsOf splits text at spaces, keeping a part in parentheses whole.
func wordsOf(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case r == ' ' && depth == 0:
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// part is a piece of a header with its own style.
type part struct {
	text  string
	style func(...string) string
}

// fitParts joins a header's parts with " · ", keeping whole parts from the
// left while they fit width (the first always, fitted itself), «…» for
// what was left out.
func fitParts(width int, parts ...part) string {
	texts := make([]string, len(parts))
	total := 0
	for i, p := range parts {
		texts[i] = p.text
		if i > 0 {
			texts[i] = " · " + p.text
		}
		total += ansi.StringWidth(texts[i])
	}
	n := len(parts)
	for n > 1 && total+map[bool]int{true: 2}[n < len(parts)] > width {
		n--
		total -= ansi.StringWidth(texts[n])
	}
	if n == 1 {
		texts[0] = fitText(parts[0].text, width-map[bool]int{true: 2}[len(parts) > 1])
	}
	var b strings.Builder
	for i := range n {
		b.WriteString(parts[i].style(texts[i]))
	}
	if n < len(parts) {
		b.WriteString(parts[n].style(" …"))
	}
	return b.String()
}

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
