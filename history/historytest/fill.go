// Package historytest builds histories for benchmarks and tests: large
// synthetic ones that look like years of a support team's traffic, in a
// SQLite file or a PostgreSQL database alike.
package historytest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"codedesk/history"
	"codedesk/model"
)

// FillSynthetic writes n calls that look like real traffic into the
// history at where (a path or a postgres:// URL): the documented methods,
// mostly successes, failures with their messages, recipients and texts in
// the parameters, four engineers. The same n gives the same calls.
func FillSynthetic(ctx context.Context, where string, n int) error {
	// A fill is one long write: no call may end up kept locally instead.
	s, err := history.Open(ctx, where, history.Options{Agent: "fill", RecordTimeout: time.Hour, Timeout: time.Hour,
		Fallback: filepath.Join(os.TempDir(), "codedesk-fill-never-used.db")})
	if err != nil {
		return err
	}
	defer s.Close()
	rng := rand.New(rand.NewPCG(7, 7))
	start := time.Now().Add(-3 * 365 * 24 * time.Hour)
	const batch = 20000
	for done := 0; done < n; done += batch {
		calls := make([]history.Call, 0, batch)
		for i := done; i < min(done+batch, n); i++ {
			calls = append(calls, syntheticCall(rng, start, i))
		}
		ids, err := s.RecordBatch(ctx, calls, "")
		if err != nil {
			return err
		}
		if len(ids) > 0 && ids[0] == 0 {
			return errors.New("историю не заполнить: сервер не принял вызовы")
		}
	}
	return nil
}

var (
	methods = []string{"message/sendSmsMessage", "message/getSMSStatus", "campaign/addRecipients", "campaign/create",
		"campaign/send", "taskqueue/getStatus", "user/getOwnBalance", "link/create", "message/list"}
	texts    = []string{"Ваш код подтверждения", "Скидка 10% до пятницы", "Заказ доставлен", "Напоминание о записи", "Test sms message"}
	agents   = []string{"aigerim", "timur", "olga", "dilnoza"}
	failures = []struct {
		code int
		msg  string
	}{{1, "Ошибка валидации параметров"}, {2, "Рассылка не найдена"}, {8, "Авторизация не удалась: неверный ключ API"},
		{12, "Не больше 500 получателей за вызов"}, {13, "Аккаунт обслуживается другим сервером API"},
		{30, "Слишком частые запросы к message/sendSmsMessage"}, {98, "Добавлено 3 из 5 получателей"}, {99, "Ни один получатель не добавлен"}}
)

func syntheticCall(rng *rand.Rand, start time.Time, i int) history.Call {
	module, method, _ := model.ParseMethodName(methods[rng.IntN(len(methods))])
	c := history.Call{
		At: start.Add(time.Duration(i) * 90 * time.Second), Server: "api.mobizon.kz", Module: module, Method: method,
		HTTPMethod: "POST", Source: "tui", Duration: time.Duration(20+rng.IntN(300)) * time.Millisecond,
		Agent: agents[rng.IntN(len(agents))],
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
	return c
}
