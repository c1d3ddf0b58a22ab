package history_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"codedesk/history"
	"codedesk/history/historytest"
	"codedesk/model"
)

var ctx = context.Background()

// A history of a million calls, built once per test binary: what a support
// engineer's file looks like after a few years.
var (
	bigOnce sync.Once
	bigPath string
	bigErr  error
)

const bigRows = 1_000_000

func bigHistory(b *testing.B) *history.Store {
	b.Helper()
	bigOnce.Do(func() {
		// TestMain removes this folder when the benchmarks are done.
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("codedesk-bench-%d", os.Getpid()))
		if err := os.MkdirAll(dir, 0o700); err != nil {
			bigErr = err
			return
		}
		bigPath = filepath.Join(dir, "history.db")
		bigErr = historytest.FillSynthetic(bigPath, bigRows)
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	s, err := history.Open(bigPath)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func BenchmarkHistoryRecord(b *testing.B) {
	s := bigHistory(b)
	code := 98
	c := history.Call{Server: "api.mobizon.kz", Module: "campaign", Method: "addRecipients", HTTPMethod: "POST",
		Params: []model.Param{{Key: "recipients[]", Value: "77001234567"}, {Key: "id", Value: "1"}},
		Code:   &code, Message: "Добавлено 1 из 3", Data: []byte(`[{"recipient":"77001234567","code":0}]`)}
	for b.Loop() {
		if _, err := s.Record(ctx, c, "SECRET-KEY-0123456789"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHistoryNewest50(b *testing.B) {
	s := bigHistory(b)
	for _, f := range []struct {
		name string
		f    history.Filter
	}{{"all", history.Filter{Limit: 50}}, {"failed", history.Filter{Failed: true, Limit: 50}}} {
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				if got, err := s.List(ctx, f.f); err != nil || len(got) != 50 {
					b.Fatalf("%d calls, %v", len(got), err)
				}
			}
		})
	}
}

func BenchmarkHistorySearch(b *testing.B) {
	s := bigHistory(b)
	// A rare word, a common one, a word being typed, two words, a number.
	for _, q := range []string{"неверный ключ", "sendsmsmessage", "получател", "частые запросы", "77001234567"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.List(ctx, history.Filter{Query: q, Limit: 50}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
