package main

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"codedesk/history/historytest/pgtest"

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

func freshSchema(t *testing.T) string { return pgtest.FreshSchema(t, "cli_") }
