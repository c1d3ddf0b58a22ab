package jsonx

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// Storable keeps what is fit to print as it came and marks the rest: too
// deep, too large, not JSON.
func TestStorable(t *testing.T) {
	small := []byte(`{"code":0,"data":[1,{"a":"я"}]}`)
	if out, cut := Storable(small); cut || !bytes.Equal(out, small) {
		t.Errorf("small data changed: %s %v", out, cut)
	}
	if out, cut := Storable(nil); cut || out != nil {
		t.Errorf("no data: %q %v", out, cut)
	}
	if out, cut := Storable([]byte("<html>не JSON")); cut || string(out) != `"<html>не JSON"` {
		t.Errorf("not JSON: %s %v", out, cut)
	}
	if out, _ := Storable(nested(MaxDepth)); !bytes.Equal(out, nested(MaxDepth)) {
		t.Errorf("%d levels must be kept", MaxDepth)
	}
	for name, data := range map[string][]byte{
		"deep":       []byte(`{"code":1,"data":` + string(nested(9999)) + `}`),
		"very deep":  nested(120000),
		"deep text":  []byte(strings.Repeat("[", 70) + "не JSON"),
		"large":      []byte(`"` + strings.Repeat("x", MaxData) + `"`),
		"large text": bytes.Repeat([]byte("я"), MaxData),
	} {
		out, cut := Storable(data)
		var m CutMark
		text := name == "large text" // kept as a JSON string first: its mark counts and starts that
		if !cut || len(out) > MaxData || json.Unmarshal(out, &m) != nil || !m.Cut || (m.Bytes != len(data)) != text ||
			!strings.HasPrefix(string(data), m.Start) == !text || len(m.Start) < min(len(data)/2, 1000) || m.Deep && len(m.Start) > 4<<10 {
			t.Errorf("%s: cut %v, %d bytes, mark of %d bytes starting %.40q", name, cut, len(out), m.Bytes, m.Start)
		}
		if strings.Contains(name, "deep") && !m.Deep {
			t.Errorf("%s: the mark must say deep", name)
		}
		if DeeperThan(out, MaxDepth) {
			t.Errorf("%s: the mark nests too deep", name)
		}
	}
}

// Storable is linear whatever the shape: the shapes of issue 7's tester.
func BenchmarkStorable(b *testing.B) {
	for name, data := range map[string][]byte{
		"answer-9999-deep":   []byte(`{"code":1,"data":` + string(nested(9999)) + `}`),
		"answer-5x9998-deep": bytes.Repeat(nested(9998), 5),
		"flat-256KiB":        []byte(`[` + strings.Repeat(`{"id":1},`, MaxData/9) + `1]`),
		"small":              []byte(`{"code":0,"data":{"balance":"16.2000","currency":"KZT"},"message":""}`),
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				Storable(data)
			}
		})
	}
}

// IndentedSize says what json.Indent makes, without making it.
func TestIndentedSize(t *testing.T) {
	for _, data := range []string{
		`{"code":0,"data":{"balance":"16.2000","currency":"KZT"},"message":""}`,
		`[1,[],{},[[]],{"a":[1,{"b":"x,y:[{"}]}]`, `"s"`, `12`, string(nested(70)),
		`{"esc":"\"],{","n":null}`,
	} {
		var b bytes.Buffer
		if err := json.Indent(&b, []byte(data), "", "  "); err != nil {
			t.Fatal(err)
		}
		if got := IndentedSize([]byte(data), "  "); got != b.Len() {
			t.Errorf("%.40s: %d, json.Indent makes %d", data, got, b.Len())
		}
	}
}
