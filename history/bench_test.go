package history

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"codedesk/model"
)

// A history of a million calls, built once per test binary: what a support
// engineer's file looks like after a few years.
var (
	bigOnce sync.Once
	bigPath string
	bigErr  error
)

const bigRows = 1_000_000

func bigHistory(b *testing.B) *Store {
	b.Helper()
	bigOnce.Do(func() {
		dir, err := os.MkdirTemp("", "codedesk-bench-")
		if err != nil {
			bigErr = err
			return
		}
		bigPath = filepath.Join(dir, "history.db")
		bigErr = FillSynthetic(bigPath, bigRows)
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	s, err := Open(bigPath)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// FillSynthetic writes n calls that look like real traffic: the documented
// methods, mostly successes, failures with their messages, recipients and
// texts in the parameters.
func FillSynthetic(path string, n int) error {
	s, err := Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	rng := rand.New(rand.NewPCG(7, 7))
	methods := []string{"message/sendSmsMessage", "message/getSMSStatus", "campaign/addRecipients", "campaign/create",
		"campaign/send", "taskqueue/getStatus", "user/getOwnBalance", "link/create", "message/list"}
	texts := []string{"Ваш код подтверждения", "Скидка 10% до пятницы", "Заказ доставлен", "Напоминание о записи", "Test sms message"}
	failures := []struct {
		code int
		msg  string
	}{{1, "Ошибка валидации параметров"}, {2, "Рассылка не найдена"}, {8, "Авторизация не удалась: неверный ключ API"},
		{12, "Не больше 500 получателей за вызов"}, {13, "Аккаунт обслуживается другим сервером API"},
		{30, "Слишком частые запросы к message/sendSmsMessage"}, {98, "Добавлено 3 из 5 получателей"}, {99, "Ни один получатель не добавлен"}}
	start := time.Now().Add(-3 * 365 * 24 * time.Hour)
	const batch = 20000
	for done := 0; done < n; done += batch {
		calls := make([]Call, 0, batch)
		for i := done; i < min(done+batch, n); i++ {
			module, method, _ := model.ParseMethodName(methods[rng.IntN(len(methods))])
			c := Call{
				At: start.Add(time.Duration(i) * 90 * time.Second), Server: "api.mobizon.kz", Module: module, Method: method,
				HTTPMethod: "POST", Source: "tui", Duration: time.Duration(20+rng.IntN(300)) * time.Millisecond,
				Params: []model.Param{
					{Key: "recipient", Value: fmt.Sprintf("7700%07d", rng.IntN(10_000_000))},
					{Key: "text", Value: texts[rng.IntN(len(texts))]},
				},
			}
			code := 0
			if rng.IntN(10) == 0 {
				f := failures[rng.IntN(len(failures))]
				code, c.Message = f.code, f.msg
			}
			c.Code = &code
			c.Data = []byte(fmt.Sprintf(`{"campaignId":"%d","messageId":"%d","status":"2"}`, i, i+1))
			calls = append(calls, c)
		}
		if _, err := s.RecordBatch(ctxBench, calls, ""); err != nil {
			return err
		}
	}
	return nil
}

var ctxBench = ctx

func BenchmarkHistoryRecord(b *testing.B) {
	s := bigHistory(b)
	c := sampleCall(98, "Добавлено 1 из 3", model.Param{Key: "recipients[]", Value: "77001234567"}, model.Param{Key: "id", Value: "1"})
	for b.Loop() {
		if _, err := s.Record(ctx, c, secret); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHistoryNewest50(b *testing.B) {
	s := bigHistory(b)
	for _, f := range []struct {
		name string
		f    Filter
	}{{"all", Filter{Limit: 50}}, {"failed", Filter{Failed: true, Limit: 50}}} {
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
				if _, err := s.List(ctx, Filter{Query: q, Limit: 50}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
