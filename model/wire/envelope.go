package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"codedesk/model"
	"codedesk/model/jsonx"
	"codedesk/model/safe"
)

// maxMessageBytes bounds a message that is not a string (an object, say),
// shown as the server sent it.
const maxMessageBytes = 4 << 10

// MaxMessage bounds the server's message text, in bytes: what is shown and
// kept is at most this much of it, cut at a character and marked
// (CutMessage). A real message is a sentence.
const MaxMessage = 8 << 10

// CutMessage is s cut to MaxMessage bytes at a character boundary, with a
// mark that says how long it was; s itself when it fits.
func CutMessage(s string) string {
	if len(s) <= MaxMessage {
		return s
	}
	end := MaxMessage
	for end > 0 && !utf8.RuneStart(s[end]) {
		end--
	}
	// Never keep the start of a key the cut went through: the key is
	// masked only whole.
	for back := 0; back < 70 && end > 0 && isAlnum(s[end-1]) && isAlnum(s[end]); back++ {
		end--
	}
	return s[:end] + fmt.Sprintf("… [обрезано: сообщение сервера длиной %d КиБ]", (len(s)+1023)>>10)
}

// DecodeEnvelope reads an answer body leniently, as the API's own numbers
// often arrive as strings: "code": "30" is 30. A body that is not a JSON
// object with a whole-number code in 0..999 is an error of kind
// KindNotJSON, KindEmpty, KindTruncated, KindNotEnvelope or KindBadCode.
//
// It reads the body once, in linear time: only the envelope's own level is
// decoded, and data is kept as the server sent it, however deep (every
// reader of data bounds itself: jsonx.MaxDepth); JSON deeper than Go's own
// limit of 10,000 levels is refused as not JSON, saying so. Errors are
// inert.
func DecodeEnvelope(body []byte) (model.Envelope, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return model.Envelope{}, &model.CallError{Kind: model.KindEmpty, Msg: "пустой ответ: сервер не прислал тела"}
	}
	if trimmed[0] != '{' && trimmed[0] != '[' {
		return model.Envelope{}, &model.CallError{Kind: model.KindNotJSON, Msg: "ответ не JSON", Excerpt: Excerpt(trimmed, 120)}
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &fields); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) && syntax.Offset >= int64(len(trimmed)) || strings.Contains(err.Error(), "unexpected end of JSON input") {
			return model.Envelope{}, &model.CallError{Kind: model.KindTruncated, Msg: "ответ оборван: JSON не закончен", Excerpt: Excerpt(trimmed, 120)}
		}
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return model.Envelope{}, &model.CallError{Kind: model.KindNotEnvelope, Msg: "ответ — JSON, но не объект {code, data, message}", Excerpt: Excerpt(trimmed, 120)}
		}
		msg := "ответ не JSON: " + safe.Line(err.Error())
		if strings.Contains(err.Error(), "exceeded max depth") {
			msg = "ответ вложен глубже 10000 уровней: это не ответ API"
		}
		return model.Envelope{}, &model.CallError{Kind: model.KindNotJSON, Msg: msg, Excerpt: Excerpt(trimmed, 120)}
	}
	rawCode, ok := fields["code"]
	if !ok {
		return model.Envelope{}, &model.CallError{Kind: model.KindNotEnvelope, Msg: "в ответе нет поля code", Excerpt: Excerpt(trimmed, 120)}
	}
	code, err := jsonx.IntErr(rawCode)
	if err != nil || code < 0 || code > model.MaxCode {
		return model.Envelope{}, &model.CallError{Kind: model.KindBadCode, Msg: fmt.Sprintf("code %s — не целое число от 0 до %d", Excerpt(rawCode, 40), model.MaxCode)}
	}
	env := model.Envelope{Code: code, Data: fields["data"]}
	if len(env.Data) == 0 {
		env.Data = json.RawMessage("null")
	}
	if raw, ok := fields["message"]; ok {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			env.Message = CutMessage(s)
		} else if string(raw) != "null" {
			// A number or an object: show it as sent, within reason.
			env.Message = safe.Clip(string(raw), maxMessageBytes)
		}
	}
	return env, nil
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// Excerpt is the start of a body, made inert and put on one line, for an
// error message: enough to recognise an HTML error page or a proxy's text.
func Excerpt(b []byte, max int) string {
	if limit := 4*max + 16; len(b) > limit {
		b = b[:limit] // enough for max characters however spaced; never the whole body
	}
	s := strings.Join(strings.Fields(string(b)), " ")
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return safe.Line(s)
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d МиБ", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d КиБ", n>>10)
	}
	return fmt.Sprintf("%d байт", n)
}
