package model

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"codedesk/model/catalog"
	"codedesk/model/jsonx"
	"codedesk/model/safe"
)

// BulkItem is one element of a 98/99 answer: a recipient and its own code.
type BulkItem struct {
	Recipient string `json:"recipient"`
	Code      int    `json:"code"`
	Meaning   string `json:"meaning"`
	MessageID string `json:"messageId,omitempty"`
}

// BulkItems reads the per-item results of a bulk answer leniently (codes
// and ids may be strings), explaining each code with book.
func BulkItems(data json.RawMessage, book *catalog.MethodBook) ([]BulkItem, bool) {
	if jsonx.CheckDepth(data) != nil {
		return nil, false
	}
	var raw []map[string]json.RawMessage
	if json.Unmarshal(data, &raw) != nil {
		// Some answers wrap the list in an object; take its first list.
		var obj map[string]json.RawMessage
		if json.Unmarshal(data, &obj) != nil {
			return nil, false
		}
		for _, k := range jsonx.SortedKeys(obj) {
			if json.Unmarshal(obj[k], &raw) == nil && len(raw) > 0 {
				break
			}
		}
	}
	if len(raw) == 0 {
		return nil, false
	}
	items := make([]BulkItem, 0, len(raw))
	for _, m := range raw {
		code, ok := jsonx.Int(m["code"])
		if !ok {
			return nil, false
		}
		it := BulkItem{Code: code, Meaning: book.RecipientCodeMeaning(code)}
		it.Recipient = jsonx.Scalar(m["recipient"])
		if it.Recipient == "" {
			it.Recipient = jsonx.Scalar(m["number"])
		}
		it.MessageID = jsonx.Scalar(m["messageId"])
		items = append(items, it)
	}
	return items, true
}

// FieldError is one invalid field of a code-1 answer.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Bounds of what FieldErrors reports: a real code-1 answer names a few
// fields with a sentence each.
const (
	maxFieldErrors  = 100
	maxFieldNameLen = 64  // characters of each part of a field's name
	maxFieldMsgLen  = 500 // characters of a field's message
)

// FieldErrors reads the data of a code-1 answer: an object of field →
// error, where an error may be a string, a list of strings or a nested
// object (its fields are joined with dots: params.validity). The data is
// read once and at most jsonx.MaxDepth levels deep; names and messages are
// inert and cut, and past maxFieldErrors fields a last entry says the rest
// were left out.
func FieldErrors(data json.RawMessage) ([]FieldError, bool) {
	var obj map[string]any
	if jsonx.Decode(data, &obj) != nil || len(obj) == 0 {
		return nil, false
	}
	var out []FieldError
	var walk func(prefix string, v any) bool
	walk = func(prefix string, v any) bool {
		if len(out) == maxFieldErrors {
			return false
		}
		switch x := v.(type) {
		case map[string]any:
			for _, k := range jsonx.SortedKeys(x) {
				if !walk(prefix+"."+fieldName(k), x[k]) {
					return false
				}
			}
			return true
		case []any:
			msgs := make([]string, 0, len(x))
			for _, item := range x {
				msgs = append(msgs, scalarText(item))
			}
			out = append(out, FieldError{Field: prefix, Message: safe.Clip(strings.Join(msgs, "; "), maxFieldMsgLen)})
		default:
			msg := scalarText(x)
			if IsKeyParam(lastFieldPart(prefix)) {
				msg = safe.MaskKey(msg) // a field that is a key: its value is one
			}
			out = append(out, FieldError{Field: prefix, Message: safe.Clip(msg, maxFieldMsgLen)})
		}
		return true
	}
	for _, k := range jsonx.SortedKeys(obj) {
		if !walk(fieldName(k), obj[k]) {
			out = append(out, FieldError{Field: "…", Message: fmt.Sprintf("остальные поля не показаны: их больше %d", maxFieldErrors)})
			break
		}
	}
	return out, true
}

// fieldName is one part of a field's name as a server wrote it, inert.
func fieldName(k string) string { return safe.Clip(safe.Line(k), maxFieldNameLen) }

// lastFieldPart is the last part of a dotted field name.
func lastFieldPart(name string) string {
	return name[strings.LastIndexByte(name, '.')+1:]
}

// scalarText is a decoded JSON string, number or boolean as text, inert,
// a key it names masked (apiKey=…, as the history keeps it); null and
// containers give "".
func scalarText(v any) string {
	switch x := v.(type) {
	case string:
		return safe.Line(safe.Scrub(x, ""))
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

// WrongServerDomain reads the domain a code-13 answer points to: a host
// string, or an object holding one. A bare host keeps the scheme of the
// server that answered (https for the real API, http for the sandbox).
func WrongServerDomain(data json.RawMessage, answered Server) (Server, bool) {
	if jsonx.CheckDepth(data) != nil {
		return Server{}, false
	}
	candidates := []string{jsonx.Scalar(data)}
	var obj map[string]json.RawMessage
	if json.Unmarshal(data, &obj) == nil {
		for _, k := range []string{"domain", "server", "host", "apiDomain", "url"} {
			candidates = append(candidates, jsonx.Scalar(obj[k]))
		}
	}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if srv, err := ParseServer(c); err == nil {
			if !strings.Contains(c, "://") && answered.Scheme != "" {
				srv.Scheme = answered.Scheme
			}
			return srv, true
		}
	}
	return Server{}, false
}

// IsSuccess reports the codes the official client treats as success.
func IsSuccess(code int) bool { return code == 0 || code == 100 }
