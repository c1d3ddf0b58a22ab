package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Envelope is every API answer: a code, a message (empty on success) and
// data whose shape depends on the method and the code.
type Envelope struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

// MaxCode is the largest code the API uses (999, a general error).
const MaxCode = 999

// DecodeEnvelope reads an answer body leniently, as the API's own numbers
// often arrive as strings: "code": "30" is 30. A body that is not a JSON
// object with a whole-number code in 0..999 is an error of kind
// KindNotJSON, KindEmpty, KindTruncated, KindNotEnvelope or KindBadCode.
func DecodeEnvelope(body []byte) (Envelope, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return Envelope{}, &CallError{Kind: KindEmpty, Msg: "пустой ответ: сервер не прислал тела"}
	}
	if trimmed[0] != '{' && trimmed[0] != '[' {
		return Envelope{}, &CallError{Kind: KindNotJSON, Msg: "ответ не JSON", Excerpt: Excerpt(trimmed, 120)}
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &fields); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) && syntax.Offset >= int64(len(trimmed)) || strings.Contains(err.Error(), "unexpected end of JSON input") {
			return Envelope{}, &CallError{Kind: KindTruncated, Msg: "ответ оборван: JSON не закончен", Excerpt: Excerpt(trimmed, 120)}
		}
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return Envelope{}, &CallError{Kind: KindNotEnvelope, Msg: "ответ — JSON, но не объект {code, data, message}", Excerpt: Excerpt(trimmed, 120)}
		}
		return Envelope{}, &CallError{Kind: KindNotJSON, Msg: "ответ не JSON: " + err.Error(), Excerpt: Excerpt(trimmed, 120)}
	}
	rawCode, ok := fields["code"]
	if !ok {
		return Envelope{}, &CallError{Kind: KindNotEnvelope, Msg: "в ответе нет поля code", Excerpt: Excerpt(trimmed, 120)}
	}
	code, err := lenientInt(rawCode)
	if err != nil || code < 0 || code > MaxCode {
		return Envelope{}, &CallError{Kind: KindBadCode, Msg: fmt.Sprintf("code %s — не целое число от 0 до %d", Excerpt(rawCode, 40), MaxCode)}
	}
	env := Envelope{Code: code, Data: fields["data"]}
	if len(env.Data) == 0 {
		env.Data = json.RawMessage("null")
	}
	if raw, ok := fields["message"]; ok {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			env.Message = s
		} else if string(raw) != "null" {
			env.Message = string(raw) // a number or an object: show it as sent
		}
	}
	return env, nil
}

// lenientInt reads a JSON number or a string holding one, which must be a
// whole number.
func lenientInt(raw json.RawMessage) (int, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return 0, err
	}
	switch x := v.(type) {
	case float64:
		if x != math.Trunc(x) || math.Abs(x) > 1e9 {
			return 0, errors.New("not a whole number")
		}
		return int(x), nil
	case string:
		return strconv.Atoi(strings.TrimSpace(x))
	}
	return 0, errors.New("not a number")
}

// LenientInt reads a number inside data, where numbers often arrive as
// strings ("400145").
func LenientInt(raw json.RawMessage) (int, bool) {
	n, err := lenientInt(raw)
	return n, err == nil
}

// Excerpt is the start of a body, made inert and put on one line, for an
// error message: enough to recognise an HTML error page or a proxy's text.
func Excerpt(b []byte, max int) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return SanitizeLine(s)
}
