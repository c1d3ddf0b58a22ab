package safe

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// KeyPlaceholder stands for the key in a command handed out for a server
// the key may not go to: no shell expands it, and no masking touches it.
const KeyPlaceholder = "KEY"

// MaskKey shows an API key as its first four characters and an ellipsis.
// A short key shows less, so that the mask never gives away most of it.
func MaskKey(key string) string {
	if key == "" {
		return ""
	}
	n := utf8.RuneCountInString(key)
	show := min(4, n/3)
	return string([]rune(key)[:show]) + "…"
}

// Scrub replaces every form of key in s (as is, and URL-escaped) with its
// mask, and masks any apiKey value written in s (apiKey=…, "apiKey":"…"),
// so that text that may carry a URL or a body (an error, a Location
// header) is safe to show or log. It is for display: stored data goes
// through ScrubStored or ScrubJSON.
func Scrub(s, key string) string {
	return apiKeyParam.ReplaceAllStringFunc(scrubKey(s, key), func(m string) string {
		loc := apiKeyParam.FindStringSubmatchIndex(m)
		name, value := m[:loc[3]], m[loc[4]:loc[5]]
		if strings.HasSuffix(value, "…") && utf8.RuneCountInString(value) <= 5 || value == KeyPlaceholder {
			return m // already a mask (at most four characters and "…"), or the placeholder
		}
		return name + MaskKey(value)
	})
}

// MaskSecrets masks what looks like a key in a customer's text, where the
// key is not known: apiKey values (as Scrub) and any run of 40 or more
// letters and digits mixing both (KeyShaped), whole: a Mobizon key is 40
// or 70 of them, and glued to other letters (--frobnicate<key>) it makes a
// longer run.
func MaskSecrets(s string) string {
	return keyShaped.ReplaceAllStringFunc(Scrub(s, ""), func(m string) string {
		if keyLike(m) {
			return MaskKey(m)
		}
		return m
	})
}

// KeyShaped reports text that holds a run MaskSecrets would mask: 40 or
// more ASCII letters and digits, mixing both.
func KeyShaped(s string) bool {
	for _, m := range keyShaped.FindAllString(s, -1) {
		if keyLike(m) {
			return true
		}
	}
	return false
}

// keyLike reports a run of 40 or more letters and digits that mixes both:
// the shape of a Mobizon key, alone or glued to other text.
func keyLike(run string) bool {
	return len(run) >= 40 && strings.ContainsAny(run, "0123456789") &&
		strings.IndexFunc(run, func(r rune) bool { return r > '9' }) >= 0
}

// scrubKey replaces key in s, as is and URL-escaped, with its mask.
func scrubKey(s, key string) string {
	if key == "" {
		return s
	}
	for _, form := range []string{key, url.QueryEscape(key), url.PathEscape(key)} {
		s = strings.ReplaceAll(s, form, MaskKey(key))
	}
	if strings.Contains(s, "%") {
		s = percentForms(key).ReplaceAllLiteralString(s, MaskKey(key))
	}
	return s
}

// percentKey is the pattern of a key with any of its characters
// percent-encoded (%61bc…, as a hostile server may echo it), for the last
// key asked: a run has one key.
var percentKey struct {
	sync.Mutex
	key string
	re  *regexp.Regexp
}

// percentForms is the pattern of key with any character written as %XX,
// in either case of hex digits.
func percentForms(key string) *regexp.Regexp {
	percentKey.Lock()
	defer percentKey.Unlock()
	if percentKey.re != nil && percentKey.key == key {
		return percentKey.re
	}
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		fmt.Fprintf(&b, "(?:%s|%%%s)", regexp.QuoteMeta(key[i:i+1]), hexPattern(key[i]))
	}
	percentKey.key, percentKey.re = key, regexp.MustCompile(b.String())
	return percentKey.re
}

// hexPattern matches the two hex digits of c in either case.
func hexPattern(c byte) string {
	var b strings.Builder
	for _, d := range fmt.Sprintf("%02x", c) {
		if d >= 'a' {
			fmt.Fprintf(&b, "[%c%c]", d, d-'a'+'A')
		} else {
			b.WriteRune(d)
		}
	}
	return b.String()
}

// keyNamePattern is the name of the key parameter in any spelling: each
// letter of "apikey" as itself or %XX, an optional _ or - (or %5F, %2D)
// between api and key, and optional [] (or %5B%5D) after it.
var keyNamePattern = func() string {
	letter := func(c byte) string { return fmt.Sprintf("(?:%c|%%%02x|%%%02x)", c, c, c-'a'+'A') } // (?i) takes care of the rest
	var b strings.Builder
	for i := 0; i < len("apikey"); i++ {
		if i == 3 {
			b.WriteString("(?:_|-|%5F|%2D)?")
		}
		b.WriteString(letter("apikey"[i]))
	}
	b.WriteString(`(?:\[\]|%5B%5D)?`)
	return b.String()
}()

var (
	// apiKeyParam finds an apiKey value in URLs, forms, JSON and headers,
	// in any letter case, however spelt (api_key, api-key, apiKey[]) and
	// however percent-encoded (%61piKey, apiKey%3D, apiKey%253D): apiKey=v,
	// "apiKey":"v", 'apiKey': 'v'.
	apiKeyParam = regexp.MustCompile(`(?i)(` + keyNamePattern + `(?:=|%3D|%253D|["']?[ \t]*:[ \t]*["']?))([^&\s'"#,;}\]]+)`)
	keyShaped   = regexp.MustCompile(`[A-Za-z0-9]{40,}`)
)
