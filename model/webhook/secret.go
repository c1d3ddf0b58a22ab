package webhook

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Secret is the webhook's signing secret (the "secret key" set when the
// webhook was created in Mobizon's control panel). Formatting it with any
// verb, or marshalling it, shows a mask, never the value, so a Secret that
// slips into a struct that is printed or stored gives nothing away.
type Secret string

// SandboxSecret signs the sandbox's deliveries when no secret is set
// (MOBIZON_WEBHOOK_SECRET or a profile's webhook_secret_env /
// webhook_secret_file). It is public: use it only with the sandbox.
const SandboxSecret Secret = "sandbox-webhook-secret"

// secretMask is what a secret looks like wherever it would have been shown.
const secretMask = "‹секрет›"

// String is the mask, never the value.
func (Secret) String() string { return secretMask }

// GoString is the mask, never the value (%#v).
func (Secret) GoString() string { return secretMask }

// Format shows the mask for every verb, %x and %q included.
func (Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(secretMask)) }

// MarshalText is the mask, never the value.
func (Secret) MarshalText() ([]byte, error) { return []byte(secretMask), nil }

// IsZero reports that no secret was given.
func (s Secret) IsZero() bool { return s == "" }

// minScrubLen is the shortest secret that is cut out of text shown or
// stored: a shorter one ("1") would match innocent text everywhere, and
// cutting it would corrupt data without hiding anything worth hiding.
const minScrubLen = 4

// scrub replaces the secret in text, as it is and as it would look inside a
// URL or a JSON string, with the mask. Everything this package hands back
// that holds foreign text (a body, a server's answer, an error) passes
// through it.
func (s Secret) scrub(text string) string {
	if len(s) < minScrubLen {
		return text
	}
	for _, form := range s.forms() {
		text = strings.ReplaceAll(text, form, secretMask)
	}
	return text
}

// scrubJSON is scrub for JSON data. Cutting the secret out of a string
// literal keeps JSON valid; a secret that spans quotes could not, and the
// data then comes back as one JSON string holding the scrubbed text.
func (s Secret) scrubJSON(data json.RawMessage) json.RawMessage {
	if len(s) < minScrubLen || len(data) == 0 {
		return data
	}
	text := string(data)
	scrubbed := s.scrub(text)
	if scrubbed == text {
		return data
	}
	if json.Valid([]byte(scrubbed)) {
		return json.RawMessage(scrubbed)
	}
	quoted, _ := json.Marshal(scrubbed) // a string always encodes
	return quoted
}

// scrubBody is a body with the secret masked, still JSON when it was.
func (s Secret) scrubBody(body []byte) []byte {
	text := string(body)
	if s.scrub(text) == text {
		return body
	}
	if json.Valid(body) {
		return s.scrubJSON(body)
	}
	return []byte(s.scrub(text))
}

// forms are the ways the secret can appear in text: as it is, escaped in a
// JSON string, escaped in a URL; and the same without the spaces or
// newline a secret file may end with, which is the secret proper.
func (s Secret) forms() []string {
	var forms []string
	for _, raw := range []string{string(s), strings.TrimSpace(string(s))} {
		if len(raw) < minScrubLen {
			continue
		}
		quoted, _ := json.Marshal(raw)
		inJSON := strings.TrimSuffix(strings.TrimPrefix(string(quoted), `"`), `"`)
		for _, f := range []string{raw, inJSON, url.QueryEscape(raw), url.PathEscape(raw)} {
			if !slices.Contains(forms, f) {
				forms = append(forms, f)
			}
		}
	}
	return forms
}
