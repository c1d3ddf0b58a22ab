package ui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"codedesk/model"
	"codedesk/model/safe"
)

// inertField is a text field's view as the screen may show it: the text
// typed or pasted in it made inert (safe.Text: a bidi override shows as
// ⟨U+202E⟩, never reorders the row), and the configured key masked where
// it was typed (its first characters, then • for each of the rest, so the
// cursor stays where the field drew it). The field's own escape sequences
// (its cursor, its colours) stay: the bubbles fields drop every control
// character from their values, so each escape in the view is theirs.
func inertField(view, key string) string {
	if key == "" && isInertText(view) && !strings.Contains(strings.ToLower(view), "key") {
		return view // nothing foreign, nothing to mask
	}
	var b strings.Builder
	b.Grow(len(view))
	for i, line := range strings.Split(view, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		writeInertLine(&b, line, key)
	}
	return b.String()
}

// isInertText reports a view whose text needs nothing done: only the
// widget's escapes and plainly visible characters.
func isInertText(view string) bool {
	return safe.Text(ansi.Strip(view)) == ansi.Strip(view)
}

// fieldPiece is a grapheme of a field's text or one of its own escapes.
type fieldPiece struct {
	s    string
	text bool
}

// writeInertLine writes one row of a field's view, inert and masked.
func writeInertLine(b *strings.Builder, line, key string) {
	var pieces []fieldPiece
	var plain strings.Builder
	var state byte
	for rest := line; rest != ""; {
		seq, _, n, next := ansi.DecodeSequence(rest, state, nil)
		state, rest = next, rest[n:]
		text := seq != "" && seq[0] != ansi.ESC && seq[0] >= 0x20 && seq[0] != ansi.DEL
		pieces = append(pieces, fieldPiece{s: seq, text: text})
		if text {
			plain.WriteString(seq)
		}
	}
	masked := keyRunes(plain.String(), key)
	at := 0 // the rune of plain the next text piece starts at
	for _, p := range pieces {
		if !p.text {
			b.WriteString(p.s)
			continue
		}
		n := utf8.RuneCountInString(p.s)
		if masked[at] {
			b.WriteString(strings.Repeat("•", n))
		} else {
			b.WriteString(safe.Text(p.s))
		}
		at += n
	}
}

// keyRunes marks the runes of s that show key beyond what its mask
// shows (safe.MaskKey); one more entry, false, for the end.
func keyRunes(s, key string) []bool {
	runes := []rune(s)
	masked := make([]bool, len(runes)+1)
	maskKeyParam(runes, masked)
	if key == "" {
		return masked
	}
	k := []rune(key)
	show := utf8.RuneCountInString(strings.TrimSuffix(safe.MaskKey(key), "…"))
	for i := 0; i+len(k) <= len(runes); i++ {
		if string(runes[i:i+len(k)]) == key {
			for j := i + show; j < i+len(k); j++ {
				masked[j] = true
			}
		}
	}
	return masked
}

// writtenLines maps each line of held (text as the editor holds it) to the
// line of set it came from, where the editor changed it.
func writtenLines(set, held string) map[string]string {
	from, to := strings.Split(set, "\n"), strings.Split(held, "\n")
	if len(from) != len(to) {
		return nil
	}
	var m map[string]string
	for i := range from {
		if from[i] != to[i] {
			if m == nil {
				m = map[string]string{}
			}
			m[to[i]] = from[i]
		}
	}
	return m
}

// paramsText is the editor's text with each line the editor changed when
// it was set (and the user left alone) as it was written.
func (p requestPane) paramsText() string {
	text := p.params.Value()
	if len(p.written) == 0 && len(p.hints) == 0 {
		return text
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if w, ok := p.written[l]; ok {
			lines[i] = w
		}
		lines[i] = p.hintedLine(lines[i])
	}
	return strings.Join(lines, "\n")
}

// keyShown is how many characters of a key a mask shows (safe.MaskKey).
const keyShown = 4

// maskKeyParam marks, in a "name=value" line whose name names a key
// (model.IsKeyParam: key, apiKey, params[apiKey], apiKey[0], …, after any
// prompt or "# "), the value's runes past the first few: the same rule
// as the copy paths, so what y leaves out the screen masks.
func maskKeyParam(runes []rune, masked []bool) {
	at := valueOfKeyParam(runes)
	if at < 0 {
		return
	}
	end := len(runes)
	for end > at && runes[end-1] == ' ' {
		end-- // the field's padding
	}
	for j := at + min(keyShown, (end-at)/3); j < end; j++ {
		masked[j] = true // as safe.MaskKey shows a key
	}
}

// valueOfKeyParam is the index of the first rune of the value in a line
// whose name names a key, or -1.
func valueOfKeyParam(runes []rune) int {
	eq := -1
	for i, r := range runes {
		if r == '=' {
			eq = i
			break
		}
	}
	if eq < 0 {
		return -1
	}
	name := strings.TrimLeftFunc(string(runes[:eq]), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if !model.IsKeyParam(strings.TrimSpace(name)) {
		return -1
	}
	return eq + 1
}

// maskKeyParamLine is a parameter row as the screen shows it: the value
// of a key-named parameter masked past its first characters.
func maskKeyParamLine(line string) string {
	runes := []rune(line)
	at := valueOfKeyParam(runes)
	if at < 0 {
		return line
	}
	return string(runes[:at]) + safe.MaskKey(strings.TrimSpace(string(runes[at:])))
}
