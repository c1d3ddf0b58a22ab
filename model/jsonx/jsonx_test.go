package jsonx

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"codedesk/model/safe"
)

// nested is n arrays deep around one number: [[[…1…]]].
func nested(n int) []byte {
	return []byte(strings.Repeat("[", n) + "1" + strings.Repeat("]", n))
}

func indent(t testing.TB, data string) string {
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(data), "", "  "); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Within its limits Pretty shows exactly what json.Indent does, so that
// nothing a person reads changes.
func TestPrettyIsJSONIndentWithinTheLimits(t *testing.T) {
	for _, data := range []string{
		`{"code":0,"data":{"balance":"16.2000","currency":"KZT"},"message":""}`,
		`[1, 2.50, -3e+4, true, false, null, "x", {}, [], {"a":[]}]`,
		`"just a string"`, `42`, `{"esc":"\u041f\"\\ \n","nested":{"a":{"b":[{"c":null}]}}}`,
		" \n {\"spaced\" :\t[ 1 , 2 ] } ",
	} {
		if got, want := Pretty([]byte(data)), indent(t, strings.TrimSpace(data)); got != want {
			t.Errorf("Pretty(%s) =\n%s\nwant\n%s", data, got, want)
		}
	}
}

func TestPrettyCutsDeepDataWithANote(t *testing.T) {
	got := Pretty(nested(9000))
	if !strings.HasSuffix(got, NoteTooDeep) || !strings.Contains(got, "[…]") {
		t.Fatalf("9000 levels: no cut or no note:\n%.300s", got)
	}
	if strings.Count(got, "\n") > 2*MaxDepth+2 || len(got) > 20<<10 {
		t.Errorf("9000 levels printed %d bytes in %d lines", len(got), strings.Count(got, "\n"))
	}
	// 64 levels are shown in full.
	if got := Pretty(nested(MaxDepth)); strings.Contains(got, "…") || got != indent(t, string(nested(MaxDepth))) {
		t.Errorf("%d levels were cut:\n%s", MaxDepth, got)
	}
	if got := Pretty(nested(MaxDepth + 1)); !strings.Contains(got, "[…]") {
		t.Errorf("%d levels were not cut", MaxDepth+1)
	}
}

func TestPrettyKeepsToItsBudget(t *testing.T) {
	data := []byte(`[` + strings.Repeat(`"Привет, мир",`, 10000) + `0]`)
	got := PrettyLimit(data, 4<<10)
	if len(got) > 5<<10 || !strings.Contains(got, "… обрезано: показаны первые 4,0 КиБ из 224,6 КиБ") {
		t.Errorf("budget 4 KiB: %d bytes, ends %q", len(got), got[max(0, len(got)-120):])
	}
	// Text that is not JSON is cut the same way.
	text := PrettyLimit([]byte(strings.Repeat("<html>", 10000)), 1<<10)
	if len(text) > 2<<10 || !strings.Contains(text, "обрезано") {
		t.Errorf("not JSON: %d bytes", len(text))
	}
}

func TestPrettyIsInert(t *testing.T) {
	for _, data := range []string{`{"a":"\u001b[2J"}`, "{\"a\":\"\u202e\u200b\"}", "<b>\x1b]52;c;QQ==\x07</b>", "{\"a\":\"\xff\"}"} {
		got := Pretty([]byte(data))
		if safe.Text(got) != got || strings.ContainsAny(got, "\x1b\x07\u202e\u200b") {
			t.Errorf("Pretty(%q) = %q is not inert", data, got)
		}
	}
}

func TestScalarAndIntDoNotReadContainers(t *testing.T) {
	cases := map[string]string{`"a\u001bb"`: "a␛b", `77001234567`: "77001234567", `true`: "true", `null`: "", ` {"a":1}`: "", `[1]`: "", `"x\ny"`: "x y"}
	for in, want := range cases {
		if got := Scalar([]byte(in)); got != want {
			t.Errorf("Scalar(%s) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]int{`"30"`: 30, `100.0`: 100, `" 13 "`: 13, `-1`: -1} {
		if got, ok := Int([]byte(in)); !ok || got != want {
			t.Errorf("Int(%s) = %d %v", in, got, ok)
		}
	}
	for _, in := range []string{`[30]`, `{"a":1}`, `1.5`, `"x"`, `null`, ``, `1e10`} {
		if _, ok := Int([]byte(in)); ok {
			t.Errorf("Int(%s) accepted it", in)
		}
	}
}

func TestCheckDepth(t *testing.T) {
	if CheckDepth(nested(MaxDepth)) != nil || CheckDepth(nested(MaxDepth+1)) != ErrTooDeep {
		t.Error("the limit is MaxDepth levels")
	}
	// Brackets inside strings are text, not levels.
	if err := CheckDepth([]byte(`["` + strings.Repeat("[", 1000) + `\"` + `"]`)); err != nil {
		t.Errorf("brackets in a string counted: %v", err)
	}
	var v any
	if err := Decode(nested(10000), &v); err != ErrTooDeep {
		t.Errorf("Decode of 10000 levels: %v", err)
	}
}

func FuzzPretty(f *testing.F) {
	for _, s := range []string{`{"a":[1,{"b":null}],"c":"\u001b"}`, `[]`, `"x"`, `{"a":`, string(nested(100)), "\xff[", `[1,2]  `,
		`{"a":"` + strings.Repeat("я", 100) + `"}`} {
		f.Add([]byte(s), 64)
	}
	f.Fuzz(func(t *testing.T, data []byte, budget int) {
		budget = 1 + abs(budget)%4096
		got := PrettyLimit(data, budget)
		if safe.Text(got) != got {
			t.Fatalf("PrettyLimit(%q) = %q is not inert", data, got)
		}
		if len(got) > 12*(budget+len(data))+200 {
			t.Fatalf("PrettyLimit(%q, %d) is %d bytes", data, budget, len(got))
		}
		trimmed := bytes.TrimSpace(data)
		if json.Valid(trimmed) && CheckDepth(trimmed) == nil {
			if want := indent(t, string(trimmed)); len(want) <= budget && got != safe.Text(want) {
				t.Fatalf("PrettyLimit(%q) =\n%s\njson.Indent:\n%s", data, got, want)
			}
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func BenchmarkPrettyHostile(b *testing.B) {
	for _, bc := range []struct {
		name string
		data []byte
	}{
		{"9000-deep-arrays", nested(9000)},
		{"answer", []byte(`{"code":0,"data":{"items":[` + strings.Repeat(`{"id":"1","status":"DELIVRD","text":"Привет"},`, 200) + `{}]},"message":""}`)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Pretty(bc.data)
			}
		})
	}
}
