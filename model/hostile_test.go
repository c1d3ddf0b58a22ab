package model

import (
	"encoding/json"
	"strings"
	"testing"

	"codedesk/model/catalog"
	"codedesk/model/jsonx"
)

// deepObject is data nested n objects deep through the id field a task id
// may hide in: {"id":{"id":…"7"…}}.
func deepObject(n int) []byte {
	return []byte(strings.Repeat(`{"id":`, n) + `"7"` + strings.Repeat("}", n))
}

func deepArrays(n int) []byte {
	return []byte(strings.Repeat("[", n) + "1" + strings.Repeat("]", n))
}

// A task id that is an object 10,000 deep took 67 s at 8,000 (the data was
// marshalled again at every level): now it is refused after one pass.
func TestTaskIDIsBounded(t *testing.T) {
	if _, err := TaskID(deepObject(10000)); err == nil || !strings.Contains(err.Error(), "глубже 64") {
		t.Errorf("10000 levels: %v, want a refusal naming the limit", err)
	}
	if id, err := TaskID(deepObject(jsonx.MaxDepth - 1)); err != nil || id != "7" {
		t.Errorf("%d levels: %q %v", jsonx.MaxDepth-1, id, err)
	}
	for data, want := range map[string]string{`400145`: "400145", `" 400145 "`: "400145", `{"taskId":"9"}`: "9", `{"task_id":{"id":12}}`: "12"} {
		if id, err := TaskID([]byte(data)); err != nil || id != want {
			t.Errorf("TaskID(%s) = %q %v, want %q", data, id, err, want)
		}
	}
	for _, data := range []string{`"` + strings.Repeat("1", 65) + `"`, `"\u001b]8;;http://x\u0007id"`, `"12\u202e3"`, `""`, `null`, `[1]`, `{"x":1}`} {
		if id, err := TaskID([]byte(data)); err == nil {
			t.Errorf("TaskID(%.40s) = %q, want a refusal", data, id)
		} else if strings.ContainsAny(err.Error(), "\x1b\x07\u202e") {
			t.Errorf("the refusal is not inert: %q", err)
		}
	}
}

func TestAnswerWalksAreBounded(t *testing.T) {
	book := catalog.MustDefaultMethods()
	deep := deepArrays(60000)
	if _, ok := FieldErrors(deep); ok {
		t.Error("FieldErrors read 60000 levels")
	}
	if _, ok := BulkItems(deep, book); ok {
		t.Error("BulkItems read 60000 levels")
	}
	if _, ok := WrongServerDomain([]byte(`{"domain":`+string(deep)+`}`), Server{}); ok {
		t.Error("WrongServerDomain read 60000 levels")
	}
	if _, err := ParseTaskState(deepObject(10000)); err == nil {
		t.Error("ParseTaskState read 10000 levels")
	}
	// Many fields, long names: a bounded list that says it was cut.
	var b strings.Builder
	b.WriteString("{")
	for i := range 5000 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"` + strings.Repeat("x", 1000) + string(rune('a'+i%26)) + strings.Repeat("y", i%7) + `_` + jsonNumber(i) + `":["bad"]`)
	}
	b.WriteString("}")
	fields, ok := FieldErrors([]byte(b.String()))
	if !ok || len(fields) != maxFieldErrors+1 || fields[maxFieldErrors].Field != "…" || !strings.Contains(fields[maxFieldErrors].Message, "не показаны") {
		t.Fatalf("5000 fields: %d reported, last %+v", len(fields), fields[len(fields)-1])
	}
	for _, f := range fields {
		if len([]rune(f.Field)) > maxFieldNameLen+1 {
			t.Fatalf("a field name of %d characters", len([]rune(f.Field)))
		}
	}
}

func jsonNumber(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

func TestFieldErrorsAreInert(t *testing.T) {
	fields, ok := FieldErrors([]byte(`{"rec\u001b[2Jipient":["bad\u202e", 5, true, null, {"x":1}],"params":{"val\u200bidity":"\u0007no"}}`))
	if !ok || len(fields) != 2 {
		t.Fatalf("FieldErrors = %+v", fields)
	}
	for _, f := range fields {
		if strings.ContainsAny(f.Field+f.Message, "\x1b\x07\u202e\u200b") {
			t.Errorf("not inert: %+v", f)
		}
	}
	if fields[1].Message != "bad⟨U+202E⟩; 5; true; ; " {
		t.Errorf("list message %q", fields[1].Message)
	}
}

func BenchmarkHostileAnswers(b *testing.B) {
	deepObj, deepArr := deepObject(10000), deepArrays(60000)
	paste := strings.Repeat("text=я\n", 1<<20/len("text=я\n"))
	for _, bc := range []struct {
		name string
		run  func()
	}{
		{"task-id-10000-deep-object", func() { _, _ = TaskID(deepObj) }},
		{"field-errors-60000-deep", func() { _, _ = FieldErrors(deepArr) }},
		{"param-lines-1MB-paste", func() { _, _ = ParseParamLines(paste) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bc.run()
			}
		})
	}
}

// Terminals paste line breaks as CR; a 1 MB paste is refused at once.
func TestParseParamLinesEndingsAndCap(t *testing.T) {
	for _, text := range []string{"a=1\rb=2\r", "a=1\r\nb=2", "a=1\nb=2\n"} {
		ps, err := ParseParamLines(text)
		if err != nil || len(ps) != 2 || ps[0] != (Param{"a", "1"}) || ps[1] != (Param{"b", "2"}) {
			t.Errorf("ParseParamLines(%q) = %v %v", text, ps, err)
		}
	}
	if _, err := ParseParamLines(strings.Repeat("text=я\n", 100000)); err == nil || !strings.Contains(err.Error(), "256 КиБ") {
		t.Errorf("1 MB of parameters: %v", err)
	}
	if _, err := ParseParamLines("\x1b[2Jno equals apiKey:SECRET"); err == nil || strings.Contains(err.Error(), "\x1b") {
		t.Errorf("the error is not inert: %v", err)
	}
}

// A value of several lines (a pasted SMS text with %0A) stays one
// parameter through the editor: written with continuation lines, read
// back whole; a continuation with nothing above it is an error.
func TestMultiLineValuesStayOneParameter(t *testing.T) {
	params := []Param{{Key: "recipient", Value: "77001234567"}, {Key: "text", Value: "Здравствуйте\nВаш код 1234\n\nдо связи"}}
	text := FormatParamLines(params)
	if text != "recipient=77001234567\ntext=Здравствуйте\n↵Ваш код 1234\n↵\n↵до связи" {
		t.Errorf("written %q", text)
	}
	back, err := ParseParamLines(text)
	if err != nil || len(back) != 2 || back[1] != params[1] {
		t.Errorf("read back %q %v", back, err)
	}
	if crlf, _ := ParseParamLines(FormatParamLines([]Param{{Key: "text", Value: "a\r\nb"}})); len(crlf) != 1 || crlf[0].Value != "a\nb" {
		t.Errorf("a CRLF value: %q", crlf)
	}
	if _, err := ParseParamLines("↵сирота"); err == nil || !strings.Contains(err.Error(), "строка 1") {
		t.Errorf("a continuation without a parameter: %v", err)
	}
}
