package history

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"codedesk/model"
	"codedesk/model/safe"
)

// MaxData is how much of an answer's data is kept; more is cut and marked.
const MaxData = 256 << 10

// CutMark is what Data holds when an answer's data was longer than MaxData:
// valid JSON that says so, with the first part of the data as text.
//
//	{"cut": true, "bytes": 819200, "start": "[{\"id\":1, …"}
type CutMark struct {
	Cut   bool   `json:"cut"`
	Bytes int    `json:"bytes"` // the length of the whole data
	Start string `json:"start"`
}

// prepare makes a call ready to store: the key taken out, data valid JSON
// within MaxData, and a uid, a time, an agent and a source when it has none.
func prepare(c Call, key, agent string, now func() time.Time) Call {
	c = redact(c, key)
	c.Data, c.DataCut = capData(c.Data, c.DataCut)
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
	c.Message = safe.ScrubStored(c.Message, key)
	c.Error = safe.Scrub(safe.ScrubStored(c.Error, key), "")
	c.Note = safe.ScrubStored(c.Note, key)
	c.Data = safe.ScrubJSON(c.Data, key)
	return c
}

// capData keeps data valid JSON within MaxData: text that is not JSON is
// kept as a JSON string, and data past MaxData becomes a CutMark.
func capData(data []byte, cut bool) ([]byte, bool) {
	if len(data) == 0 {
		return nil, cut
	}
	if !json.Valid(data) {
		data = encodeString(strings.ToValidUTF8(string(data), "\uFFFD"))
	}
	if len(data) <= MaxData {
		return data, cut
	}
	return cutData(data), true
}

// cutData is the CutMark of data, at most MaxData long however much the
// start grows when escaped.
func cutData(data []byte) []byte {
	keep := min(MaxData-256, len(data))
	for {
		for keep > 0 && keep < len(data) && !utf8.RuneStart(data[keep]) {
			keep--
		}
		b := encodeMark(CutMark{Cut: true, Bytes: len(data), Start: strings.ToValidUTF8(string(data[:keep]), "\uFFFD")})
		if len(b) <= MaxData {
			return b
		}
		keep = keep * (MaxData - 256) / len(b)
	}
}

// validData turns data an older codedesk stored as invalid JSON (cut in
// the middle of a value, or not JSON at all) into valid JSON: a CutMark or
// a string.
func validData(data []byte, cut bool) []byte {
	switch {
	case len(data) == 0 || json.Valid(data):
		return data
	case cut:
		return cutData(data)
	}
	return encodeString(strings.ToValidUTF8(string(data), "\uFFFD"))
}

func encodeMark(m CutMark) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(m) // strings and numbers always encode
	return bytes.TrimRight(b.Bytes(), "\n")
}

func encodeString(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return bytes.TrimRight(b.Bytes(), "\n")
}

// newUID is 128 random bits in hex: unique across every history, so that
// copying calls between stores can tell what is already there.
func newUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}
