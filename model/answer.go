package model

import (
	"encoding/json"
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

// FieldErrors reads the data of a code-1 answer: an object of field →
// error, where an error may be a string, a list of strings or a nested
// object (its fields are joined with dots: params.validity).
func FieldErrors(data json.RawMessage) ([]FieldError, bool) {
	var obj map[string]json.RawMessage
	if json.Unmarshal(data, &obj) != nil || len(obj) == 0 {
		return nil, false
	}
	var out []FieldError
	var walk func(prefix string, raw json.RawMessage)
	walk = func(prefix string, raw json.RawMessage) {
		var nested map[string]json.RawMessage
		var list []json.RawMessage
		switch {
		case json.Unmarshal(raw, &nested) == nil:
			for _, k := range jsonx.SortedKeys(nested) {
				walk(prefix+"."+safe.Line(k), nested[k])
			}
		case json.Unmarshal(raw, &list) == nil:
			var msgs []string
			for _, item := range list {
				msgs = append(msgs, jsonx.Scalar(item))
			}
			out = append(out, FieldError{Field: prefix, Message: strings.Join(msgs, "; ")})
		default:
			out = append(out, FieldError{Field: prefix, Message: jsonx.Scalar(raw)})
		}
	}
	for _, k := range jsonx.SortedKeys(obj) {
		walk(safe.Line(k), obj[k])
	}
	return out, true
}

// WrongServerDomain reads the domain a code-13 answer points to: a host
// string, or an object holding one. A bare host keeps the scheme of the
// server that answered (https for the real API, http for the sandbox).
func WrongServerDomain(data json.RawMessage, answered Server) (Server, bool) {
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
