package history

import (
	"encoding/json"

	"codedesk/model/safe"
	"codedesk/model/webhook"
)

// FromWebhook is a webhook delivery as the history keeps it, for
// `codedesk webhook listen` and the TUI's listener alike: Source and Module
// "webhook", the event type as the method, the verdict as the message, the
// payload as data (a body that is not JSON as a JSON string), failed with
// the verdict as its error when it did not verify. A key a customer's
// payload names (apiKey, api_key, …) is masked before it is kept: the sign
// covers the event's id, attempt and time, never the data, so nothing a
// later check needs is lost.
func FromWebhook(ev webhook.Event, where string) Call {
	c := Call{At: ev.ReceivedAt, Server: where, Module: "webhook", Method: ev.Method(), HTTPMethod: "POST",
		Source: SourceWebhook, Message: ev.Message, Data: payloadData(ev.Body)}
	if ev.Failed() {
		c.ErrorKind, c.Error = string(ev.Verdict), ev.Message
	}
	return c
}

// payloadData is body as JSON data with named keys masked: itself when it
// is JSON and names no key, else a JSON string of its (masked) text.
func payloadData(body []byte) []byte {
	if len(body) == 0 {
		return nil
	}
	text := safe.Scrub(string(body), "")
	if json.Valid(body) && json.Valid([]byte(text)) {
		return []byte(text)
	}
	quoted, _ := json.Marshal(text) // a string always encodes
	return quoted
}
