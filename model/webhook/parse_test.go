package webhook

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

func TestParseKeepsTheExactTextOfSignedFields(t *testing.T) {
	body := []byte(`{"eventId": 2.6e1, "eventType": "sms-delivery-report", "eventCreateTs": "2026-01-15 11:42:28", "webhookId": 1, "attempt": 1.0, "data": {}, "sign": "x"}`)
	p, err := Parse(body, "application/json")
	if err != nil {
		t.Fatal(err)
	}
	if p.EventID != "2.6e1" || p.Attempt != "1.0" {
		t.Fatalf("eventId %q attempt %q: the literal text must survive", p.EventID, p.Attempt)
	}
	var said []string
	for _, n := range p.Notes {
		if n.Code == NoteNumberReformatted {
			said = append(said, n.Text)
		}
	}
	if len(said) != 2 || !strings.Contains(said[0], "подписывает 26") || !strings.Contains(said[1], "подписывает 1") {
		t.Fatalf("notes should name both re-formatted numbers and their plain form: %q", said)
	}
}

func TestParseSaysWhatIsNotAPayload(t *testing.T) {
	deep := strings.Repeat(`{"a":`, maxDepth+1) + "1" + strings.Repeat("}", maxDepth+1)
	deepXML := "<r>" + strings.Repeat("<a>", maxDepth+1) + strings.Repeat("</a>", maxDepth+1) + "</r>"
	cases := []struct {
		name, body, reason, say string
	}{
		{"empty", "  \n", "empty", "пустое"},
		{"array", `[{"eventId":1}]`, "not-object", "массив"},
		{"broken JSON", `{"eventId": 1,`, "not-json", "не разбирается"},
		{"other JSON", `{"code":0,"data":{},"message":""}`, "missing-fields", "ни eventId"},
		{"no attempt", `{"eventId":1,"eventType":"x","eventCreateTs":"y"}`, "missing-fields", "нет поля attempt"},
		{"null eventId", `{"eventId":null,"eventType":"x","eventCreateTs":"y","attempt":1}`, "missing-fields", "eventId"},
		{"object eventId", `{"eventId":{},"eventType":"x","eventCreateTs":"y","attempt":1}`, "bad-field", "eventId"},
		{"too deep", `{"eventId":1,"eventType":"x","eventCreateTs":"y","attempt":1,"data":` + deep + `}`, "too-deep", "глубже"},
		{"html", "<!DOCTYPE html><html><body>502</body></html>", "html", "HTML"},
		{"broken XML", "<webhook><eventId>1</webhook>", "not-xml", "XML"},
		{"XML without fields", "<response><code>0</code></response>", "missing-fields", "XML"},
		{"deep XML", deepXML, "too-deep", "глубже"},
		{"plain text", "hello", "not-payload", "не JSON, не XML"},
		{"form without fields", "a=1&b=2", "missing-fields", "raw"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.body), "")
			np, ok := err.(*NotPayloadError)
			if !ok || !IsNotPayload(err) {
				t.Fatalf("err = %v, want *NotPayloadError", err)
			}
			if np.Reason != c.reason || !strings.Contains(np.Msg, c.say) {
				t.Fatalf("reason %q msg %q, want %q and %q", np.Reason, np.Msg, c.reason, c.say)
			}
		})
	}
}

func TestParseRefusesBodiesOverOneMiB(t *testing.T) {
	big := bytes.Repeat([]byte("a"), MaxBody+1)
	if _, err := Parse(big, ""); !IsTooLarge(err) {
		t.Fatalf("Parse: %v, want too large", err)
	}
	if _, err := ReadBody(bytes.NewReader(big)); !IsTooLarge(err) {
		t.Fatalf("ReadBody: %v, want too large", err)
	}
	if body, err := ReadBody(bytes.NewReader(big[:MaxBody])); err != nil || len(body) != MaxBody {
		t.Fatalf("exactly MaxBody must be read: %d, %v", len(body), err)
	}
	if msg := (&TooLargeError{Size: MaxBody + 1, Limit: MaxBody}).Error(); !strings.Contains(msg, "1 МиБ") || !strings.Contains(msg, "1048577 байт") {
		t.Fatalf("message %q should name the limit and the size", msg)
	}
}

func TestXMLAndRawCarryTheirDataAsJSON(t *testing.T) {
	for _, file := range []string{"valid.xml", "valid.raw"} {
		p, err := Parse(fixture(t, file), "")
		if err != nil {
			t.Fatal(err)
		}
		var data map[string]string
		if err := json.Unmarshal(p.Data, &data); err != nil {
			t.Fatalf("%s: data %s: %v", file, p.Data, err)
		}
		if data["messageId"] != "40012345" || data["to"] != "77011234567" || data["statusUpdateTs"] != "2026-03-02 09:15:05" {
			t.Errorf("%s: data %v", file, data)
		}
	}
	p, _ := Parse(fixture(t, "valid.raw"), "")
	if p.Format != FormatRaw || !strings.Contains(p.Format.Title(), "key=value") {
		t.Errorf("raw format named %q", p.Format.Title())
	}
}

func TestRawNestsBracketsAndTakesDataAsJSON(t *testing.T) {
	base := "eventId=1&eventType=form-submission&eventCreateTs=2026-03-02+09:15:07&attempt=1&sign=x&"
	p, err := Parse([]byte(base+"data[fields][name]=A&data[fields][phone]=7700&data[formId]=5"), "")
	if err != nil {
		t.Fatal(err)
	}
	if string(p.Data) != `{"fields":{"name":"A","phone":"7700"},"formId":"5"}` {
		t.Fatalf("data %s", p.Data)
	}
	p, _ = Parse([]byte(base+`data=%7B%22formId%22%3A5%7D`), "")
	if string(p.Data) != `{"formId":5}` {
		t.Fatalf("data as JSON: %s", p.Data)
	}
}

func TestAContentTypeThatDisagreesIsNoted(t *testing.T) {
	p, _ := Parse(fixture(t, "valid.json"), "application/x-www-form-urlencoded")
	if !hasNote(p, NoteFormat) {
		t.Fatalf("notes %v: JSON sent as a form should be noted", p.Notes)
	}
	p, _ = Parse(fixture(t, "valid.json"), "application/json; charset=utf-8")
	if hasNote(p, NoteFormat) {
		t.Fatalf("notes %v: a matching header is not news", p.Notes)
	}
}

func TestInertJSONEscapesWhatCouldMoveTheTerminal(t *testing.T) {
	data := json.RawMessage("{\"to\":\"\u202eevil\",\"c1\":\"\u009b31m\",\"ok\":\"Айгерим\"}")
	got := inertJSON(data)
	if !json.Valid(got) || bytes.Contains(got, []byte("\u202e")) || bytes.Contains(got, []byte("\u009b")) {
		t.Fatalf("not inert: %s", got)
	}
	var back, orig map[string]string
	_ = json.Unmarshal(got, &back)
	_ = json.Unmarshal(data, &orig)
	if back["to"] != orig["to"] || back["ok"] != "Айгерим" {
		t.Fatalf("the values changed: %v", back)
	}
}

func TestDuplicateMemoryForgetsTheOldestFirst(t *testing.T) {
	s := newSeenIDs(3)
	for _, id := range []string{"a", "b", "c"} {
		if s.add(id) {
			t.Fatalf("%s is new", id)
		}
	}
	if !s.add("a") {
		t.Fatal("a was seen")
	}
	s.add("d") // evicts a, the oldest
	if s.has("a") || !s.has("b") || !s.has("d") || s.len() != 3 {
		t.Fatalf("after d: a=%v b=%v d=%v len=%d", s.has("a"), s.has("b"), s.has("d"), s.len())
	}
}

func TestDuplicateMemoryHoldsAHundredThousandIDs(t *testing.T) {
	s := newSeenIDs(0)
	for i := range DuplicateMemory + 1 {
		if s.add(dedupKey(strconv.Itoa(i))) {
			t.Fatalf("id %d is new", i)
		}
	}
	if s.len() != DuplicateMemory {
		t.Fatalf("remembered %d, want %d", s.len(), DuplicateMemory)
	}
	if s.has(dedupKey("0")) {
		t.Fatal("the first id should be forgotten")
	}
	if !s.has(dedupKey("1")) || !s.has(dedupKey(strconv.Itoa(DuplicateMemory))) {
		t.Fatal("the second and the last ids should still be remembered")
	}
}

func TestAPayloadIsNeverMarshalled(t *testing.T) {
	p, _ := Parse(fixture(t, "valid.json"), "")
	if out, err := json.Marshal(p); err == nil {
		t.Fatalf("a raw payload marshalled: %s", out)
	}
}
