package history

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"time"

	"codedesk/model"
	"codedesk/model/jsonx"
	"codedesk/model/safe"
)

// MaxData is how much of an answer's data is kept; more is cut and marked.
const MaxData = jsonx.MaxData

// CutMark is what Data holds when an answer's data was longer than MaxData
// or nested deeper than jsonx.MaxDepth: valid JSON that says so, with the
// first part of the data as text (jsonx.Storable, the one rule for data
// kept here and data printed as JSON).
//
//	{"cut": true, "bytes": 819200, "start": "[{\"id\":1, …"}
type CutMark = jsonx.CutMark

// prepare makes a call ready to store: the key taken out, data valid JSON
// within MaxData, and a uid, a time, an agent and a source when it has none.
func prepare(c Call, key, agent string, now func() time.Time) Call {
	c = redact(c, key)
	var cut bool
	c.Data, cut = jsonx.Storable(c.Data)
	c.DataCut = c.DataCut || cut
	if c.UID == "" {
		c.UID = newUID()
	}
	if c.At.IsZero() {
		c.At = now()
	}
	c.At = time.UnixMilli(c.At.UnixMilli()) // both engines keep milliseconds
	if c.Agent == "" {
		c.Agent = agent
	}
	if c.Source == "" {
		c.Source = SourceTUI
	}
	if c.Params == nil {
		c.Params = []model.Param{}
	}
	if c.Note == "" {
		c.NoteAuthor, c.NoteAt = "", nil
	} else {
		if c.NoteAuthor == "" {
			c.NoteAuthor = c.Agent
		}
		if c.NoteAt == nil {
			at := c.At
			c.NoteAt = &at
		}
		at := time.UnixMilli(c.NoteAt.UnixMilli())
		c.NoteAt = &at
	}
	return c
}

// redact takes the key out of everything a call holds. A parameter named
// apiKey is dropped. A plausible key (safe.PlausibleKey) is cut out of
// parameter values, the server, the message, the error, the note and the
// data (found however JSON escaped it, the data staying valid JSON); a key
// that cannot be a real one changes nothing stored, because cutting "5"
// out of an answer would corrupt it. An apiKey=… in the error text (a URL
// the client failed on) is masked whatever the key.
func redact(c Call, key string) Call {
	kept := make([]model.Param, 0, len(c.Params))
	for _, p := range c.Params {
		if model.IsKeyParam(p.Key) {
			continue
		}
		kept = append(kept, model.Param{Key: safe.ScrubStored(p.Key, key), Value: safe.ScrubStored(p.Value, key)})
	}
	c.Params = kept
	c.Server = safe.ScrubStored(c.Server, key)
	// A key a server's text names (apiKey=…, "api_key": …) goes too, even
	// when it is not the user's: a hostile or careless server echoing a
	// customer's key must not put it in a team's database.
	c.Message = safe.Scrub(safe.ScrubStored(c.Message, key), "")
	c.Error = safe.Scrub(safe.ScrubStored(c.Error, key), "")
	c.Note = safe.MaskSecrets(safe.ScrubStored(c.Note, key)) // a person's text: any key-shaped run goes
	c.Data = namedKeysMasked(safe.ScrubJSON(c.Data, key))
	return c
}

// namedKeysMasked is JSON data with every value a key name names masked
// (maskJSONKeys), byte for byte as it was when nothing names a key: only
// data that mentions "key" in any case, or escapes a character, is walked.
func namedKeysMasked(data []byte) []byte {
	if len(data) == 0 || !bytes.Contains(bytes.ToLower(data), []byte("key")) && !bytes.Contains(data, []byte(`\u`)) || !json.Valid(data) {
		return data
	}
	if masked, changed := maskJSONKeys(data); changed {
		return masked
	}
	return data
}

// validData turns data an older codedesk stored as invalid JSON (cut in
// the middle of a value, or not JSON at all), or nested too deep to print,
// into valid JSON: a CutMark or a string.
func validData(data []byte, cut bool) []byte {
	switch {
	case len(data) == 0:
		return data
	case cut && jsonx.CheckDepth(data) == nil && !json.Valid(data):
		return jsonx.MarkCut(data)
	}
	out, _ := jsonx.Storable(data)
	return out
}

// newUID is 128 random bits in hex: unique across every history, so that
// copying calls between stores can tell what is already there.
func newUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}
