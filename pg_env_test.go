package main

import (
	"context"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"codedesk/history/historytest"

	"github.com/jackc/pgx/v5"
)

// The team history's command-line tests run against a real PostgreSQL:
// the server CODEDESK_TEST_POSTGRES names (bash .ci/run starts a throwaway
// one), each test in a fresh schema of its own, dropped when it ends, as
// the history package's own suite does.

// withPassword is where with a password in its user part. The test
// server trusts loopback and never asks for it: it is there to be hidden.
func withPassword(t *testing.T, where, password string) string {
	t.Helper()
	u, err := url.Parse(where)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), password)
	return u.String()
}

// pgTables are the tables of where's schema.
func pgTables(t *testing.T, where string) []string {
	t.Helper()
	return pgStrings(t, where, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`)
}

// pgDump is every row of every table of where's schema, as JSON text.
func pgDump(t *testing.T, where string) string {
	t.Helper()
	var b strings.Builder
	for _, table := range pgTables(t, where) {
		b.WriteString(strings.Join(pgStrings(t, where, "SELECT row_to_json(t)::text FROM "+pgx.Identifier{table}.Sanitize()+" t"), "\n"))
	}
	return b.String()
}

func pgStrings(t *testing.T, where, query string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, where)
	if err != nil {
		t.Fatalf("test server: %v", err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, query)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// refusedPort is an address on loopback where nothing listens: a port the
// system gave and took back.
func refusedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// proxy stands between codedesk and the test server, and can make the
// server look away: it then closes every connection at once, as a server
// that is down would refuse it.
type proxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  []net.Conn
}

func newProxy(t *testing.T, where string) *proxy {
	t.Helper()
	u, err := url.Parse(where)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: u.Host}
	t.Cleanup(func() { ln.Close(); p.setDown(true) })
	go p.serve()
	return p
}

// setDown turns the server away (or back) and cuts the connections made so far.
func (p *proxy) setDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.down {
			c.Close()
			p.mu.Unlock()
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			p.mu.Unlock()
			continue
		}
		p.conns = append(p.conns, c, up)
		p.mu.Unlock()
		go func() { io.Copy(up, c); up.Close() }()
		go func() { io.Copy(c, up); c.Close() }()
	}
}

// via is where with its host and port replaced by the proxy's.
func (p *proxy) via(t *testing.T, where string) string {
	t.Helper()
	u, err := url.Parse(where)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = p.ln.Addr().String()
	return u.String()
}

func freshSchema(t *testing.T) string { return historytest.FreshSchema(t, "cli_") }
