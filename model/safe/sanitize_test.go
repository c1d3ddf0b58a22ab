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
		"c1 csi \u009b2J":          "c1 csi ⟨U+009B⟩2J",
		"bidi \u202egnp.exe":       "bidi ⟨U+202E⟩gnp.exe",
		"bad utf8 \xff\xfe":        "bad utf8 \uFFFD\uFFFD",
		"emoji 🎉 and кириллица":    "emoji 🎉 and кириллица",
	}
	for in, want := range cases {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Line("a\nb\tc\u2028d"); got != "a b c⟨U+2028⟩d" {
		t.Errorf("Line = %q", got)
	}
}

// Invisible characters hide in a customer's sender name or phone number
// and make one text look like another: every one of them is shown.
func TestTextShowsInvisibleAndReorderingCharacters(t *testing.T) {
	cases := map[string]string{
		"77001\u200b234567":              "77001⟨U+200B⟩234567",
		"\ufeffBOM":                      "⟨U+FEFF⟩BOM",
		"a\u2028b\u2029c":                "a⟨U+2028⟩b⟨U+2029⟩c",
		"\u2060\u2061\u2062\u2063\u2064": "⟨U+2060⟩⟨U+2061⟩⟨U+2062⟩⟨U+2063⟩⟨U+2064⟩",
		"\u200c\u200d\u200e\u200f":       "⟨U+200C⟩⟨U+200D⟩⟨U+200E⟩⟨U+200F⟩",
		"\u202a\u202b\u202c\u202d":       "⟨U+202A⟩⟨U+202B⟩⟨U+202C⟩⟨U+202D⟩",
		"\u2066x\u2067\u2068\u2069":      "⟨U+2066⟩x⟨U+2067⟩⟨U+2068⟩⟨U+2069⟩",
		"ar\u061cb":                      "ar⟨U+061C⟩b",
		"tag\U000E0041":                  "tag⟨U+E0041⟩",
		"«Привет» — №5…":                 "«Привет» — №5…", // visible punctuation stays
		"⟨U+200B⟩ as typed":              "⟨U+200B⟩ as typed",
	}
	for in, want := range cases {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
		if Text(Text(in)) != Text(in) {
			t.Errorf("Text is not idempotent on %q", in)
		}
	}
}

func TestQuoteIsInertMaskedAndShort(t *testing.T) {
	key := "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"
	for _, in := range []string{
		"https://x/service/a/b?apiKey=SECRETSECRET&\x1b]52;c;AAAA\x07",
		`{"apiKey":"SECRETSECRET","t":"\u202e"}`,
		"-H 'X-Key: " + key + "'",
		"apikey%3DSECRETSECRET",
	} {
		got := Quote(in)
		if strings.Contains(got, "SECRETSECRET") || strings.Contains(got, key) {
			t.Errorf("Quote(%q) = %q keeps the key", in, got)
		}
		if Text(got) != got || strings.ContainsAny(got, "\n\t") {
			t.Errorf("Quote(%q) = %q is not inert", in, got)
		}
	}
	// A key glued to another value must not pass for a mask.
	if got := Scrub("apiKey=SECRETSECRET"+key, key); strings.Contains(got, "SECRETSECRET") {
		t.Errorf("Scrub = %q", got)
	}
	long := Quote(strings.Repeat("я", 500))
	if n := utf8.RuneCountInString(long); n != QuoteMax+3 || !strings.HasSuffix(long, "…»") {
		t.Errorf("a long quote is %d characters: %q", n, long)
	}
	// A 40-character run of letters only is a word, not a key.
	if got := MaskSecrets(strings.Repeat("a", 40)); got != strings.Repeat("a", 40) {
		t.Errorf("MaskSecrets masked a word: %q", got)
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
	for _, s := range []string{"", "ok", "\x1b[31mred\x1b[0m", "\x1b]0;t\x07", "\u009b", "\xff", "a\nb\tc\r",
		"\u200b\ufeff\u2028\u2029\u202e\u2066\u061c", "«ёлка» — №5…", "\xe2\x80", "\U000E0041"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Text(%q) is not valid UTF-8", s)
		}
		for _, r := range out {
			if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && hidden(r) {
				t.Fatalf("Text(%q) = %q keeps control %U", s, out, r)
			}
		}
		if Text(out) != out {
			t.Fatalf("Text is not idempotent on %q", s)
		}
	})
}

// A key glued to other letters (an unknown curl flag, a word of a note)
// makes a longer run: it is masked whole, and KeyShaped sees it.
func TestMaskSecretsFindsGluedKeys(t *testing.T) {
	const key = "Zk3Q9vX2mB7nR4tW8yL1cF6hJ0dS5gA2pE9uK3oM"
	for _, in := range []string{"--frobnicate" + key, "note with key " + key, "ключ" + key + "дальше", key + "x", "k=" + key + key} {
		got := MaskSecrets(in)
		if strings.Contains(got, key[4:20]) || !KeyShaped(in) {
			t.Errorf("MaskSecrets(%q) = %q (KeyShaped %v)", in, got, KeyShaped(in))
		}
	}
	for _, in := range []string{strings.Repeat("a", 60), "77001234567", "sha1 " + strings.Repeat("7", 45), key[:39]} {
		if MaskSecrets(in) != in || KeyShaped(in) {
			t.Errorf("%q is no key: %q", in, MaskSecrets(in))
		}
	}
}

// A cut quote is still closed and never splits the name of an invisible
// character: «xxx…⟨U+…» left a bracket open.
func TestQuoteClosesWhatItCuts(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("x", 78) + "\u202e\u202e\u202e" + strings.Repeat("y", 20),
		strings.Repeat("я", 79) + "\x1b[31m" + strings.Repeat("b", 10),
		strings.Repeat("\u200b", 200),
	} {
		q := Quote(s)
		inner, ok := strings.CutPrefix(q, "«")
		inner, closed := strings.CutSuffix(inner, "»")
		if !ok || !closed || !strings.HasSuffix(inner, "…") ||
			strings.Count(inner, "⟨") != strings.Count(inner, "⟩") || Line(inner) != inner {
			t.Errorf("Quote(%q) = %q", s, q)
		}
	}
}
