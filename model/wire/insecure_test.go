package wire

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"codedesk/model"
)

// mitmProxy is an HTTPS_PROXY that an on-path attacker runs: it answers
// CONNECT, then presents its own self-signed certificate for whatever host
// was asked and reads the request, with the key in its query.
type mitmProxy struct {
	url  *url.URL
	mu   sync.Mutex
	seen []string // the request URIs it read in clear
}

func startMITM(t *testing.T) *mitmProxy {
	t.Helper()
	certSource := httptest.NewTLSServer(http.NotFoundHandler())
	certSource.Close()
	cert := certSource.TLS.Certificates
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	p := &mitmProxy{url: &url.URL{Scheme: "http", Host: l.Addr().String()}}
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go p.serve(conn, cert)
		}
	}()
	return p
}

func (p *mitmProxy) serve(conn net.Conn, cert []tls.Certificate) {
	defer conn.Close()
	if _, err := http.ReadRequest(bufio.NewReader(conn)); err != nil {
		return
	}
	io.WriteString(conn, "HTTP/1.1 200 Connection Established\r\n\r\n")
	tc := tls.Server(conn, &tls.Config{Certificates: cert})
	req, err := http.ReadRequest(bufio.NewReader(tc))
	if err != nil {
		return // the client refused the certificate: nothing was read
	}
	p.mu.Lock()
	p.seen = append(p.seen, req.URL.RequestURI())
	p.mu.Unlock()
	body := `{"code":0,"data":null,"message":"ok"}`
	fmt.Fprintf(tc, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
}

func (p *mitmProxy) read() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.seen...)
}

// throughProxy sends every call of c through proxy, as HTTPS_PROXY would.
func throughProxy(c *Client, proxy *url.URL) {
	for _, hc := range []*http.Client{c.http, c.unchecked} {
		if hc != nil {
			hc.Transport.(*http.Transport).Proxy = http.ProxyURL(proxy)
		}
	}
}

// insecure = true for a test server must not switch certificate checks off
// for Mobizon's own hosts: an on-path attacker with any certificate would
// get the key. It holds for the server named and for a caller that names
// none.
func TestInsecureNeverAppliesToMobizonHosts(t *testing.T) {
	testServer := model.MustParseServer("https://127.0.0.1:9443")
	for name, opts := range map[string]ClientOptions{
		"for the test server": {Insecure: true, InsecureServer: testServer, Trust: model.NewTrust(testServer)},
		"for no server named": {Insecure: true, Trust: model.NewTrust(testServer)},
		"for a Mobizon host":  {Insecure: true, InsecureServer: model.MustParseServer("api.mobizon.kz")},
	} {
		mitm := startMITM(t)
		c := NewClient(opts)
		throughProxy(c, mitm.url)
		for _, host := range model.MobizonAPIHosts {
			resp, err := c.Do(context.Background(), balanceRequest(model.MustParseServer(host)), secretKey)
			if ce, ok := model.AsCallError(err); !ok || ce.Kind != model.KindTLS || resp.TLSUnchecked {
				t.Errorf("%s: %s through the attacker: %v, want a TLS failure", name, host, err)
			}
		}
		if seen := mitm.read(); len(seen) > 0 {
			t.Errorf("%s: the attacker read %q", name, seen)
		}
	}
}

// insecure applies to exactly the server it was given for: that one is
// called without a check and the answer says so; another named server with
// a self-signed certificate is still refused.
func TestInsecureAppliesToItsServerOnly(t *testing.T) {
	newTLS := func() *httptest.Server {
		ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `{"code":0,"data":null,"message":""}`)
		}))
		ts.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
		ts.StartTLS()
		t.Cleanup(ts.Close)
		return ts
	}
	mine, other := newTLS(), newTLS()
	c := NewClient(ClientOptions{Insecure: true, InsecureServer: serverOf(t, mine), Trust: trusting(t, mine, other)})
	resp, err := c.Do(context.Background(), balanceRequest(serverOf(t, mine)), secretKey)
	if err != nil || !resp.TLSUnchecked || !c.InsecureFor(serverOf(t, mine)) {
		t.Errorf("the server insecure names: %v, unchecked %v", err, resp.TLSUnchecked)
	}
	_, err = c.Do(context.Background(), balanceRequest(serverOf(t, other)), secretKey)
	if ce, ok := model.AsCallError(err); !ok || ce.Kind != model.KindTLS || c.InsecureFor(serverOf(t, other)) {
		t.Errorf("another server: %v, want a TLS failure", err)
	}
	plain := goodServer(t)
	resp, err = NewClient(ClientOptions{Insecure: true, InsecureServer: serverOf(t, plain), Trust: trusting(t, plain)}).
		Do(context.Background(), balanceRequest(serverOf(t, plain)), secretKey)
	if err != nil || resp.TLSUnchecked {
		t.Errorf("plain http has no certificate to skip: %v, unchecked %v", err, resp.TLSUnchecked)
	}
	if strings.Contains(err2s(err), secretKey) {
		t.Error("the key is in an error")
	}
}

func err2s(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
