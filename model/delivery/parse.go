package delivery

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"codedesk/model/jsonx"
	"codedesk/model/safe"
)

// DataError is an answer with code 0 whose data cannot be read at all (not
// a list of messages, say). Odd single items are notes, not errors.
type DataError struct {
	Method string
	Msg    string
}

func (e *DataError) Error() string { return e.Method + ": " + e.Msg }

// maxNotes bounds the notes one lookup collects: a hostile answer of a
// million odd items must not become a million lines.
const maxNotes = 20

// noteList collects distinct notes, at most maxNotes of them.
type noteList struct {
	list    []string
	dropped int
}

func (n *noteList) add(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	switch {
	case slices.Contains(n.list, s):
	case len(n.list) < maxNotes:
		n.list = append(n.list, s)
	default:
		n.dropped++
	}
}

// all returns the notes, with how many more there were.
func (n *noteList) all() []string {
	if n.dropped == 0 {
		return n.list
	}
	return append(slices.Clip(n.list), fmt.Sprintf("и ещё %s", plural(n.dropped, "замечание", "замечания", "замечаний")))
}

// itemsOf reads a list of items leniently: a JSON array, an object of items
// keyed by id, a single item object, or null for none.
func itemsOf(raw json.RawMessage) ([]json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	switch raw[0] {
	case '[':
		var list []json.RawMessage
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, fmt.Errorf("список не прочитать: %v", err)
		}
		return list, nil
	case '{':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return nil, fmt.Errorf("объект не прочитать: %v", err)
		}
		if _, single := obj["id"]; single {
			return []json.RawMessage{raw}, nil
		}
		out := make([]json.RawMessage, 0, len(obj))
		for _, k := range jsonx.SortedKeys(obj) {
			out = append(out, obj[k])
		}
		return out, nil
	}
	return nil, fmt.Errorf("ожидался список сообщений, пришло %s", excerpt(raw))
}

// fieldsOf reads one item as an object, or says why it is not one.
func fieldsOf(raw json.RawMessage) (map[string]json.RawMessage, bool) {
	var f map[string]json.RawMessage
	if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) && json.Unmarshal(raw, &f) == nil {
		return f, true
	}
	return nil, false
}

// parseID reads an id: a JSON number or a string holding a positive whole
// number, without losing digits past 2^53.
func parseID(raw json.RawMessage) (int64, error) {
	s := strings.TrimSpace(string(raw))
	if plain, ok := plainString(raw); ok {
		s = strings.TrimSpace(plain)
	} else if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, err
		}
		s = strings.TrimSpace(s)
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != math.Trunc(f) || f <= 0 || f > 1<<53 {
			return 0, fmt.Errorf("%s — не целое число", excerpt(raw))
		}
		id = int64(f)
	}
	if id <= 0 {
		return 0, fmt.Errorf("%d — не положительное число", id)
	}
	return id, nil
}

// parseCount reads a count (segNum, totalItemCount) leniently; null or ""
// is 0 with no complaint.
func parseCount(raw json.RawMessage) (int, error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" || s == `""` {
		return 0, nil
	}
	if plain, ok := plainString(raw); ok {
		s = plain
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 0 {
		return n, nil
	}
	n, err := jsonx.IntErr(raw)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s — не число", excerpt(raw))
	}
	return n, nil
}

// text reads a string field leniently (a number is its text) and makes it
// inert.
func text(raw json.RawMessage) string {
	if plain, ok := plainString(raw); ok {
		return safe.Line(plain)
	}
	return jsonx.Scalar(raw)
}

// MaxSentText bounds a server's string kept verbatim for --json (a status
// name, a number, a message's text): longer ones are cut at a character,
// ending in "…". A real one is far shorter.
const MaxSentText = 8 << 10

// sentText is a string field as the server sent it, unescaped but not made
// inert (only --json prints it, and JSON escapes what must be); a number
// as its digits; at most MaxSentText bytes.
func sentText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		s = jsonx.Scalar(raw) // a number or a bool: no control characters in it
	}
	if len(s) <= MaxSentText {
		return s
	}
	end := MaxSentText
	for end > 0 && !utf8.RuneStart(s[end]) {
		end--
	}
	return s[:end] + "…"
}

// statusItem is one message of a getSMSStatus answer.
type statusItem struct {
	id                  int64
	status              string
	sentStatus          string // as the server wrote it, for --json
	segNum              int
	startSend, statusAt time.Time
}

// rawStatusItem is one getSMSStatus item before its values are read.
type rawStatusItem struct {
	ID             json.RawMessage `json:"id"`
	Status         json.RawMessage `json:"status"`
	SegNum         json.RawMessage `json:"segNum"`
	StartSendTs    json.RawMessage `json:"startSendTs"`
	StatusUpdateTs json.RawMessage `json:"statusUpdateTs"`
}

// parseStatusItems reads getSMSStatus data. Items it cannot use are
// skipped with a note; only data that is no list at all is an error. A list
// of objects, the usual answer, is decoded in one pass.
func parseStatusItems(data json.RawMessage, notes *noteList) ([]statusItem, error) {
	var fast []rawStatusItem
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '[' && json.Unmarshal(trimmed, &fast) == nil {
		out := make([]statusItem, 0, len(fast))
		for i, raw := range fast {
			if it, ok := readStatusItem(raw, i, notes); ok {
				out = append(out, it)
			}
		}
		return out, nil
	}
	raws, err := itemsOf(data)
	if err != nil {
		return nil, &DataError{Method: "message/getSMSStatus", Msg: err.Error()}
	}
	out := make([]statusItem, 0, len(raws))
	for i, raw := range raws {
		var item rawStatusItem
		if !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) || json.Unmarshal(raw, &item) != nil {
			notes.add("элемент %d ответа getSMSStatus — не объект: %s", i+1, excerpt(raw))
			continue
		}
		if it, ok := readStatusItem(item, i, notes); ok {
			out = append(out, it)
		}
	}
	return out, nil
}

func readStatusItem(raw rawStatusItem, i int, notes *noteList) (statusItem, bool) {
	id, err := parseID(raw.ID)
	if err != nil {
		notes.add("элемент %d ответа getSMSStatus без понятного id: %v", i+1, err)
		return statusItem{}, false
	}
	it := statusItem{id: id, status: strings.TrimSpace(text(raw.Status)), sentStatus: sentText(raw.Status)}
	if it.status == "" {
		notes.add("у сообщения %d в ответе нет статуса", id)
	}
	if it.segNum, err = parseCount(raw.SegNum); err != nil {
		notes.add("у сообщения %d segNum %v", id, err)
	}
	if it.startSend, err = parseAPITime(raw.StartSendTs); err != nil {
		notes.add("у сообщения %d startSendTs: %v", id, err)
	}
	if it.statusAt, err = parseAPITime(raw.StatusUpdateTs); err != nil {
		notes.add("у сообщения %d statusUpdateTs: %v", id, err)
	}
	return it, true
}

// plainString is the value of a JSON string literal without escapes, read
// without a decoder (the answer was already checked to be valid JSON).
func plainString(raw json.RawMessage) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' || bytes.IndexByte(raw, '\\') >= 0 {
		return "", false
	}
	return string(raw[1 : len(raw)-1]), true
}
