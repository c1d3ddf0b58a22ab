package history_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"codedesk/history"
	"codedesk/history/historytest"
	"codedesk/history/historytest/pgtest"
	"codedesk/model"
)

var ctx = context.Background()

// A history of a million calls, built once per test binary (SQLite) or
// kept in a schema of its own between runs (PostgreSQL: filling it takes
// minutes): what a support team's history looks like after a few years.
const bigRows = 1_000_000

var (
	bigOnce          sync.Once
	bigSQLite, bigPG string
	bigErr           error
)

// bigHistories are the million-call histories, by engine; PostgreSQL only
// when CODEDESK_TEST_POSTGRES names a server.
func bigHistories(b *testing.B) map[string]history.Store {
	b.Helper()
	bigOnce.Do(func() {
		// TestMain (suite_test.go) removes this folder when the benchmarks are done.
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("codedesk-bench-%d", os.Getpid()))
		if bigErr = os.MkdirAll(dir, 0o700); bigErr != nil {
			return
		}
		bigSQLite = filepath.Join(dir, "history.db")
		if bigErr = historytest.FillSynthetic(ctx, bigSQLite, bigRows); bigErr != nil {
			return
		}
		if base := os.Getenv(pgtest.Env); base != "" {
			bigPG, bigErr = bigPostgres(base)
		}
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	out := map[string]history.Store{}
	for name, where := range map[string]string{"sqlite": bigSQLite, "postgres": bigPG} {
		if where == "" {
			continue
		}
		// A checkpoint after the fill must not fail the first record.
		s, err := history.Open(ctx, where, history.Options{Agent: "bench", Fallback: filepath.Join(b.TempDir(), "pending.db"),
			RecordTimeout: time.Minute, Timeout: time.Minute})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		out[name] = s
	}
	return out
}

// bigPostgres is the URL of schema codedesk_bench_1m, filled once: kept
// when it holds a million calls at the current schema version.
func bigPostgres(base string) (string, error) {
	const schema = "codedesk_bench_1m"
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	where := u.String()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	var version, n int64
	err = conn.QueryRow(ctx, `SELECT (SELECT version FROM `+schema+`.codedesk_schema), (SELECT count(*) FROM `+schema+`.calls WHERE agent <> 'bench')`).Scan(&version, &n)
	if err == nil && version == int64(history.PGSchemaVersion) && n == bigRows {
		_, err = conn.Exec(ctx, `DELETE FROM `+schema+`.calls WHERE agent = 'bench'`)
		return where, err
	}
	if _, err := conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE; CREATE SCHEMA `+schema); err != nil {
		return "", err
	}
	if err := historytest.FillSynthetic(ctx, where, bigRows); err != nil {
		return "", err
	}
	_, err = conn.Exec(ctx, `ANALYZE `+schema+`.calls`)
	return where, err
}

func BenchmarkHistoryRecord(b *testing.B) {
	for name, s := range bigHistories(b) {
		b.Run(name, func(b *testing.B) {
			code := 98
			c := history.Call{Server: "api.mobizon.kz", Module: "campaign", Method: "addRecipients", HTTPMethod: "POST",
				Params: []model.Param{{Key: "recipients[]", Value: "77001234567"}, {Key: "id", Value: "1"}},
				Code:   &code, Message: "Добавлено 1 из 3", Data: []byte(`[{"recipient":"77001234567","code":0}]`)}
			for b.Loop() {
				if id, err := s.Record(ctx, c, "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"); err != nil || id == 0 {
					b.Fatal(id, err)
				}
			}
			b.StopTimer()
			forgetBenchCalls(b, name)
		})
	}
}

// forgetBenchCalls removes what BenchmarkHistoryRecord added to the kept
// PostgreSQL history, so that every run (and the search benchmarks) sees
// the million synthetic calls, not thousands of identical new ones on top.
func forgetBenchCalls(b *testing.B, engine string) {
	if engine != "postgres" {
		return
	}
	conn, err := pgx.Connect(ctx, bigPG)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `DELETE FROM calls WHERE agent = 'bench'`); err != nil {
		b.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `VACUUM ANALYZE calls`); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkHistoryNewest50(b *testing.B) {
	for name, s := range bigHistories(b) {
		for _, f := range []struct {
			name string
			f    history.Filter
		}{{"all", history.Filter{Limit: 50}}, {"failed", history.Filter{Failed: true, Limit: 50}},
			{"agent", history.Filter{Agent: "timur", Limit: 50}}} {
			b.Run(name+"/"+f.name, func(b *testing.B) {
				for b.Loop() {
					if got, err := s.List(ctx, f.f); err != nil || len(got) != 50 {
						b.Fatalf("%d calls, %v", len(got), err)
					}
				}
			})
		}
	}
}

func BenchmarkHistorySearch(b *testing.B) {
	for name, s := range bigHistories(b) {
		// A rare word, a common one, a word being typed, two words, a
		// phone number, a code's keyword, a bare code, another word form,
		// a number's last digits and digits in its middle.
		for _, q := range []string{"неверный ключ", "sendsmsmessage", "получател", "частые запросы", "77001234567",
			"лимит", "30", "частых", "0403", "1230"} {
			b.Run(name+"/"+q, func(b *testing.B) {
				for b.Loop() {
					if _, err := s.List(ctx, history.Filter{Query: q, Limit: 50}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkHistoryOpen is what opening costs a command: for SQLite, the
// integrity check reads the whole file.
func BenchmarkHistoryOpen(b *testing.B) {
	stores := bigHistories(b)
	for name, where := range map[string]string{"sqlite": bigSQLite, "postgres": bigPG} {
		if stores[name] == nil {
			continue
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				s, err := history.Open(ctx, where, history.Options{ReadOnly: true})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.List(ctx, history.Filter{Limit: 1}); err != nil {
					b.Fatal(err)
				}
				s.Close()
			}
		})
	}
}
