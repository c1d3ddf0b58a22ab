package wire

import (
	"strings"
	"testing"
	"unicode/utf8"

	"codedesk/model"
)

func FuzzDecodeEnvelope(f *testing.F) {
	for _, s := range []string{`{"code":0,"data":null,"message":""}`, `{"code":"30"}`, `<html>`, ``, `{"code":0,`, `[1]`, `{"code":1e3}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		env, err := DecodeEnvelope(body)
		if err != nil {
			ce, ok := model.AsCallError(err)
			if !ok {
				t.Fatalf("error %v is not a *CallError", err)
			}
			if !utf8.ValidString(ce.Error()) || strings.ContainsRune(ce.Error(), 0x1b) {
				t.Fatalf("error message is not inert: %q", ce.Error())
			}
			return
		}
		if env.Code < 0 || env.Code > model.MaxCode {
			t.Fatalf("accepted code %d", env.Code)
		}
		if len(env.Data) == 0 {
			t.Fatal("data must be JSON (null at least)")
		}
	})
}

// An answer whose data is 9,000 arrays deep (18 KB) is decoded in one pass
// and its data kept as sent: readers bound themselves (jsonx).
func BenchmarkDecodeDeepAnswer(b *testing.B) {
	body := []byte(`{"code":0,"message":"","data":` + strings.Repeat("[", 9000) + "1" + strings.Repeat("]", 9000) + `}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeEnvelope(body); err != nil {
			b.Fatal(err)
		}
	}
}
