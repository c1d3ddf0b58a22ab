package curl

import (
	"strings"
	"testing"
)

// A CRLF text pasted through a terminal (which turns each LF into a CR)
// has every line break doubled: CR CR, or CR CR LF. It reads as one
// command, as with single line breaks.
func TestImportReadsDoubledLineBreaksAsOne(t *testing.T) {
	lines := []string{"curl -X POST \\", "  'https://api.mobizon.kz/service/message/sendsmsmessage?apiKey=K' \\",
		"  -H 'content-type: application/x-www-form-urlencoded' \\", "  -d 'recipient=77001234567&text=a+b'"}
	for name, eol := range map[string]string{"CR CR": "\r\r", "CR CR LF": "\r\r\n"} {
		im, err := Parse(strings.Join(lines, eol) + eol)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if im.Request.Name() != "message/sendsmsmessage" || paramsString(im.Request.Params) != "recipient=77001234567 & text=a b" {
			t.Errorf("%s: %s [%s]", name, im.Request.Name(), paramsString(im.Request.Params))
		}
	}
}

func TestNewlines(t *testing.T) {
	for in, want := range map[string]string{
		"a\r\rb\r\rc":     "a\nb\nc",
		"a\r\r\nb\r\r\n":  "a\nb\n",
		"a\r\r\r\rb":      "a\n\nb",    // a blank line, doubled too
		"a\rb\r\rc":       "a\nb\n\nc", // single breaks: the CR CR is a blank line
		"a\r\nb\r\n\r\nc": "a\nb\n\nc",
		"a\nb\r\rc":       "a\nb\n\nc",
		"no breaks":       "no breaks",
	} {
		if got := Newlines(in); got != want {
			t.Errorf("Newlines(%q) = %q, want %q", in, got, want)
		}
	}
}
