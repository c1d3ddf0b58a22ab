package safe

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

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
// mask, and masks any apiKey=… query value, so that text that may carry a
// URL (an error, a Location header) is safe to show, log or store.
func Scrub(s, key string) string {
	return apiKeyParam.ReplaceAllStringFunc(scrubKey(s, key), func(m string) string {
		name, value, _ := strings.Cut(m, "=")
		if strings.HasSuffix(value, "…") {
			return m // already masked
		}
		return name + "=" + MaskKey(value)
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

// apiKeyParam finds apiKey=value in URLs and bodies, any letter case.
var apiKeyParam = regexp.MustCompile(`(?i)apikey=[^&\s'"#]+`)
