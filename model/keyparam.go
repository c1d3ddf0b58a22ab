package model

import "strings"

// IsKeyParam reports a parameter name that carries an API key, however a
// customer's tool spelt it: apiKey, api_key, api-key, API_KEY, apiKey[],
// key, in any letter case, also as a bracket part (params[apiKey]). Such
// a parameter is never kept, stored or shown: the user's own key goes on
// the wire instead. Names come here decoded (%61piKey is apiKey by then).
func IsKeyParam(name string) bool {
	base, rest, _ := strings.Cut(name, "[")
	if norm := normalKeyName(base); norm == "apikey" || norm == "key" {
		return true
	}
	for rest != "" {
		var part string
		part, rest, _ = strings.Cut(rest, "]")
		rest = strings.TrimPrefix(rest, "[")
		if normalKeyName(part) == "apikey" {
			return true
		}
	}
	return false
}

// normalKeyName is a name in lower case without _, - and blanks.
func normalKeyName(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r == '_' || r == '-' || r == ' ':
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
