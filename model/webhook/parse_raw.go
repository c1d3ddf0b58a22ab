package webhook

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"

	"codedesk/model/jsonx"
)

// parseRaw reads the raw format as codedesk understands it: an HTML form
// body, application/x-www-form-urlencoded, as PHP's http_build_query
// writes it (eventId=26&attempt=1&data[status]=DELIVRD&sign=…). data may
// also come as one field holding JSON.
func parseRaw(body []byte) (*Payload, error) {
	if !bytes.Contains(body, []byte("=")) {
		return nil, &NotPayloadError{Reason: "not-payload", Msg: "это не JSON, не XML и не поля формы key=value: не вебхук Mobizon"}
	}
	values, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, &NotPayloadError{Reason: "not-form", Msg: "похоже на поля формы key=value, но не разбирается: в нём неверная %-последовательность"}
	}
	present := func(name string) bool { return len(values[name]) > 0 }
	if err := missingFields(present, FormatRaw); err != nil {
		return nil, err
	}
	last := func(name string) string {
		if v := values[name]; len(v) > 0 {
			return v[len(v)-1] // PHP keeps the last of repeated names
		}
		return ""
	}
	p := &Payload{
		Format: FormatRaw, EventID: last("eventId"), EventType: last("eventType"),
		EventCreateTs: last("eventCreateTs"), Attempt: last("attempt"),
		WebhookID: last("webhookId"), Sign: last("sign"), quoted: map[string]bool{},
	}
	p.HasSign = p.Sign != ""
	p.Data = formData(values)
	return p, nil
}

// formData gathers data[…] fields into one JSON object (nested brackets
// nest, at most maxDepth deep), or takes a data field that holds JSON.
func formData(values url.Values) json.RawMessage {
	if v := values["data"]; len(v) > 0 {
		raw := []byte(v[len(v)-1])
		if json.Valid(raw) && jsonDepth(raw) <= maxDepth {
			return raw
		}
		quoted, _ := json.Marshal(string(raw))
		return quoted
	}
	obj := map[string]any{}
	found := false
	for _, key := range jsonx.SortedKeys(values) { // sorted: a deeper key wins the same way every time
		v := values[key]
		path, ok := bracketPath(key)
		if !ok || path[0] != "data" || len(path) < 2 || len(path) > maxDepth {
			continue
		}
		found = true
		setPath(obj, path[1:], v[len(v)-1])
	}
	if !found {
		return nil
	}
	data, _ := json.Marshal(obj) // strings and maps always encode
	return data
}

// bracketPath splits data[a][b] into data, a, b.
func bracketPath(key string) ([]string, bool) {
	name, rest, found := strings.Cut(key, "[")
	if !found {
		return []string{key}, true
	}
	path := []string{name}
	for _, part := range strings.Split(rest, "[") {
		inner, ok := strings.CutSuffix(part, "]")
		if !ok {
			return nil, false
		}
		path = append(path, inner)
	}
	return path, true
}

// setPath stores value at path inside obj, making the objects on the way;
// a later, deeper key replaces an earlier plain value.
func setPath(obj map[string]any, path []string, value string) {
	for _, key := range path[:len(path)-1] {
		next, ok := obj[key].(map[string]any)
		if !ok {
			next = map[string]any{}
			obj[key] = next
		}
		obj = next
	}
	obj[path[len(path)-1]] = value
}
