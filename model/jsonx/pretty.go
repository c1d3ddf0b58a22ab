package jsonx

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"codedesk/model/safe"
)

// DefaultPrettyBytes is how much Pretty shows: far more than any answer a
// person reads, far less than a terminal chokes on.
const DefaultPrettyBytes = 1 << 20

// Notes Pretty adds where it cut.
var (
	NoteTooDeep = fmt.Sprintf("… глубже %d уровней не показано ([…], {…})", MaxDepth)
	noteCutFmt  = "… обрезано: показаны первые %s из %s"
)

// Pretty indents data for reading, as json.Indent with two spaces would,
// within DefaultPrettyBytes. See PrettyLimit.
func Pretty(data json.RawMessage) string {
	return PrettyLimit(data, DefaultPrettyBytes)
}

// PrettyLimit indents data for reading, in time and memory linear in its
// size: containers nested deeper than MaxDepth show as […] or {…}, and the
// text stops after about maxBytes; each cut ends the text with a note
// saying what was left out. Anything that is not JSON comes back as text,
// cut the same way. The result is inert.
func PrettyLimit(data json.RawMessage, maxBytes int) string {
	data = bytes.TrimSpace(data)
	if !json.Valid(data) {
		text, cut := clip(data, maxBytes)
		return safe.Text(text) + cutNote(cut, len(data))
	}
	p := printer{data: data, max: maxBytes}
	p.value()
	out := safe.Text(p.out.String())
	if p.deep {
		out += "\n" + NoteTooDeep
	}
	return out + cutNote(p.full, len(data))
}

// CutNote is the note Pretty ends a cut text with, for a text cut
// elsewhere: shown of size bytes, in the same words («… обрезано: показаны
// первые 256,0 КиБ из 6,8 МиБ»), so the TUI and the CLI say a cut alike.
func CutNote(shown, size int) string { return cutNote(shown, size) }

// cutNote says how much of size bytes a cut text showed.
func cutNote(shown, size int) string {
	if shown < 0 {
		return ""
	}
	return "\n" + fmt.Sprintf(noteCutFmt, humanBytes(shown), humanBytes(size))
}

// clip is the first max bytes of b, at a character boundary, and how many
// were kept when that is not all of them (-1 otherwise).
func clip(b []byte, max int) (string, int) {
	if len(b) <= max {
		return string(b), -1
	}
	end := max
	for end > 0 && !utf8.RuneStart(b[end]) {
		end--
	}
	return string(b[:end]), end
}

// printer writes valid JSON indented, copying every token as it was sent.
type printer struct {
	data  []byte
	i     int
	out   bytes.Buffer
	depth int
	max   int
	deep  bool // a container deeper than MaxDepth was left out
	full  int  // the output was cut at this many bytes; -1 when not
}

// value writes the value at p.i and its whole subtree, iteratively: the
// stack depth of Go never depends on the data.
func (p *printer) value() {
	p.full = -1
	for {
		p.skipSpace()
		if p.i >= len(p.data) {
			return
		}
		if p.out.Len() > p.max {
			text, _ := clip(p.out.Bytes(), p.max)
			p.full = len(text)
			p.out.Truncate(len(text))
			return
		}
		p.token()
	}
}

// token writes one token of the input with the layout around it.
func (p *printer) token() {
	c := p.data[p.i]
	switch c {
	case '{', '[':
		p.open(c)
	case '}', ']':
		p.depth--
		p.newline()
		p.out.WriteByte(c)
		p.i++
	case ',':
		p.out.WriteByte(',')
		p.newline()
		p.i++
	case ':':
		p.out.WriteString(": ")
		p.i++
	case '"':
		end := stringEnd(p.data, p.i)
		p.out.Write(p.data[p.i:end])
		p.i = end
	default: // a number, true, false or null
		start := p.i
		for p.i < len(p.data) && !endsLiteral(p.data[p.i]) {
			p.i++
		}
		p.out.Write(p.data[start:p.i])
	}
}

// open writes the start of a container: {} and [] stay on one line, and a
// container deeper than MaxDepth is skipped whole and shown as {…} or […].
func (p *printer) open(c byte) {
	closer := byte('}')
	if c == '[' {
		closer = ']'
	}
	p.i++
	p.skipSpace()
	switch {
	case p.i < len(p.data) && p.data[p.i] == closer:
		p.out.Write([]byte{c, closer})
		p.i++
	case p.depth >= MaxDepth:
		p.skipContainer()
		p.out.Write([]byte{c})
		p.out.WriteString("…")
		p.out.WriteByte(closer)
		p.deep = true
	default:
		p.out.WriteByte(c)
		p.depth++
		p.newline()
	}
}

// skipContainer moves p.i past the container whose opening bracket was just
// read.
func (p *printer) skipContainer() {
	for depth := 1; p.i < len(p.data) && depth > 0; p.i++ {
		switch p.data[p.i] {
		case '"':
			p.i = stringEnd(p.data, p.i) - 1
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
	}
}

// endsLiteral reports a byte that cannot be part of a number or a keyword.
func endsLiteral(c byte) bool {
	switch c {
	case ',', ':', ']', '}', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}

func (p *printer) newline() {
	p.out.WriteByte('\n')
	for range p.depth {
		p.out.WriteString("  ")
	}
}

func (p *printer) skipSpace() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

// humanBytes is a size as people read it.
func humanBytes(n int) string {
	var s string
	switch {
	case n >= 1<<20:
		s = fmt.Sprintf("%.1f МиБ", float64(n)/(1<<20))
	case n >= 1<<10:
		s = fmt.Sprintf("%.1f КиБ", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%d Б", n)
	}
	return strings.Replace(s, ".", ",", 1) // Russian writes 1,5
}
