package history

import (
	"bytes"
	"encoding/json"
	"io"
	"net/url"
	"strings"

	"codedesk/model"
	"codedesk/model/safe"
	"codedesk/model/webhook"
)

// FromWebhook is a webhook delivery as the history keeps it, for
// `codedesk webhook listen` and the TUI's listener alike: Source and Module
// "webhook", the event type as the method, the verdict as the message, the
// payload as data (a body that is not JSON as a JSON string), failed with
// the verdict as its error when it did not verify. A key the customer's
// payload names (apiKey, api_key, data[apiKey], "apiKe\u0079", …) is
// masked before it is kept: the sign covers the event's id, attempt and
// time, never the data, so nothing a later check needs is lost.
func FromWebhook(ev webhook.Event, where string) Call {
	c := Call{At: ev.ReceivedAt, Server: where, Module: "webhook", Method: ev.Method(), HTTPMethod: "POST",
		Source: SourceWebhook, Message: ev.Message, Data: payloadData(ev.Body)}
	if ev.Failed() {
		c.ErrorKind, c.Error = string(ev.Verdict), ev.Message
	}
	return c
}

// payloadData is body as JSON data with every named key masked: JSON as
// it came unless a key had to go (then compact), any other body as a JSON
// string of its text, form pairs masked by their decoded names.
func payloadData(body []byte) []byte {
	if len(body) == 0 {
		return nil
	}
	if json.Valid(body) {
		if masked, changed := maskJSONKeys(body); changed {
			return masked
		}
		return body
	}
	quoted, _ := json.Marshal(maskFormKeys(string(body))) // a string always encodes
	return quoted
}

// maskFormKeys masks the value of every pair whose name, decoded, names a
// key (api%4Bey, data%5BapiKey%5D), and a key written inside any value.
func maskFormKeys(body string) string {
	pairs := strings.Split(body, "&")
	for i, p := range pairs {
		name, value, ok := strings.Cut(p, "=")
		if decoded, err := url.QueryUnescape(name); ok && err == nil && model.IsKeyParam(decoded) {
			if v, err := url.QueryUnescape(value); err == nil {
				value = v
			}
			pairs[i] = name + "=" + safe.MaskKey(value)
			continue
		}
		pairs[i] = safe.Scrub(p, "")
	}
	return strings.Join(pairs, "&")
}

// maskJSONKeys rebuilds valid JSON token by token (linear, no recursion)
// with the value of every member whose decoded name names a key masked,
// and a key written inside any string masked; changed says whether
// anything was. Numbers keep their text.
func maskJSONKeys(data []byte) ([]byte, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var (
		out     bytes.Buffer
		frames  []jsonFrame
		changed bool
		keyNext bool // the previous token was a member name that names a key
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out.Bytes(), changed
		}
		if err != nil {
			return data, false // json.Valid said it is JSON: never here
		}
		top := len(frames) - 1
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			out.WriteByte(byte(d))
			frames = frames[:top]
			continue
		}
		isName := top >= 0 && frames[top].object && frames[top].count%2 == 0
		if top >= 0 {
			if frames[top].count > 0 {
				out.WriteByte(map[bool]byte{true: ',', false: ':'}[!frames[top].object || isName])
			}
			frames[top].count++
		}
		switch v := tok.(type) {
		case json.Delim:
			out.WriteByte(byte(v))
			frames = append(frames, jsonFrame{object: v == '{'})
		case string:
			s := v
			switch {
			case isName:
				keyNext = model.IsKeyParam(v)
			case keyNext:
				s, keyNext = safe.MaskKey(v), false
			default:
				s = safe.Scrub(v, "")
			}
			changed = changed || s != v
			enc, _ := json.Marshal(s)
			out.Write(enc)
			continue
		default:
			enc, _ := json.Marshal(v)
			out.Write(enc)
		}
		keyNext = false
	}
}

// jsonFrame is an open object or array while maskJSONKeys walks: count is
// how many names and values (an object) or values (an array) it has had.
type jsonFrame struct {
	object bool
	count  int
}
