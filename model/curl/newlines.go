package curl

import (
	"strings"

	"codedesk/model"
)

// Newlines turns the line breaks of pasted text into LF. A terminal pastes
// each LF as a CR, so text written with CRLF line ends (a Windows editor, a
// ticket system) arrives with every line break doubled: CR CR, or CR CR LF.
// When every line break of s is doubled so, each pair is one line break;
// otherwise CRLF and a bare CR are each one (model.NormalizeNewlines), so
// that a blank line between two commands still parts them. One pass, no
// allocation when there is no CR.
func Newlines(s string) string {
	if !strings.Contains(s, "\r\r") || !allBreaksDoubled(s) {
		return model.NormalizeNewlines(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] != '\r':
			b.WriteByte(s[i])
		case strings.HasPrefix(s[i:], "\r\r\n"):
			b.WriteByte('\n')
			i += 2
		case strings.HasPrefix(s[i:], "\r\r"):
			b.WriteByte('\n')
			i++
		}
	}
	return b.String()
}

// allBreaksDoubled reports whether every run of CR and LF in s is made of
// doubled breaks only: CR CR, each pair perhaps followed by an LF.
func allBreaksDoubled(s string) bool {
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "\r\r\n"):
			i += 3
		case strings.HasPrefix(s[i:], "\r\r"):
			i += 2
		case s[i] == '\r' || s[i] == '\n':
			return false // a single break: the text means what it says
		default:
			i++
		}
	}
	return true
}
