package history

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codedesk/model/webhook"
)

// A customer's payload that names a key keeps it out of the history: the
// stored data is valid JSON with the key masked, the rest as it came; a
// body that is not JSON is kept as a string, masked too.
func TestAWebhookPayloadsKeyNeverReachesTheHistory(t *testing.T) {
	const key = "Zq9XvB2mT7pL4kR8sN1wY6cH3jF5dA0eG2uI9oPx"
	path := filepath.Join(t.TempDir(), "h.db")
	s := openAt(t, path, Options{})
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	bodies := []string{
		`{"eventId":"7","eventType":"sms-delivery-report","attempt":1,"data":{"messageId":"1","apiKey":"` + key + `"}}`,
		`eventId=7&api_key=` + key + `&attempt=1`,
		// Names a JSON library or a form encoder escaped.
		`{"eventId":"7","attempt":1,"data":{"apiKe\u0079":"` + key + `","list":[{"a\u0070i_key":"` + key + `"}],"note":"api-key=` + key + `"}}`,
		`eventId=7&data%5BapiKey%5D=` + key + `&api%4Bey=` + key + `&attempt=1`,
	}
	for _, b := range bodies {
		ev := webhook.Event{ReceivedAt: at, EventType: "sms-delivery-report", Verified: true, Message: "подпись верна", Body: []byte(b)}
		c := FromWebhook(ev, "http://127.0.0.1:8080/")
		if !json.Valid(c.Data) || strings.Contains(string(c.Data), key) || !strings.Contains(string(c.Data), "Zq9X…") {
			t.Errorf("stored data %s", c.Data)
		}
		if _, err := s.Record(ctx, c, ""); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	for _, f := range []string{path, path + "-wal"} {
		if b, err := os.ReadFile(f); err == nil && strings.Contains(string(b), key) {
			t.Errorf("%s holds the payload's key", f)
		}
	}
	var first map[string]any
	c := FromWebhook(webhook.Event{Body: []byte(bodies[0])}, "")
	if json.Unmarshal(c.Data, &first); first["eventId"] != "7" || first["attempt"] != float64(1) {
		t.Errorf("the rest of the payload must stay as it came: %s", c.Data)
	}
}

// A server's answer that names a key (its message, its data, however
// spelt) is kept with that key masked, even when it is not the user's;
// data that names no key is kept byte for byte.
func TestAKeyAServerEchoesUnderAKeyNameIsNeverStored(t *testing.T) {
	const other = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd"
	path := filepath.Join(t.TempDir(), "h.db")
	s := openAt(t, path, Options{})
	c := sampleCall(0, "ваш apiKey="+other)
	c.Data = []byte(`{"echo":"%61piKey%3D` + other + `","k":"api_key=` + other + `","apiKe\u0079":"` + other + `"}`)
	id := record(t, s, c, "sandbox-kz-key")
	plain := sampleCall(0, "")
	plain.Data = []byte(`{ "balance" : "1.50",  "currency":"KZT" }`)
	plainID := record(t, s, plain, "sandbox-kz-key")
	got, err := s.Get(ctx, id)
	if err != nil || strings.Contains(got.Message+string(got.Data), other[8:]) || !json.Valid(got.Data) {
		t.Errorf("kept %q %s (%v)", got.Message, got.Data, err)
	}
	if p, _ := s.Get(ctx, plainID); string(p.Data) != string(plain.Data) {
		t.Errorf("data naming no key changed: %s", p.Data)
	}
	s.Close()
	for _, f := range []string{path, path + "-wal"} {
		if b, err := os.ReadFile(f); err == nil && strings.Contains(string(b), other[8:]) {
			t.Errorf("%s holds the server's key", f)
		}
	}
}
