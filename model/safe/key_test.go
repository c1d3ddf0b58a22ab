package safe

import (
	"encoding/json"
	"strings"
	"testing"
)

const realKey = "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0" // 40 letters and digits

func TestPlausibleKey(t *testing.T) {
	cases := map[string]bool{
		realKey:                  true,
		strings.Repeat("Z9", 35): true, // 70
		"":                       false,
		"5":                      false,
		"abc":                    false,
		"sandbox-kz-key":         false,
		realKey[:39] + "-":       false,
		realKey + "0":            false,
		strings.Repeat("я", 40):  false,
	}
	for key, want := range cases {
		if got := PlausibleKey(key); got != want {
			t.Errorf("PlausibleKey(%q) = %v, want %v", key, got, want)
		}
	}
}

func TestScrubJSONKeepsDataValidAndFindsEscapedKeys(t *testing.T) {
	escaped := `\u00` + "61" + realKey[1:] // the key with its first letter \u-escaped
	data := []byte(`{"echo":"` + escaped + `","n":[1,2.50,"x"],"plain":"key ` + realKey + ` end","html":"<a>"}`)
	got := ScrubJSON(data, realKey)
	if !json.Valid(got) {
		t.Fatalf("not JSON any more: %s", got)
	}
	var v map[string]any
	_ = json.Unmarshal(got, &v)
	for _, field := range []string{"echo", "plain"} {
		if s := v[field].(string); strings.Contains(s, realKey) || !strings.Contains(s, MaskKey(realKey)) {
			t.Errorf("%s = %q: key not masked", field, s)
		}
	}
	if !strings.Contains(string(got), `[1,2.50,"x"]`) || !strings.Contains(string(got), `"<a>"`) {
		t.Errorf("bytes without the key changed: %s", got)
	}
}

func TestScrubLeavesDataAloneForImplausibleKeys(t *testing.T) {
	for _, key := range []string{"abc", "5", "808"} {
		data := []byte(`{"text":"abcdef Fabcon","n":5,"server":"http://127.0.0.1:18081"}`)
		if got := ScrubJSON(data, key); string(got) != string(data) {
			t.Errorf("key %q rewrote data: %s", key, got)
		}
		if got := ScrubStored("abcdef Fabcon 18081", key); got != "abcdef Fabcon 18081" {
			t.Errorf("key %q rewrote text: %q", key, got)
		}
	}
	if got := ScrubJSON([]byte("not json "+realKey), realKey); strings.Contains(string(got), realKey) {
		t.Errorf("text data kept the key: %s", got)
	}
}
