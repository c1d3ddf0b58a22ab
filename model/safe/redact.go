package safe

import (
	"net/url"
	"regexp"
	"strings"
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
		if strings.HasSuffix(value, "…") && utf8.RuneCountInString(value) <= 5 {
			return m // already a mask: at most four characters and "…"
		}
		return name + MaskKey(value)
	})
}

// MaskSecrets masks what looks like a key in a customer's text, where the
// key is not known: apiKey values (as Scrub) and any run of exactly 40 or
// 70 letters and digits mixing both, the shape of a Mobizon key.
func MaskSecrets(s string) string {
	return keyShaped.ReplaceAllStringFunc(Scrub(s, ""), func(m string) string {
		if (len(m) == 40 || len(m) == 70) && strings.ContainsAny(m, "0123456789") &&
			strings.IndexFunc(m, func(r rune) bool { return r > '9' }) >= 0 {
			return MaskKey(m)
		}
		return m
	})
}

// scrubKey replaces key in s, as is and URL-escaped, with its mask.
func scrubKey(s, key string) string {
	if key == "" {
		return s
	}
	for _, form := range []string{key, url.QueryEscape(key), url.PathEscape(key)} {
		s = strings.ReplaceAll(s, form, MaskKey(key))
	}
	return s
}

var (
	// apiKeyParam finds an apiKey value in URLs, forms, JSON and headers,
	// in any letter case: apiKey=v, apiKey%3Dv, "apiKey":"v", 'apiKey': 'v'.
	apiKeyParam = regexp.MustCompile(`(?i)(apikey(?:=|%3D|["']?[ \t]*:[ \t]*["']))([^&\s'"#,;}\]]+)`)
	keyShaped   = regexp.MustCompile(`[A-Za-z0-9]{40,}`)
)
