// Package netproxy is a TCP proxy for tests that stands between codedesk
// and a database server and can make the server look away: refusing
// connections as a server that is down does, or hanging without a word.
// It has its own package so that the history's own tests and the command
// line's can share it (historytest imports history).
package netproxy

import (
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
)

// Mode is what the proxy does with a connection.
type Mode int

const (
	Forward Mode = iota // pass it on to the target
	Refuse              // close it at once
	Hang                // read it, never answer
)

// Proxy listens on loopback and treats connections as its mode says.
type Proxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	mode   Mode
	conns  []net.Conn
}

// New starts a proxy to target (host:port) that forwards; the test's end
// closes it and every connection it made.
func New(t testing.TB, target string) *Proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{ln: ln, target: target}
	t.Cleanup(func() { ln.Close(); p.Set(Refuse) })
	go p.serve()
	return p
}

// For starts a proxy to the host and port of where (a URL).
func For(t testing.TB, where string) *Proxy {
	t.Helper()
	u, err := url.Parse(where)
	if err != nil {
		t.Fatal(err)
	}
	return New(t, u.Host)
}

// Set changes the mode and cuts the connections made so far.
func (p *Proxy) Set(mode Mode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mode = mode
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// Via is where (a URL) with its host and port replaced by the proxy's.
func (p *Proxy) Via(t testing.TB, where string) string {
	t.Helper()
	u, err := url.Parse(where)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = p.ln.Addr().String()
	return u.String()
}

func (p *Proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		up, keep := p.route(c)
		p.mu.Unlock()
		switch {
		case !keep:
		case up == nil:
			go io.Copy(io.Discard, c) // hang: read, never answer
		default:
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}
}

// route decides a new connection's fate under p.mu: the upstream it is
// joined to (nil when it hangs), or keep false when it was closed.
func (p *Proxy) route(c net.Conn) (up net.Conn, keep bool) {
	switch p.mode {
	case Refuse:
		c.Close()
		return nil, false
	case Hang:
		p.conns = append(p.conns, c)
		return nil, true
	}
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return nil, false
	}
	p.conns = append(p.conns, c, up)
	return up, true
}

// ClosedPort is an address on loopback where nothing listens: a port the
// system gave and took back.
func ClosedPort(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}
