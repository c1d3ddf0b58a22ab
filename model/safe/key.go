package safe

import (
	"bytes"
	"encoding/json"
)

// PlausibleKey reports a key that can be a real Mobizon key: 40 or 70 ASCII
// letters and digits, the only keys the official client accepts. Such a key
// is long and random enough that finding it inside other text is never a
// coincidence, so it may be cut out of what is stored. Any other key (support
// staff reproduce code 8 with wrong ones) is masked only on display: cutting
// "5" out of stored JSON would corrupt it.
func PlausibleKey(key string) bool {
	if len(key) != 40 && len(key) != 70 {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// ScrubStored is Scrub for text that is stored or printed for scripts: it
// changes it only for a plausible key (see PlausibleKey), so that a wrong
// short key never rewrites a customer's data.
func ScrubStored(s, key string) string {
	if !PlausibleKey(key) {
		return s
	}
	return scrubKey(s, key)
}

// ScrubJSON masks a plausible key inside the string values of JSON data,
// however the server escaped it ("\u0061bc…"), and leaves every other byte
// as it was, so the result is valid JSON whenever the input was. Data that
// is not JSON is scrubbed as text. One pass over the data.
func ScrubJSON(data []byte, key string) []byte {
	if !PlausibleKey(key) || len(data) == 0 {
		return data
	}
	if !json.Valid(data) {
		return []byte(scrubKey(string(data), key))
	}
	if !bytes.Contains(data, []byte(`\u`)) && !bytes.Contains(data, []byte(key)) && !bytes.Contains(data, []byte("%")) {
		return data // the common case: the key is nowhere, not even percent-encoded
	}
	var out bytes.Buffer
	out.Grow(len(data))
	for i := 0; i < len(data); {
		if data[i] != '"' {
			out.WriteByte(data[i])
			i++
			continue
		}
		end := stringEnd(data, i)
		out.Write(scrubLiteral(data[i:end], key))
		i = end
	}
	return out.Bytes()
}

// stringEnd is the index just past the JSON string literal starting at i.
func stringEnd(data []byte, i int) int {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(data)
}

// scrubLiteral re-encodes one JSON string literal when its value holds key.
func scrubLiteral(lit []byte, key string) []byte {
	if !bytes.ContainsAny(lit, `\%`) && !bytes.Contains(lit, []byte(key)) {
		return lit
	}
	var s string
	if json.Unmarshal(lit, &s) != nil {
		return lit
	}
	scrubbed := scrubKey(s, key)
	if scrubbed == s {
		return lit
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(scrubbed) // a string always encodes
	return bytes.TrimRight(b.Bytes(), "\n")
}
