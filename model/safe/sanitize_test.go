package safe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	cases := map[string]string{
		"plain text":               "plain text",
		"Ошибка\tв строке\nдве":    "Ошибка\tв строке\nдве",
		"\x1b[2Jcleared":           "␛[2Jcleared",
		"\x1b]0;title\x07":         "␛]0;title␇",
		"\x1b]52;c;SGVsbG8=\x1b\\": "␛]52;c;SGVsbG8=␛\\",
		"\x1bP+q\x1b\\":            "␛P+q␛\\",
		"bell\x07":                 "bell␇",
		"cr\roverwrite":            "cr␍overwrite",
		"nul\x00":                  "nul␀",
		"del\x7f":                  "del␡",
		"c1 csi \u009b2J":          "c1 csi \uFFFD2J",
		"bidi \u202egnp.exe":       "bidi \uFFFDgnp.exe",
		"bad utf8 \xff\xfe":        "bad utf8 \uFFFD\uFFFD",
		"emoji 🎉 and кириллица":    "emoji 🎉 and кириллица",
	}
	for in, want := range cases {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Line("a\nb\tc"); got != "a b c" {
		t.Errorf("Line = %q", got)
	}
}

func TestMaskAndScrub(t *testing.T) {
	if got := MaskKey("0123456789abcdef0123456789abcdef01234567"); got != "0123…" {
		t.Errorf("MaskKey = %q", got)
	}
	if got := MaskKey("abcdef"); got != "ab…" {
		t.Errorf("short key: %q, want a shorter reveal", got)
	}
	if MaskKey("") != "" {
		t.Error("an empty key masks to nothing")
	}
	key := "my secret/key+1"
	in := "https://x/service/a/b?apiKey=my+secret%2Fkey%2B1&output=json raw: my secret/key+1"
	out := Scrub(in, key)
	if strings.Contains(out, "secret") {
		t.Errorf("Scrub left the key: %q", out)
	}
	// An unknown key in a pasted URL is masked too.
	if got := Scrub("curl 'https://api.mobizon.kz/service/x/y?output=json&apiKey=deadbeefcafe1234&api=v1'", ""); strings.Contains(got, "deadbeefcafe1234") || !strings.Contains(got, "apiKey=dead…&api=v1") {
		t.Errorf("Scrub of an unknown key: %q", got)
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"", "ok", "\x1b[31mred\x1b[0m", "\x1b]0;t\x07", "\u009b", "\xff", "a\nb\tc\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Text(%q) is not valid UTF-8", s)
		}
		for _, r := range out {
			if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f || isBidiControl(r) {
				t.Fatalf("Text(%q) = %q keeps control %U", s, out, r)
			}
		}
		if Text(out) != out {
			t.Fatalf("Text is not idempotent on %q", s)
		}
	})
}
