package history

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"codedesk/history/historytest/pgtest"
	"codedesk/model"
)

// The store suite: every behaviour test runs on both engines, each in a
// history of its own (a file in t.TempDir(), or a fresh PostgreSQL schema
// dropped afterwards), so tests run in parallel and repeat.

var ctx = context.Background()

// plausibleKey looks like a real Mobizon key (40 letters and digits): it is
// cut out of whatever is stored.
const plausibleKey = "Zk3Q9vX2mB7nR4tW8yL1cF6hJ0dS5gA2pE9uK3oM"

// engine is one implementation of Store under test.
type engine struct {
	name string
	// fresh is a new, empty history location: a path or a URL.
	fresh func(t testing.TB) string
	pg    bool
}

var sqliteEngine = engine{name: "sqlite", fresh: func(t testing.TB) string {
	return filepath.Join(t.TempDir(), "codedesk", "history.db")
}}

var postgresEngine = engine{name: "postgres", pg: true, fresh: freshSchema}

// freshSchema is a schema of one test's own on the test server.
func freshSchema(t testing.TB) string { return pgtest.FreshSchema(t, "t_") }

// forEachEngine runs f as a parallel subtest per engine.
func forEachEngine(t *testing.T, f func(t *testing.T, e engine)) {
	for _, e := range []engine{sqliteEngine, postgresEngine} {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			if e.pg {
				pgtest.Need(t)
			}
			f(t, e)
		})
	}
}

// openAt opens the history at where for a test, with a local file of its
// own for a team store, closed when the test ends. Unless a test is about
// time outs, a team store gets time enough for a server busy with the
// parallel tests (the race detector slows them tenfold): a call kept
// locally would fail a test about something else.
func openAt(t testing.TB, where string, opts Options) Store {
	t.Helper()
	if opts.Fallback == "" {
		opts.Fallback = filepath.Join(t.TempDir(), "pending.db")
	}
	if opts.RecordTimeout == 0 {
		opts.RecordTimeout = time.Minute
	}
	if opts.Timeout == 0 {
		opts.Timeout = time.Minute
	}
	s, err := Open(ctx, where, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// open is a fresh history of engine e.
func (e engine) open(t testing.TB) Store {
	return openAt(t, e.fresh(t), Options{Agent: "aigerim"})
}

func sampleCall(code int, message string, params ...model.Param) Call {
	req := model.Request{Server: model.MustParseServer("api.mobizon.kz"), Module: "message", Method: "sendSmsMessage", Params: params}
	resp := model.Response{Envelope: model.Envelope{Code: code, Message: message, Data: []byte(`{"messageId":"5"}`)}, Duration: 42 * time.Millisecond}
	return FromResult(req, resp, nil, "cli")
}

func record(t testing.TB, s Store, c Call, key string) int64 {
	t.Helper()
	id, err := s.Record(ctx, c, key)
	if err != nil {
		t.Fatal(err)
	}
	if id <= 0 {
		t.Fatalf("Record returned id %d", id)
	}
	return id
}

func list(t testing.TB, s Store, f Filter) []Call {
	t.Helper()
	calls, err := s.List(ctx, f)
	if err != nil {
		t.Fatalf("List(%+v): %v", f, err)
	}
	return calls
}

func ids(calls []Call) []int64 {
	out := make([]int64, len(calls))
	for i, c := range calls {
		out[i] = c.ID
	}
	return out
}

// dump is every byte of a history as text: the SQLite file and its WAL, or
// every row of every table of the PostgreSQL schema.
func dump(t testing.TB, e engine, where string) string {
	t.Helper()
	if !e.pg {
		var b strings.Builder
		for _, f := range []string{where, where + "-wal"} {
			raw, _ := os.ReadFile(f)
			b.Write(raw)
		}
		return b.String()
	}
	conn, err := pgx.Connect(ctx, where)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	tables, err := conn.Query(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(tables, pgx.RowTo[string])
	if err != nil || len(names) == 0 {
		t.Fatalf("tables: %v %v", names, err)
	}
	var b strings.Builder
	for _, name := range names {
		rows, err := conn.Query(ctx, "SELECT row_to_json(t)::text FROM "+pgx.Identifier{name}.Sanitize()+" t")
		if err != nil {
			t.Fatal(err)
		}
		texts, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(strings.Join(texts, "\n"))
	}
	return b.String()
}

// TestMain lets the process tests run this test binary again as a separate
// process that records calls (CODEDESK_RECORDER_DB set), instead of
// running the tests.
func TestMain(m *testing.M) {
	if path := os.Getenv("CODEDESK_RECORDER_DB"); path != "" {
		n, _ := strconv.Atoi(os.Getenv("CODEDESK_RECORDER_N"))
		os.Exit(recordCalls(path, n))
	}
	code := m.Run()
	// The million-call file of the benchmarks (bench_test.go).
	os.RemoveAll(filepath.Join(os.TempDir(), fmt.Sprintf("codedesk-bench-%d", os.Getpid())))
	os.Exit(code)
}

// recordCalls records n calls (forever when n is 0), printing a line after
// each commit, for the process tests. With n below 0 it records nothing: it
// reads, says "open", and keeps the history open until stdin closes.
func recordCalls(path string, n int) int {
	s, err := Open(ctx, path, Options{})
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	defer s.Close()
	if n < 0 {
		if _, err := s.Count(ctx); err != nil {
			fmt.Println("error", err)
			return 1
		}
		fmt.Println("open")
		io.Copy(io.Discard, os.Stdin)
		return 0
	}
	for i := 0; n == 0 || i < n; i++ {
		c := sampleCall(i%3, fmt.Sprintf("process %d call %d", os.Getpid(), i), model.Param{Key: "i", Value: strconv.Itoa(i)})
		if _, err := s.Record(ctx, c, plausibleKey); err != nil {
			fmt.Println("error", err)
			return 1
		}
		fmt.Println("committed", i+1)
	}
	return 0
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustWrite(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
