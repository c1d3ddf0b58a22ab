package jsonx

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// MaxData is the most data kept in the history or printed as JSON for one
// answer; more is cut and marked (CutMark).
const MaxData = 256 << 10

// CutMark stands, as valid JSON, for data too large (more than MaxData) or
// too deep (more than MaxDepth levels) to keep or print as it came: it says
// so, with the first part of the data as text.
//
//	{"cut": true, "bytes": 819200, "start": "[{\"id\":1, …"}
//	{"cut": true, "bytes": 20000, "start": "[[[[…", "deep": true}
type CutMark struct {
	Cut   bool   `json:"cut"`
	Bytes int    `json:"bytes"` // the length of the whole data
	Start string `json:"start"`
	// Deep: the data nests deeper than MaxDepth (it may be small).
	Deep bool `json:"deep,omitempty"`
}

// Storable is data as JSON fit to keep and to print: data that is not JSON
// becomes a JSON string of its text, and data larger than MaxData or nested
// deeper than MaxDepth becomes a CutMark; cut says it did. Every other
// byte is kept as it came. One linear pass; the result nests at most
// MaxDepth levels and is at most MaxData long, so that printing it indented
// costs time and memory in proportion to its size.
func Storable(data []byte) (out json.RawMessage, cut bool) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, false
	}
	if CheckDepth(data) != nil {
		return mark(data, true), true
	}
	if !json.Valid(data) {
		data = stringJSON(strings.ToValidUTF8(string(data), "\uFFFD"))
	}
	if len(data) <= MaxData {
		return data, false
	}
	return mark(data, false), true
}

// Shown is Storable's data alone, for --json output.
func Shown(data []byte) json.RawMessage {
	out, _ := Storable(data)
	return out
}

// MarkCut is the CutMark of data (an older codedesk's cut that is not valid
// JSON, say).
func MarkCut(data []byte) json.RawMessage { return mark(data, CheckDepth(data) != nil) }

// deepStart is how much of deep data a mark shows: its brackets say
// nothing more past the first few thousand.
const deepStart = 4 << 10

// mark is the CutMark of data, at most MaxData long however much its start
// grows when escaped.
func mark(data []byte, deep bool) json.RawMessage {
	keep := min(MaxData-256, len(data))
	if deep {
		keep = min(deepStart, len(data))
	}
	for {
		for keep > 0 && keep < len(data) && !utf8.RuneStart(data[keep]) {
			keep--
		}
		b := encode(CutMark{Cut: true, Bytes: len(data), Start: strings.ToValidUTF8(string(data[:keep]), "\uFFFD"), Deep: deep})
		if len(b) <= MaxData {
			return b
		}
		keep = keep * (MaxData - 256) / len(b)
	}
}

// stringJSON is s as a JSON string, without HTML escapes.
func stringJSON(s string) []byte { return encode(s) }

// encode is v as JSON without HTML escapes; v is only ever strings, numbers
// and booleans, which always encode.
func encode(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimRight(b.Bytes(), "\n")
}

// IndentedSize is about how long valid JSON data becomes once indented as
// json.Indent(dst, data, "", indent) does it, in one pass and without
// building it: every non-empty container puts each element and its closer
// on a line of its own, indented by its depth. Writers use it to decide
// whether indenting is worth it (deep data indents to the square of its
// depth).
func IndentedSize(data []byte, indent string) int {
	size, depth := len(data), 0
	line := func(d int) { size += 1 + d*len(indent) }
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '"':
			i = stringEnd(data, i) - 1
		case '{', '[':
			if next := nextNonSpace(data, i+1); next < len(data) && (data[next] == '}' || data[next] == ']') {
				i = next // an empty container stays on one line
				continue
			}
			depth++
			line(depth)
		case '}', ']':
			depth--
			line(depth)
		case ',':
			line(depth)
		case ':':
			size++ // ": "
		}
	}
	return size
}

func nextNonSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}
