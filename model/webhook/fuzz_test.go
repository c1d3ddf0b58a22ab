package webhook

import (
	"encoding/json"
	"strings"
	"testing"

	"codedesk/model/safe"
)

// FuzzCheck feeds any body to the parser and the verifier: no panic, a
// typed error or an event whose every string is inert and free of the
// secret.
func FuzzCheck(f *testing.F) {
	for _, name := range []string{"valid.json", "numbers-as-strings.json", "reformatted-ts.json", "missing-sign.json", "docs-sample.json", "valid.xml", "valid.raw"} {
		f.Add(fixture(f, name))
	}
	f.Add([]byte(`{"eventId":1e99999,"eventType":"x","eventCreateTs":"2026-01-01T00:00Z","attempt":"1","sign":"` + string(testSecret) + `"}`))
	f.Add([]byte("eventId=1&eventType=x&eventCreateTs=y&attempt=1&data[a][b][c]=1"))
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := Check(body, "", testSecret)
		if err != nil {
			if !IsNotPayload(err) && !IsTooLarge(err) {
				t.Fatalf("untyped error %v", err)
			}
			if strings.Contains(err.Error(), string(testSecret)) {
				t.Fatalf("error holds the secret: %v", err)
			}
			return
		}
		out, _ := json.Marshal(ev)
		for _, s := range []string{ev.EventID, ev.EventType, ev.EventCreateTs, ev.Status, ev.Line(nil)} {
			if safe.Line(s) != s {
				t.Fatalf("not inert: %q", s)
			}
		}
		if !json.Valid(out) || strings.Contains(string(out), string(testSecret)) || strings.Contains(ev.Line(nil), string(testSecret)) {
			t.Fatalf("bad output: %s", out)
		}
	})
}
