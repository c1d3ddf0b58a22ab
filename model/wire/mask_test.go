package wire

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"codedesk/model"
	"codedesk/model/safe"
)

// echoServer answers with body(key), where key is the apiKey the call
// carried, and keeps the form body it received.
func echoServer(t *testing.T, body func(key string) string) (*httptest.Server, *string) {
	var got string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = string(b)
		io.WriteString(w, body(r.URL.Query().Get("apiKey")))
	}))
	t.Cleanup(ts.Close)
	return ts, &got
}

// A key that cannot be real changes nothing the server sent: masking "abc"
// turned "abcdef Fabcon" into "a…def Fa…on", masking "808" a stored server
// into "http://127.0.0.1:18…1", masking "5" JSON into something invalid.
func TestMaskingNeverRewritesDataForImplausibleKeys(t *testing.T) {
	const answer = `{"code":0,"data":{"text":"abcdef Fabcon","server":"http://127.0.0.1:18081","n":5,"list":[5,55]},"message":"abcdef Fabcon 18081 5"}`
	for _, key := range []string{"abc", "808", "5"} {
		ts, sent := echoServer(t, func(string) string { return answer })
		req := model.Request{Server: serverOf(t, ts), Module: "message", Method: "sendSmsMessage",
			Params: []model.Param{{Key: "text", Value: "abcdef Fabcon"}, {Key: "from", Value: "808-5"}}}
		resp, err := NewClient(ClientOptions{Trust: trusting(t, ts)}).Do(context.Background(), req, key)
		if err != nil {
			t.Fatalf("key %q: %v", key, err)
		}
		if resp.Message != "abcdef Fabcon 18081 5" {
			t.Errorf("key %q: message became %q", key, resp.Message)
		}
		var env struct {
			Data json.RawMessage `json:"data"`
		}
		json.Unmarshal([]byte(answer), &env)
		if string(resp.Data) != string(env.Data) {
			t.Errorf("key %q: data became %s", key, resp.Data)
		}
		if *sent != "text=abcdef+Fabcon&from=808-5" {
			t.Errorf("key %q: the parameters were changed on the wire: %q", key, *sent)
		}
	}
}

// A real key echoed by the server, as is or \u-escaped, is masked in the
// message and the data, and the data stays valid JSON.
func TestMaskingRemovesARealKeyHoweverEchoed(t *testing.T) {
	const key = "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0" // 40 letters and digits
	escaped := `\u0061` + key[1:]
	ts, _ := echoServer(t, func(k string) string {
		return `{"code":8,"data":{"raw":"key ` + k + ` bad","esc":"` + escaped + `","n":[1,2.50]},"message":"wrong key ` + k + `"}`
	})
	resp, err := NewClient(ClientOptions{Trust: trusting(t, ts)}).Do(context.Background(), balanceRequest(serverOf(t, ts)), key)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(resp.Message, key) || resp.Message != "wrong key "+safe.MaskKey(key) {
		t.Errorf("message %q", resp.Message)
	}
	var data map[string]any
	if err := json.Unmarshal(resp.Data, &data); err != nil {
		t.Fatalf("data is not JSON any more: %s", resp.Data)
	}
	for _, field := range []string{"raw", "esc"} {
		if s, _ := data[field].(string); strings.Contains(s, key) || !strings.Contains(s, safe.MaskKey(key)) {
			t.Errorf("data.%s = %q: the key is not masked", field, s)
		}
	}
	if strings.Contains(string(resp.Data), key) || strings.Contains(string(resp.Data), escaped) || !strings.Contains(string(resp.Data), `[1,2.50]`) {
		t.Errorf("data %s", resp.Data)
	}
}

// hostile is what a server may put where codedesk quotes it: escape
// sequences for the clipboard and the title, a bidi override, a
// zero-width space and some key.
const hostile = "\x1b]52;c;QUFB\x07\x1b]0;t\x07\u202e\u200bapiKey=SECRETSECRET"

// Every error of the client is inert and shows no key, whatever the
// server answered.
func TestEveryClientErrorIsInertAndMasked(t *testing.T) {
	bodies := map[string]func(w http.ResponseWriter, key string){
		"status":       func(w http.ResponseWriter, key string) { w.WriteHeader(500); io.WriteString(w, hostile+key) },
		"not json":     func(w http.ResponseWriter, key string) { io.WriteString(w, hostile+key) },
		"not envelope": func(w http.ResponseWriter, key string) { io.WriteString(w, `["`+key+`","`+hostile+`"]`) },
		"no code":      func(w http.ResponseWriter, key string) { io.WriteString(w, `{"message":"`+key+hostile+`"}`) },
		"truncated":    func(w http.ResponseWriter, key string) { io.WriteString(w, `{"code":0,"data":"`+key+hostile) },
		"bad code":     func(w http.ResponseWriter, key string) { io.WriteString(w, `{"code":"`+key+hostile+`"}`) },
		"bad json":     func(w http.ResponseWriter, key string) { io.WriteString(w, `{"code":0,`+key+hostile+`}`) },
		"deep": func(w http.ResponseWriter, key string) {
			io.WriteString(w, `{"code":0,"data":`+strings.Repeat("[", 10001)+`}`)
		},
		"redirect": func(w http.ResponseWriter, key string) {
			w.Header().Set("Location", "http://x/"+key+"?apiKey=SECRETSECRET&t=\u202e\u200b")
			w.WriteHeader(302)
		},
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body(w, r.URL.Query().Get("apiKey"))
			}))
			defer ts.Close()
			_, err := NewClient(ClientOptions{Trust: trusting(t, ts)}).Do(context.Background(), balanceRequest(serverOf(t, ts)), secretKey)
			if err == nil {
				t.Fatal("no error")
			}
			assertNoKey(t, err)
			for e := error(err); e != nil; e = unwrap(e) {
				if msg := e.Error(); safe.Line(msg) != msg || strings.Contains(msg, "SECRETSECRET") {
					t.Errorf("%q is not inert and masked", msg)
				}
			}
		})
	}
}

func unwrap(err error) error {
	u, ok := err.(interface{ Unwrap() error })
	if !ok {
		return nil
	}
	return u.Unwrap()
}

// A server's message is cut to MaxMessage bytes at a character, marked,
// before anything shows or keeps it (1 MiB went to the screen and the
// history), and a key it echoes percent-encoded, in a form body, is
// masked.
func TestServerMessageIsCutAndItsEncodedKeyMasked(t *testing.T) {
	const key = "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"
	ts, _ := echoServer(t, func(k string) string {
		form := "text%3Dhi%26%61piKey%3D" + "%61" + k[1:]
		return `{"code":1,"data":null,"message":"` + form + " " + strings.Repeat("я", 1<<19) + `"}`
	})
	resp, err := NewClient(ClientOptions{Trust: trusting(t, ts)}).Do(context.Background(), balanceRequest(serverOf(t, ts)), key)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Message) > MaxMessage+200 || !utf8.ValidString(resp.Message) || !strings.HasSuffix(resp.Message, "[обрезано: сообщение сервера длиной 1025 КиБ]") {
		t.Errorf("message of %d bytes, ends %q", len(resp.Message), resp.Message[max(0, len(resp.Message)-80):])
	}
	if strings.Contains(resp.Message, key[1:]) {
		t.Errorf("the echoed key is in the message: %.120q", resp.Message)
	}
}

// A cut through a key keeps none of it: a key is masked only whole.
func TestMessageCutNeverKeepsHalfAKey(t *testing.T) {
	const key = "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"
	msg := strings.Repeat(".", MaxMessage-20) + key + strings.Repeat(".", 100)
	if cut := CutMessage(msg); strings.Contains(cut, key[:8]) || !strings.Contains(cut, "обрезано") {
		t.Errorf("the cut keeps %q", cut[MaxMessage-40:])
	}
}
