package wire

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"codedesk/model"
)

const secretKey = "SECRETKEY-0123456789abcdef"

func serverOf(t *testing.T, ts *httptest.Server) model.Server {
	t.Helper()
	srv, err := model.ParseServer(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// trusting trusts the test servers, as --server naming them would.
func trusting(t *testing.T, servers ...*httptest.Server) model.Trust {
	t.Helper()
	var named []model.Server
	for _, ts := range servers {
		named = append(named, serverOf(t, ts))
	}
	return model.NewTrust(named...)
}

func balanceRequest(srv model.Server) model.Request {
	return model.Request{Server: srv, Module: "user", Method: "getOwnBalance"}
}

// goodServer answers every call with code 0.
func goodServer(t *testing.T) *httptest.Server {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"code":0,"data":{"balance":"1.0000","currency":"KZT"},"message":""}`)
	}))
	t.Cleanup(ts.Close)
	return ts
}

func TestRequestOnTheWire(t *testing.T) {
	type seen struct {
		method, path, query, ctype, ua, body string
	}
	got := make(chan seen, 2)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- seen{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Content-Type"), r.Header.Get("User-Agent"), string(b)}
		io.WriteString(w, `{"code":0,"data":null,"message":""}`)
	}))
	defer ts.Close()
	c := NewClient(ClientOptions{UserAgent: "codedesk/1.2.3", Trust: trusting(t, ts)})
	req := model.Request{Server: serverOf(t, ts), Module: "message", Method: "sendSmsMessage", Params: []model.Param{
		{Key: "recipient", Value: "+77001234567"}, {Key: "text", Value: "Test sms message"}, {Key: "from", Value: "YourAlpha"}, {Key: "params[validity]", Value: "1440"},
	}}
	if _, err := c.Do(context.Background(), req, secretKey); err != nil {
		t.Fatal(err)
	}
	s := <-got
	want := seen{
		method: "POST", path: "/service/message/sendsmsmessage",
		query: "api=v1&apiKey=" + secretKey + "&output=json",
		ctype: "application/x-www-form-urlencoded", ua: "codedesk/1.2.3",
		body: "recipient=%2B77001234567&text=Test+sms+message&from=YourAlpha&params%5Bvalidity%5D=1440",
	}
	if s != want {
		t.Errorf("on the wire:\n got %+v\nwant %+v", s, want)
	}
	// No parameters: GET, no body.
	if _, err := c.Do(context.Background(), balanceRequest(serverOf(t, ts)), secretKey); err != nil {
		t.Fatal(err)
	}
	s = <-got
	if s.method != "GET" || s.path != "/service/user/getownbalance" || s.body != "" || s.ctype != "" {
		t.Errorf("no parameters: %+v, want a GET without body", s)
	}
}

func TestLenientEnvelope(t *testing.T) {
	cases := map[string]model.Envelope{
		`{"code":"30","data":null,"message":"Слишком часто"}`:   {Code: 30, Message: "Слишком часто"},
		`{"code":0,"data":{"balance":"16.2000"},"message":""}`:  {Code: 0},
		`{"code":100.0,"data":"400145","message":null}`:         {Code: 100},
		`{"code":" 13 ","data":"api.mobizon.uz","message":"x"}`: {Code: 13, Message: "x"},
		`{"code":98,"data":[],"message":42}`:                    {Code: 98, Message: "42"},
		"\n  {\"code\": 999, \"message\": \"общая\"}  \n":       {Code: 999, Message: "общая"},
	}
	for body, want := range cases {
		env, err := DecodeEnvelope([]byte(body))
		if err != nil {
			t.Errorf("%s: %v", body, err)
			continue
		}
		if env.Code != want.Code || env.Message != want.Message {
			t.Errorf("%s: got code %d message %q, want %d %q", body, env.Code, env.Message, want.Code, want.Message)
		}
	}
	env, _ := DecodeEnvelope([]byte(`{"code":0}`))
	if string(env.Data) != "null" {
		t.Errorf("missing data = %s, want null", env.Data)
	}
}

func TestEnvelopeErrors(t *testing.T) {
	cases := []struct {
		body string
		kind model.ErrorKind
	}{
		{"", model.KindEmpty},
		{"   \n", model.KindEmpty},
		{"<html><body>502 Bad Gateway</body></html>", model.KindNotJSON},
		{"Service Unavailable", model.KindNotJSON},
		{`{"code":0,"data":{"balance":"1`, model.KindTruncated},
		{`{"code":0,`, model.KindTruncated},
		{`[1,2,3]`, model.KindNotEnvelope},
		{`{"status":"ok"}`, model.KindNotEnvelope},
		{`{"code":1000}`, model.KindBadCode},
		{`{"code":-1}`, model.KindBadCode},
		{`{"code":1.5}`, model.KindBadCode},
		{`{"code":"abc"}`, model.KindBadCode},
		{`{"code":null}`, model.KindBadCode},
		{`{"code":{"n":1}}`, model.KindBadCode},
		{`{"code":0}} trailing`, model.KindNotJSON},
	}
	for _, tc := range cases {
		_, err := DecodeEnvelope([]byte(tc.body))
		ce, ok := model.AsCallError(err)
		if !ok || ce.Kind != tc.kind {
			t.Errorf("%q: error %v, want kind %v", tc.body, err, tc.kind)
		}
	}
}

// TestBadAnswers sends one call to a server per way an answer can be bad,
// checks the error's kind and words, that the key is nowhere in it, and
// that the same client's next call still works.
func TestBadAnswers(t *testing.T) {
	good := goodServer(t)
	var redirectTargetHit atomic.Bool
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		redirectTargetHit.Store(true)
	}))
	defer target.Close()

	cases := []struct {
		name    string
		handler http.HandlerFunc
		kind    model.ErrorKind
		words   []string
	}{
		{"html 502", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(502)
			io.WriteString(w, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
		}, model.KindStatus, []string{"HTTP 502", "502 Bad Gateway", "nginx"}},
		{"html with 200", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "<!DOCTYPE html><html>Captive portal</html>")
		}, model.KindNotJSON, []string{"не JSON", "<!DOCTYPE html>"}},
		{"empty", func(w http.ResponseWriter, r *http.Request) {}, model.KindEmpty, []string{"пустой"}},
		{"cut", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "200")
			io.WriteString(w, `{"code":0,"data":{"bal`)
		}, model.KindTruncated, []string{"оборван"}},
		{"cut but complete-looking", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `{"code":0,"data":{"bal`)
		}, model.KindTruncated, []string{"оборван"}},
		{"redirect", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target.URL+"/service/user/getownbalance?apiKey="+r.URL.Query().Get("apiKey"), http.StatusFound)
		}, model.KindRedirect, []string{"HTTP 302", "перенаправляет", target.URL, "apiKey=SECR…"}},
		{"bad code", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `{"code":1234,"data":null,"message":""}`)
		}, model.KindBadCode, []string{"1234", "0 до 999"}},
		{"echoes the key", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(500)
			io.WriteString(w, "error for "+r.URL.String())
		}, model.KindStatus, []string{"HTTP 500", "SECR…"}},
		{"escape sequences", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(503)
			io.WriteString(w, "\x1b]0;pwned\x07\x1b[2J down")
		}, model.KindStatus, []string{"HTTP 503", "␛]0;pwned␇␛[2J down"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts := httptest.NewServer(tc.handler)
			defer ts.Close()
			c := NewClient(ClientOptions{Trust: trusting(t, ts, good, target)})
			_, err := c.Do(context.Background(), balanceRequest(serverOf(t, ts)), secretKey)
			ce, ok := model.AsCallError(err)
			if !ok {
				t.Fatalf("error %v (%T), want a *CallError", err, err)
			}
			if ce.Kind != tc.kind {
				t.Errorf("kind %v, want %v (%v)", ce.Kind, tc.kind, err)
			}
			for _, w := range tc.words {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q lacks %q", err.Error(), w)
				}
			}
			assertNoKey(t, err)
			if strings.Contains(err.Error(), "\x1b") {
				t.Errorf("message carries a raw escape: %q", err.Error())
			}
			if resp, err := c.Do(context.Background(), balanceRequest(serverOf(t, good)), secretKey); err != nil || resp.Code != 0 {
				t.Errorf("the next call failed: %v", err)
			}
		})
	}
	if redirectTargetHit.Load() {
		t.Error("the client followed a redirect: the key went to another server")
	}
}

func assertNoKey(t *testing.T, err error) {
	t.Helper()
	for e := err; e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), secretKey) {
			t.Errorf("the key leaks in %q", e.Error())
		}
	}
}

func TestBodyCap(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"code":0,"data":"`+strings.Repeat("x", 5000)+`","message":""}`)
	}))
	defer ts.Close()
	c := NewClient(ClientOptions{MaxBody: 4 << 10, Trust: trusting(t, ts)})
	_, err := c.Do(context.Background(), balanceRequest(serverOf(t, ts)), secretKey)
	ce, ok := model.AsCallError(err)
	if !ok || ce.Kind != model.KindTooLarge || !strings.Contains(err.Error(), "4 КиБ") {
		t.Fatalf("error %v, want too-large naming the 4 KiB cap", err)
	}
	big := NewClient(ClientOptions{Trust: trusting(t, ts)})
	if resp, err := big.Do(context.Background(), balanceRequest(serverOf(t, ts)), secretKey); err != nil || len(resp.Data) < 5000 {
		t.Errorf("under the default 16 MiB cap the same answer must pass: %v", err)
	}
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer ts.Close()
	defer close(release)
	c := NewClient(ClientOptions{Timeout: 150 * time.Millisecond, Trust: trusting(t, ts)})
	resp, err := c.Do(context.Background(), balanceRequest(serverOf(t, ts)), secretKey)
	ce, ok := model.AsCallError(err)
	if !ok || ce.Kind != model.KindTimeout || !strings.Contains(err.Error(), "не ответил за 150 мс") {
		t.Fatalf("error %v, want a timeout naming 150 мс in Russian", err)
	}
	if resp.Duration < 150*time.Millisecond {
		t.Errorf("duration %v: a failed call must still say how long it took", resp.Duration)
	}
	assertNoKey(t, err)
}

func TestCancel(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err := NewClient(ClientOptions{Trust: trusting(t, ts)}).Do(ctx, balanceRequest(serverOf(t, ts)), secretKey)
	if ce, ok := model.AsCallError(err); !ok || ce.Kind != model.KindCanceled {
		t.Fatalf("error %v, want canceled", err)
	}
}

func TestConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	good := goodServer(t)
	c := NewClient(ClientOptions{Trust: trusting(t, good).With(model.MustParseServer("http://" + addr))})
	_, err = c.Do(context.Background(), balanceRequest(model.MustParseServer("http://"+addr)), secretKey)
	ce, ok := model.AsCallError(err)
	if !ok || ce.Kind != model.KindRefused || !strings.Contains(err.Error(), "отказал в соединении") {
		t.Fatalf("error %v, want refused", err)
	}
	assertNoKey(t, err)
	if _, err := c.Do(context.Background(), balanceRequest(serverOf(t, good)), secretKey); err != nil {
		t.Errorf("the next call failed: %v", err)
	}
}

func TestTLSFailureAndInsecureOptIn(t *testing.T) {
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"code":0,"data":null,"message":""}`)
	}))
	ts.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	ts.StartTLS()
	defer ts.Close()
	srv := serverOf(t, ts) // https, with a certificate no one trusts
	plain := goodServer(t)
	wrong := model.Server{Scheme: "https", Host: strings.TrimPrefix(plain.URL, "http://")}
	trust := model.NewTrust(srv, wrong)
	_, err := NewClient(ClientOptions{Trust: trust}).Do(context.Background(), balanceRequest(srv), secretKey)
	ce, ok := model.AsCallError(err)
	if !ok || ce.Kind != model.KindTLS || !strings.Contains(err.Error(), "сертификат") {
		t.Fatalf("error %v, want a TLS failure", err)
	}
	assertNoKey(t, err)
	insecure := NewClient(ClientOptions{Insecure: true, Trust: trust})
	if !insecure.Insecure() {
		t.Error("Insecure() must report the opt-in")
	}
	if resp, err := insecure.Do(context.Background(), balanceRequest(srv), secretKey); err != nil || resp.Code != 0 {
		t.Errorf("with the explicit opt-in the call must pass: %v", err)
	}
	// https spoken to a plain http server.
	_, err = NewClient(ClientOptions{Trust: trust}).Do(context.Background(), balanceRequest(wrong), secretKey)
	if ce, ok := model.AsCallError(err); !ok || ce.Kind != model.KindTLS {
		t.Errorf("https to an http server: %v, want a TLS failure", err)
	}
}

func TestDNSFailure(t *testing.T) {
	dns := startNXDomainServer(t)
	c := NewClient(ClientOptions{Trust: model.NewTrust(model.MustParseServer("api.mobizon.invalid"))})
	c.useResolver(&net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "udp", dns)
	}})
	_, err := c.Do(context.Background(), balanceRequest(model.MustParseServer("api.mobizon.invalid")), secretKey)
	ce, ok := model.AsCallError(err)
	if !ok || ce.Kind != model.KindDNS || !strings.Contains(err.Error(), "api.mobizon.invalid") {
		t.Fatalf("error %v, want a DNS failure naming the host", err)
	}
	assertNoKey(t, err)
}

// startNXDomainServer is a DNS server on loopback that answers every
// question "no such name".
func startNXDomainServer(t *testing.T) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 512)
		for {
			n, addr, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if n < 12 {
				continue
			}
			resp := append([]byte(nil), buf[:n]...)
			flags := binary.BigEndian.Uint16(resp[2:4])
			flags |= 0x8000              // a response
			flags = flags&^0x000f | 0x03 // NXDOMAIN
			flags |= 0x0080              // recursion available
			binary.BigEndian.PutUint16(resp[2:4], flags)
			binary.BigEndian.PutUint16(resp[6:8], 0) // no answers
			pc.WriteTo(resp, addr)
		}
	}()
	return pc.LocalAddr().String()
}

func TestParseServer(t *testing.T) {
	good := map[string]string{
		"api.mobizon.kz":          "https://api.mobizon.kz",
		"API.Mobizon.UZ":          "https://api.mobizon.uz",
		"127.0.0.1:8080":          "https://127.0.0.1:8080",
		"localhost:9000":          "https://localhost:9000",
		"http://127.0.0.1:8080":   "http://127.0.0.1:8080",
		"https://api.mobizon.kz/": "https://api.mobizon.kz",
		" api.mobizon.com.br ":    "https://api.mobizon.com.br",
	}
	for in, want := range good {
		s, err := model.ParseServer(in)
		if err != nil || s.BaseURL() != want {
			t.Errorf("ParseServer(%q) = %v, %v; want %s", in, s.BaseURL(), err, want)
		}
	}
	for _, in := range []string{"", "ftp://x.kz", "api.mobizon.kz/service", "https://x.kz/path", "https://user:pw@x.kz",
		"x.kz:99999", "-bad-.kz", "a b.kz", "http://x.kz?apiKey=1", "kz"} {
		if _, err := model.ParseServer(in); err == nil {
			t.Errorf("ParseServer(%q) accepted it", in)
		}
	}
	if !model.MustParseServer("http://127.0.0.1:1").Plain() || model.MustParseServer("127.0.0.1:1").Plain() {
		t.Error("only an explicit http:// is plain")
	}
}

func TestParseParamLines(t *testing.T) {
	params, err := model.ParseParamLines("recipient=77001234567\n\n# a comment\ntext=a=b c\n  params[validity]=1440\r\nempty=")
	if err != nil {
		t.Fatal(err)
	}
	want := []model.Param{{Key: "recipient", Value: "77001234567"}, {Key: "text", Value: "a=b c"}, {Key: "params[validity]", Value: "1440"}, {Key: "empty", Value: ""}}
	if len(params) != len(want) {
		t.Fatalf("got %v", params)
	}
	for i := range want {
		if params[i] != want[i] {
			t.Errorf("param %d = %v, want %v", i, params[i], want[i])
		}
	}
	if _, err := model.ParseParamLines("ok=1\nno equals sign"); err == nil || !strings.Contains(err.Error(), "строка 2") {
		t.Errorf("error %v, want one naming line 2", err)
	}
	if got := model.FormatParamLines(want); got != "recipient=77001234567\ntext=a=b c\nparams[validity]=1440\nempty=" {
		t.Errorf("FormatParamLines = %q", got)
	}
}

func TestParseMethodName(t *testing.T) {
	m, me, err := model.ParseMethodName(" message/sendSmsMessage ")
	if err != nil || m != "message" || me != "sendSmsMessage" {
		t.Errorf("got %q %q %v", m, me, err)
	}
	for _, bad := range []string{"", "message", "message/", "/x", "a/b/c", "mess age/x", "a/b?c"} {
		if _, _, err := model.ParseMethodName(bad); err == nil {
			t.Errorf("ParseMethodName(%q) accepted it", bad)
		}
	}
}
