// Package pgtest gives tests a PostgreSQL server of their own to work in:
// the server CI starts, a schema per test. It imports nothing of codedesk,
// so the history's own tests use it as well as the command line's and the
// TUI's.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env names the server the PostgreSQL tests run against; bash
// .ci/run starts a throwaway one and sets it, with CI_REQUIRE_POSTGRES=1.
const Env = "CODEDESK_TEST_POSTGRES"

// Need returns the test server's URL. Without one the test is
// skipped with a message saying how to run it, or fails when
// CI_REQUIRE_POSTGRES=1 (in CI these tests must never be skipped).
func Need(t testing.TB) string {
	t.Helper()
	u := os.Getenv(Env)
	if u == "" {
		if os.Getenv("CI_REQUIRE_POSTGRES") == "1" {
			t.Fatal(Env + " is not set but CI_REQUIRE_POSTGRES=1: the PostgreSQL tests must run")
		}
		t.Skip("PostgreSQL tests skipped: set " + Env + "=postgres://user@127.0.0.1:5432/db " +
			"(a database the tests may create schemas in), or run bash .ci/run, which starts a throwaway server")
	}
	return u
}

// FreshSchema makes a schema of the test's own on the test server, dropped
// when the test ends, and returns the server's URL with that schema as
// its search_path: tests run side by side and again without meeting.
func FreshSchema(t testing.TB, prefix string) string {
	t.Helper()
	base := Need(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := prefix + hex.EncodeToString(b[:])
	Exec(t, base, "CREATE SCHEMA "+schema)
	t.Cleanup(func() { Exec(t, base, "DROP SCHEMA "+schema+" CASCADE") })
	return WithSearchPath(t, base, schema)
}

// WithSearchPath is the server's URL base with schema as its search_path.
func WithSearchPath(t testing.TB, base, schema string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Exec runs statements on the test server, outside any store.
func Exec(t testing.TB, where string, stmts ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, where)
	if err != nil {
		t.Fatalf("test server: %v", err)
	}
	defer conn.Close(ctx)
	for _, s := range stmts {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}
