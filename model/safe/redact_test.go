package safe

import (
	"strings"
	"testing"
)

// A key hides from a plain apiKey= search when a hostile server (or a
// customer's tool) percent-encodes its name, its = or the key itself, or
// spells the name another way: Scrub masks every such form, and masks
// nothing else.
func TestScrubCatchesEncodedAndRespeltKeys(t *testing.T) {
	const key = "Zk3Q9vX2mB7nR4tW8yL1cF6hJ0dS5gA2pE9uK3oM"
	const other = "deadbeefcafe1234deadbeefcafe1234deadbeef" // not the user's key
	encoded := "%5A%6b" + key[2:10] + "%37" + key[11:]       // Zk…7… with some letters as %XX
	lower := strings.ToLower(encoded[:6]) + encoded[6:]
	for _, in := range []string{
		"echo: apiKey%3D" + other + "%26text%3Dhi",
		"echo: %61piKey=" + other,
		"echo: %61%70%69%4B%65%79%3D" + other,
		"echo: apiKey%253D" + other,
		"form: text=hi&api_key=" + other + "&x=1",
		"form: text=hi&API-KEY=" + other,
		"form: apiKey%5B%5D=" + other,
		"form: apiKey[]=" + other,
		"header: X-Api-Key: " + other,
		`json: {"apiKey": "` + other + `"}`,
		"the key itself: " + encoded,
		"the key itself: " + lower,
	} {
		out := Scrub(in, key)
		if strings.Contains(out, other[:12]) || strings.Contains(out, key[12:]) || strings.Contains(out, encoded[12:]) {
			t.Errorf("Scrub(%q) = %q", in, out)
		}
	}
	for _, keep := range []string{"monkey=banana", "apiKeys are secret", "text=%D0%BA%D0%BB%D1%8E%D1%87", "100%"} {
		if out := Scrub(keep, key); out != keep {
			t.Errorf("Scrub(%q) = %q: changed text without a key", keep, out)
		}
	}
	data := []byte(`{"echo":"` + encoded + `","n":[1,2]}`)
	if out := string(ScrubJSON(data, key)); strings.Contains(out, encoded[12:]) || !strings.Contains(out, `"n":[1,2]`) {
		t.Errorf("ScrubJSON kept the percent-encoded key: %s", out)
	}
}
