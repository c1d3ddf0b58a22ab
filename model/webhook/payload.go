package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
)

// MaxBody is the largest body read from a delivery or a file (1 MiB).
// Mobizon's events are a few hundred bytes; anything past this is refused
// (HTTP 413) without being read further.
const MaxBody = 1 << 20

// maxDepth bounds nesting in every body walked here: Mobizon's payloads
// are two levels deep; hostile ones cost time in proportion to their size,
// never more.
const maxDepth = 32

// Format is how a delivery's body is written.
type Format string

// The formats Mobizon's control panel offers.
const (
	FormatJSON Format = "json" // the documented one
	FormatXML  Format = "xml"  // elements named as the JSON fields, any root
	FormatRaw  Format = "raw"  // application/x-www-form-urlencoded, data[key]=value
)

// Title names the format for people.
func (f Format) Title() string {
	switch f {
	case FormatXML:
		return "XML"
	case FormatRaw:
		return "raw (поля формы key=value)"
	}
	return "JSON"
}

// Payload is one delivery as it arrived. EventID, Attempt and
// EventCreateTs hold the exact text of the body (a JSON number keeps its
// literal: 26.0 stays "26.0"), because that text is what was signed. The
// text fields are raw, as foreign as the body: show an Event (Check)
// instead. A Payload refuses to be marshalled for the same reason.
type Payload struct {
	Format        Format
	EventID       string
	EventType     string
	EventCreateTs string
	WebhookID     string
	Attempt       string
	Sign          string
	HasSign       bool
	Data          json.RawMessage // JSON even when the body was XML or raw
	Notes         []Note
	Body          []byte // the body exactly as received
	// quoted marks fields that came as JSON strings; the docs send numbers.
	quoted map[string]bool
}

// errRawPayload: a Payload is input, never output.
var errRawPayload = errors.New("webhook.Payload holds the body's raw text: marshal the Event from Check instead")

// MarshalJSON refuses: the fields are raw text of a body, which may hold
// escape sequences or the secret itself.
func (*Payload) MarshalJSON() ([]byte, error) { return nil, errRawPayload }

// Note is something about a payload a person should know, though it does
// not decide the verdict (numbers sent as strings, a re-formatted time).
type Note struct {
	Code string `json:"code"` // stable: numbers-as-strings, number-reformatted, …
	Text string `json:"text"` // Russian, inert
}

// The stable codes of notes.
const (
	NoteNumbersAsStrings     = "numbers-as-strings"
	NoteNumberReformatted    = "number-reformatted"
	NoteTimestampReformatted = "timestamp-reformatted"
	NoteNoData               = "no-data"
	NoteNoWebhookID          = "no-webhook-id"
	NoteFormat               = "format"
)

// NotPayloadError says a body is not a Mobizon webhook payload at all: the
// listener answers 400, `webhook verify` exits with status 2.
type NotPayloadError struct {
	Reason  string   // stable: empty, not-json, not-object, not-xml, not-form, not-payload, too-deep, missing-fields, bad-field, html
	Missing []string // for missing-fields: the fields that are absent
	Msg     string   // Russian, inert
}

func (e *NotPayloadError) Error() string { return e.Msg }

// TooLargeError is a body past MaxBody: the listener answers 413.
type TooLargeError struct {
	Size  int64 // bytes, when the sender said (Content-Length); -1 when unknown
	Limit int64
}

func (e *TooLargeError) Error() string {
	if e.Size > 0 {
		return fmt.Sprintf("тело запроса больше %s: %s", sizeText(e.Limit), plural(int(e.Size), "байт", "байта", "байт"))
	}
	return fmt.Sprintf("тело запроса больше %s", sizeText(e.Limit))
}

func sizeText(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d МиБ", n>>20)
	}
	return plural(int(n), "байт", "байта", "байт")
}

// IsNotPayload reports an error that means "this is not a payload" (HTTP
// 400, exit status 2).
func IsNotPayload(err error) bool {
	var np *NotPayloadError
	return errors.As(err, &np)
}

// IsTooLarge reports a body past MaxBody (HTTP 413).
func IsTooLarge(err error) bool {
	var tl *TooLargeError
	return errors.As(err, &tl)
}

// ReadBody reads at most MaxBody bytes from r; a longer body is a
// *TooLargeError and is not read further.
func ReadBody(r io.Reader) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, MaxBody+1))
	if err != nil {
		return nil, err
	}
	if len(body) > MaxBody {
		return nil, &TooLargeError{Size: -1, Limit: MaxBody}
	}
	return body, nil
}

// Parse reads a delivery's body. contentType is the request's header ("" for
// a file): the body's first character decides the format ({ JSON, < XML,
// name=value raw), and a header that disagrees is noted. The error is a
// *NotPayloadError or a *TooLargeError.
func Parse(body []byte, contentType string) (*Payload, error) {
	if len(body) > MaxBody {
		return nil, &TooLargeError{Size: int64(len(body)), Limit: MaxBody}
	}
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	var p *Payload
	var err error
	switch {
	case len(trimmed) == 0:
		return nil, &NotPayloadError{Reason: "empty", Msg: "тело пустое: в нём нет ни одного поля вебхука"}
	case trimmed[0] == '{' || trimmed[0] == '[':
		p, err = parseJSON(trimmed)
	case trimmed[0] == '<':
		p, err = parseXML(trimmed)
	default:
		p, err = parseRaw(trimmed)
	}
	if err != nil {
		return nil, err
	}
	p.Body = body
	p.noteContentType(contentType)
	p.checkShape()
	return p, nil
}

// noteContentType notes a header that names another format than the body's.
func (p *Payload) noteContentType(contentType string) {
	if contentType == "" {
		return
	}
	media, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		media = strings.ToLower(contentType)
	}
	want := map[Format][]string{
		FormatJSON: {"application/json", "text/json"},
		FormatXML:  {"application/xml", "text/xml"},
		FormatRaw:  {"application/x-www-form-urlencoded", "text/plain"},
	}[p.Format]
	for _, w := range want {
		if media == w || strings.HasSuffix(media, "+"+string(p.Format)) {
			return
		}
	}
	p.note(NoteFormat, fmt.Sprintf("тело в формате %s, а заголовок Content-Type говорит %s", p.Format.Title(), quote(contentType)))
}

// required are the fields without which a body is not a payload: the
// three signed ones and the event type.
var required = []string{"eventId", "eventType", "eventCreateTs", "attempt"}

// missingFields is a *NotPayloadError naming the absent required fields,
// or nil.
func missingFields(has func(string) bool, format Format) error {
	var missing []string
	for _, f := range required {
		if !has(f) {
			missing = append(missing, f)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	what := "нет полей " + strings.Join(missing, ", ")
	if len(missing) == 1 {
		what = "нет поля " + missing[0]
	}
	msg := fmt.Sprintf("это %s, но не вебхук Mobizon: %s", format.Title(), what)
	if len(missing) == len(required) {
		msg = fmt.Sprintf("это %s, но не вебхук Mobizon: в нём нет ни eventId, ни eventType, ни eventCreateTs, ни attempt", format.Title())
	}
	return &NotPayloadError{Reason: "missing-fields", Missing: missing, Msg: msg}
}

func (p *Payload) note(code, text string) {
	p.Notes = append(p.Notes, Note{Code: code, Text: text})
}

// checkShape notes what differs from the documented payload.
func (p *Payload) checkShape() {
	var asStrings []string
	for _, f := range []string{"eventId", "attempt", "webhookId"} {
		if p.quoted[f] {
			asStrings = append(asStrings, f)
		}
	}
	if len(asStrings) > 0 {
		p.note(NoteNumbersAsStrings, fmt.Sprintf("%s пришли строками, а Mobizon шлёт числа: обработчик, который ждёт число, может на этом споткнуться; подпись считается по тексту значения", strings.Join(asStrings, ", ")))
	}
	for _, f := range [][2]string{{"eventId", p.EventID}, {"attempt", p.Attempt}} {
		if canon, ok := canonicalInt(f[1]); ok && canon != f[1] {
			p.note(NoteNumberReformatted, fmt.Sprintf("%s записан как %s: так число переписывает JSON-библиотека; Mobizon подписывает %s", f[0], quote(f[1]), canon))
		}
	}
	if !isCanonicalTs(p.EventCreateTs) {
		p.note(NoteTimestampReformatted, fmt.Sprintf("eventCreateTs %s не в формате yyyy-mm-dd hh:mm:ss, в котором его шлёт и подписывает Mobizon", quote(p.EventCreateTs)))
	}
	if len(p.Data) == 0 {
		p.note(NoteNoData, "в теле нет поля data")
	}
	if p.WebhookID == "" {
		p.note(NoteNoWebhookID, "в теле нет поля webhookId")
	}
}

// IsDeliveryReport reports an sms-delivery-report event.
func (p *Payload) IsDeliveryReport() bool { return p.EventType == EventDeliveryReport }

// Status is the SMS status of a delivery report (data.status: DELIVRD,
// UNDELIV, …), inert; "" for other events. Explaining it is the caller's
// job (model/catalog).
func (p *Payload) Status() string {
	if !p.IsDeliveryReport() || len(p.Data) == 0 {
		return ""
	}
	var data map[string]json.RawMessage
	if json.Unmarshal(p.Data, &data) != nil {
		return ""
	}
	var status string
	if json.Unmarshal(data["status"], &status) != nil {
		return ""
	}
	return line(status)
}
