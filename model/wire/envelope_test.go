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
