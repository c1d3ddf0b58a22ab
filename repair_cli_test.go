package main

import (
	"context"
	"math/rand/v2"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/ru"
)

// `history check --repair` works from a relative history path (it failed
// with "invalid uri authority") and says how many calls the copy lacks and
// which: exactly the ones it lacks.
func TestRepairFromARelativePathSaysWhatIsMissing(t *testing.T) {
	e := newEnv(t)
	t.Chdir(t.TempDir())
	s, err := history.Open(context.Background(), "dmg.db", history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var calls []history.Call
	for i := range 300 {
		req := model.Request{Server: model.MustParseServer("api.mobizon.kz"), Module: "user", Method: "getOwnBalance"}
		calls = append(calls, history.FromResult(req, model.Response{Envelope: model.Envelope{Code: i % 40, Message: strings.Repeat("ответ сервера ", 30)}}, nil, "cli"))
	}
	if _, err := s.RecordBatch(context.Background(), calls, ""); err != nil {
		t.Fatal(err)
	}
	s.Close()
	raw, _ := os.ReadFile("dmg.db")
	rng := rand.New(rand.NewPCG(7, 31))
	for i := 30 * 4096; i < 30*4096+3000; i++ { // page 31
		raw[i] = byte(rng.IntN(256))
	}
	if err := os.WriteFile("dmg.db", raw, 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, status := e.run("--history", "dmg.db", "history", "check", "--repair", "copy.db")
	if status != exitOK {
		t.Fatalf("exit %d\n%s%s", status, out, errOut)
	}
	n := int(countCalls(t, "copy.db"))
	m := regexp.MustCompile(`нет в копии: \d+ \S+ \(номера (\d+)–(\d+):`).FindStringSubmatch(out)
	if n == 0 || n == 300 || m == nil || !strings.Contains(out, "скопировано "+ru.Calls.Count(n)+" ") ||
		!strings.Contains(out, "нет в копии: "+ru.Calls.Count(300-n)+" ") {
		t.Fatalf("%d calls copied; the report:\n%s", n, out)
	}
	from, _ := strconv.Atoi(m[1])
	to, _ := strconv.Atoi(m[2])
	if to-from+1 != 300-n {
		t.Errorf("the report names %d–%d, but %d calls are missing", from, to, 300-n)
	}
}
