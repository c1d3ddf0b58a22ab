package curl

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// ansiC decodes the inside of $'…', as bash does: browsers' "copy as
// cURL" writes bodies with newlines and quotes this way.
func ansiC(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		if c, ok := simpleEscapes[s[i]]; ok {
			b.WriteByte(c)
			continue
		}
		switch s[i] {
		case 'x':
			i = writeCode(&b, s, i+1, 2, 16, false)
		case 'u':
			i = writeCode(&b, s, i+1, 4, 16, true)
		case 'U':
			i = writeCode(&b, s, i+1, 8, 16, true)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			i = writeCode(&b, s, i, 3, 8, false)
		case 'c':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i] & 0x1f)
			}
		default:
			b.WriteByte('\\')
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

var simpleEscapes = map[byte]byte{
	'a': '\a', 'b': '\b', 'e': 0x1b, 'E': 0x1b, 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v',
	'\\': '\\', '\'': '\'', '"': '"', '?': '?',
}

// writeCode reads up to max digits in base from s[start:] and writes the
// byte (or, for \u and \U, the character) they name; it returns the index
// of the last byte read.
func writeCode(b *strings.Builder, s string, start, max, base int, char bool) int {
	end := start
	for end < len(s) && end-start < max && isDigit(s[end], base) {
		end++
	}
	if end == start {
		b.WriteString(`\` + s[start-1:start]) // \x with no digits stays as written
		return start - 1
	}
	n, _ := strconv.ParseUint(s[start:end], base, 32)
	switch {
	case !char:
		b.WriteByte(byte(n))
	case n <= utf8.MaxRune:
		b.WriteRune(rune(n))
	default:
		b.WriteRune(utf8.RuneError)
	}
	return end - 1
}

func isDigit(c byte, base int) bool {
	if base == 8 {
		return c >= '0' && c <= '7'
	}
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
