package main

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"codedesk/sandbox"
)

func TestCodesRanksMatches(t *testing.T) {
	out, _, status := runCLI(t, "codes", "лимит")
	if status != exitOK {
		t.Fatalf("exit %d", status)
	}
	first := strings.SplitN(out, "\n", 2)[0]
	if f := strings.Fields(first); len(f) < 3 || f[0] != "30" || !strings.HasSuffix(first, "ошибка в запросе") {
		t.Errorf("first line %q, want code 30 first, its class in Russian", first)
	}
	// Several words are one query.
	out, _, _ = runCLI(t, "codes", "rate", "limit")
	if !strings.HasPrefix(strings.TrimSpace(out), "30 ") {
		t.Errorf("codes rate limit:\n%s", out)
	}
}

func TestCodesWithoutQueryListsTheTableInOrder(t *testing.T) {
	out, _, status := runCLI(t, "codes")
	if status != exitOK {
		t.Fatalf("exit %d", status)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 20 {
		t.Fatalf("%d lines, want 20 codes", len(lines))
	}
	if !strings.HasPrefix(strings.TrimSpace(lines[0]), "0 ") || !strings.HasPrefix(strings.TrimSpace(lines[19]), "999 ") {
		t.Errorf("not in table order:\n%s", out)
	}
}

func TestCodesJSON(t *testing.T) {
	out, _, status := runCLI(t, "codes", "домен", "--json")
	if status != exitOK {
		t.Fatalf("exit %d", status)
	}
	var codes []map[string]any
	if err := json.Unmarshal([]byte(out), &codes); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(codes) == 0 {
		t.Fatal("empty array")
	}
	first := codes[0]
	if first["code"] != float64(13) {
		t.Errorf("first code %v, want the number 13", first["code"])
	}
	for _, field := range []string{"title", "class", "description"} {
		if s, _ := first[field].(string); s == "" {
			t.Errorf("field %q missing or empty: %v", field, first)
		}
	}
	if first["class"] != "client" || first["title"] != "Неверный сервер API (домен)" {
		t.Errorf("first = %v", first)
	}
	// Every code without a query, in table order.
	out, _, _ = runCLI(t, "codes", "--json")
	if err := json.Unmarshal([]byte(out), &codes); err != nil || len(codes) != 20 || codes[19]["code"] != float64(999) {
		t.Errorf("codes --json: %d codes, err %v", len(codes), err)
	}
	// No match is an empty array, not null, and not a failure for scripts.
	out, _, status = runCLI(t, "codes", "zzzqqq", "--json")
	if strings.TrimSpace(out) != "[]" || status != exitOK {
		t.Errorf("no match: %q exit %d", out, status)
	}
}

func TestCodesNoMatchIsAnError(t *testing.T) {
	_, errOut, status := runCLI(t, "codes", "zzzqqq")
	if status != exitAPIError || !strings.Contains(errOut, `ни один код не подходит к «zzzqqq»`) {
		t.Errorf("exit %d, stderr %q", status, errOut)
	}
}

func TestCodePrintsPlainCardWhenPiped(t *testing.T) {
	out, _, status := runCLI(t, "code", "13")
	if status != exitOK {
		t.Fatalf("exit %d", status)
	}
	for _, want := range []string{"13 · Неверный сервер API (домен)", "правильный домен можно получить в поле data", "Что делать:"} {
		if !strings.Contains(out, want) {
			t.Errorf("card lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("piped output must be plain text, got escape sequences:\n%q", out)
	}
}

// Errors for people are Russian, cobra's and pflag's included, and each
// has its exit status.
func TestCLIErrorsAreRussian(t *testing.T) {
	cases := []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{"code", "777"}, exitAPIError, "кода 777 нет в таблице кодов"},
		{[]string{"code", "тридцать"}, exitUsage, "«тридцать» — не номер кода"},
		{[]string{"code"}, exitUsage, "codedesk code: нужен номер кода"},
		{[]string{"code", "1", "2"}, exitUsage, "нужен номер кода"},
		{[]string{"codes", "--no-such-flag"}, exitUsage, "нет такого флага: --no-such-flag"},
		{[]string{"history", "--limit", "many"}, exitUsage, `флаг --limit: «many» — не целое число`},
		{[]string{"history", "--limit"}, exitUsage, "флагу --limit нужно значение"},
		{[]string{"no-such-command"}, exitUsage, `нет такой команды: «no-such-command»`},
		{[]string{"version", "extra"}, exitUsage, "не принимает аргументов"},
		{[]string{"call"}, exitUsage, "нужен метод module/method"},
		{[]string{"export", "x42"}, exitUsage, "«x42» — не номер вызова"},
		{[]string{"export", "42"}, exitLocal, "истории ещё нет"},
		{[]string{"import", "a", "b"}, exitUsage, "лишние аргументы: b"},
	}
	for _, tc := range cases {
		out, errOut, status := runCLI(t, tc.args...)
		if status != tc.status || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d (want %d), stderr %q, want %q", tc.args, status, tc.status, errOut, tc.want)
		}
		if latin := regexp.MustCompile(`\b(accepts|received|unknown|invalid|flag needs|required|Error)\b`); latin.MatchString(errOut) {
			t.Errorf("%v: English in the error: %q", tc.args, errOut)
		}
		if out != "" {
			t.Errorf("%v: an error printed to stdout: %q", tc.args, out)
		}
	}
	// cobra's own commands keep their words, inside a Russian sentence.
	_, errOut, status := runCLI(t, "completion", "bash", "extra")
	if status != exitUsage || !strings.Contains(errOut, "командная строка не разобрана: ") {
		t.Errorf("completion bash extra: exit %d, stderr %q", status, errOut)
	}
}

func TestVersion(t *testing.T) {
	out, _, status := runCLI(t, "version")
	if status != exitOK || !strings.HasPrefix(out, "codedesk ") {
		t.Errorf("version: %q exit %d", out, status)
	}
}

func TestCLIGlamourStyle(t *testing.T) {
	env := map[string]string{"COLORFGBG": "0;15"}
	getenv := func(k string) string { return env[k] }
	if got := cliGlamourStyle(getenv); got != "light" {
		t.Errorf("COLORFGBG=0;15: %q, want light", got)
	}
	env["COLORFGBG"] = "15;0"
	if got := cliGlamourStyle(getenv); got != "dark" {
		t.Errorf("COLORFGBG=15;0: %q, want dark", got)
	}
	env["NO_COLOR"] = "yes please"
	if got := cliGlamourStyle(getenv); got != "ascii" {
		t.Errorf("NO_COLOR set: %q, want ascii", got)
	}
}

func TestREADMEListsTheSandboxTriggers(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), sandbox.Triggers) {
		t.Error("README.md's sandbox section differs from sandbox.Triggers; copy it over")
	}
}

// run is main's own wiring: the process's streams (buffers here, so no
// terminal) and environment.
func TestRunWiresTheRealWorld(t *testing.T) {
	var out, errOut strings.Builder
	if status := run([]string{"code", "30"}, strings.NewReader(""), &out, &errOut); status != exitOK {
		t.Fatalf("exit %d %s", status, errOut.String())
	}
	if !strings.HasPrefix(out.String(), "30 · Превышен лимит запросов") || strings.Contains(out.String(), "\x1b") {
		t.Errorf("not the plain card:\n%q", out.String())
	}
}

// Flags fill the options, cli/cli style: the command's run is replaced
// and the options it would get are checked.
func TestReplayFlagsFillTheOptions(t *testing.T) {
	e := newEnv(t)
	var out, errOut strings.Builder
	f := e.factory(nil, nil)
	f.IO = NewIOStreams(strings.NewReader(""), &out, &errOut)
	var got *ReplayOptions
	cmd := NewCmdReplay(f, func(_ context.Context, o *ReplayOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"7", "9", "--yes", "--dry-run", "--server", "http://127.0.0.1:9", "--json"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got == nil || len(got.IDs) != 2 || got.IDs[1] != 9 || !got.Yes || !got.DryRun || !got.OtherServer || !got.JSON || got.Failed || got.Limit != 100 {
		t.Errorf("options: %+v", got)
	}
	s, _, err := got.Settings()
	if err != nil || s.Server.String() != "http://127.0.0.1:9" {
		t.Errorf("settings from the flags: %+v %v", s, err)
	}
}

// With the terminal flag on, `code` renders the card with glamour (its
// own escapes go out raw); with it off, or --plain, the card is plain.
func TestCodeCardFollowsTheTerminalFlag(t *testing.T) {
	e := newEnv(t)
	e.tty, e.width = true, 80
	out, _, status := e.run("code", "30")
	if status != exitOK || !strings.Contains(out, "\x1b[") || !strings.Contains(ansi.Strip(out), "Превышен лимит запросов") {
		t.Errorf("on a terminal: exit %d\n%q", status, out)
	}
	out, _, _ = e.run("code", "30", "--plain")
	if strings.Contains(out, "\x1b") || !strings.HasPrefix(out, "30 · Превышен лимит запросов") {
		t.Errorf("--plain:\n%q", out)
	}
}

// A query that names an SMS status means the status, ranked with the
// codes: `sms statuses expired` shows EXPIRED first, and `codes expired`,
// which lists codes only, points to it.
func TestAStatusNamedExactlyComesFirst(t *testing.T) {
	out, _, status := runCLI(t, "sms", "statuses", "expired")
	if status != exitOK || !strings.HasPrefix(out, "EXPIRED · Истёк срок доставки") {
		t.Errorf("sms statuses expired: exit %d\n%s", status, out)
	}
	out, _, _ = runCLI(t, "sms", "statuses", "Expired", "--json")
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) == 0 || got[0]["status"] != "EXPIRED" {
		t.Errorf("sms statuses Expired --json: %v\n%s", err, out)
	}
	out, errOut, status := runCLI(t, "codes", "expired")
	if status != exitOK || !strings.Contains(out, "8  Ошибка авторизации") ||
		!strings.Contains(errOut, "EXPIRED — статус SMS, а не код ответа: codedesk sms statuses EXPIRED") {
		t.Errorf("codes expired: exit %d\n%s%s", status, out, errOut)
	}
	_, errOut, status = runCLI(t, "codes", "undeliv")
	if status != exitAPIError || !strings.Contains(errOut, "UNDELIV — статус SMS") {
		t.Errorf("codes undeliv: exit %d %s", status, errOut)
	}
	if _, errOut, _ := runCLI(t, "codes", "лимит"); errOut != "" {
		t.Errorf("codes лимит: %q", errOut)
	}
}
