package webhook

import (
	"encoding/json"
	"errors"
	"fmt"
)

// parseJSON reads the documented format. Numbers are kept as the literal
// text of the body, never through a float, so 26.0 is seen as 26.0.
func parseJSON(body []byte) (*Payload, error) {
	if body[0] == '[' {
		return nil, &NotPayloadError{Reason: "not-object", Msg: "это JSON-массив, а вебхук Mobizon — один JSON-объект"}
	}
	if err := jsonSyntax(body); err != nil {
		return nil, err
	}
	if jsonDepth(body) > maxDepth {
		return nil, &NotPayloadError{Reason: "too-deep", Msg: fmt.Sprintf("JSON вложен глубже %d уровней: это не вебхук Mobizon", maxDepth)}
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, &NotPayloadError{Reason: "not-object", Msg: "это JSON, но не объект: вебхук Mobizon — один JSON-объект"}
	}
	present := func(name string) bool {
		raw, ok := fields[name]
		return ok && string(raw) != "null"
	}
	if err := missingFields(present, FormatJSON); err != nil {
		return nil, err
	}
	p := &Payload{Format: FormatJSON, quoted: map[string]bool{}}
	targets := map[string]*string{
		"eventId": &p.EventID, "eventType": &p.EventType, "eventCreateTs": &p.EventCreateTs,
		"attempt": &p.Attempt, "webhookId": &p.WebhookID, "sign": &p.Sign,
	}
	for name, target := range targets {
		if !present(name) {
			continue
		}
		text, quoted, ok := scalarText(fields[name])
		if !ok {
			return nil, &NotPayloadError{Reason: "bad-field", Msg: fmt.Sprintf("поле %s — объект или массив, а в вебхуке Mobizon это одно значение", name)}
		}
		*target, p.quoted[name] = text, quoted
	}
	p.HasSign = p.Sign != ""
	if present("data") {
		p.Data = fields["data"]
	}
	return p, nil
}

// jsonSyntax is a *NotPayloadError for a body that is not JSON, naming
// where it breaks.
func jsonSyntax(body []byte) error {
	if json.Valid(body) {
		return nil
	}
	var raw json.RawMessage // checks syntax without building values
	err := json.Unmarshal(body, &raw)
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return &NotPayloadError{Reason: "not-json", Msg: fmt.Sprintf("начинается как JSON, но не разбирается: ошибка около байта %d", syntax.Offset)}
	}
	return &NotPayloadError{Reason: "not-json", Msg: "начинается как JSON, но не разбирается"}
}

// scalarText is the exact text of a JSON scalar: a string's value, a
// number's literal. Containers are not scalars.
func scalarText(raw json.RawMessage) (text string, quoted, ok bool) {
	if len(raw) == 0 {
		return "", false, true
	}
	switch raw[0] {
	case '{', '[':
		return "", false, false
	case '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false, false
		}
		return s, true, true
	}
	return string(raw), false, true
}

// jsonDepth is the deepest nesting of objects and arrays in valid JSON, in
// one pass that skips strings.
func jsonDepth(data []byte) int {
	depth, deepest, inString := 0, 0, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			depth++
			deepest = max(deepest, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return deepest
}
