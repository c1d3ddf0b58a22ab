package main

import (
	"encoding/json"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"testing"

	"codedesk/sandbox"
)

// What the system says in English comes after a Russian sentence that
// says what happened: a busy port, an address this machine does not have,
// a missing file, a file where a folder should be, a team server that
// turns connections away.
func TestSystemErrorsAreSaidInRussianFirst(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	taken := busy.Addr().String()
	e := webhookEnv(t)
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{"sandbox", "--addr", taken}, exitLocal, "codedesk: песочница не запущена: адрес " + taken + " занят: там уже кто-то слушает; выберите другой порт\n"},
		// 192.0.2.1 is a documentation address: no machine has it.
		{[]string{"sandbox", "--addr", "192.0.2.1:80"}, exitLocal, "песочница не запущена: слушать 192.0.2.1:80 нельзя: у этой машины нет такого адреса"},
		{[]string{"webhook", "listen", "--addr", "192.0.2.1:80"}, exitLocal, "слушать 192.0.2.1:80 нельзя: у этой машины нет такого адреса"},
		{[]string{"webhook", "verify", filepath.Join(t.TempDir(), "none.json")}, exitLocal, "не открыт: такого файла или папки нет (no such file or directory)"},
		{[]string{"history", "--history", filepath.Join(file, "h.db")}, exitLocal, "в пути файл там, где должна быть папка (stat " + filepath.Join(file, "h.db") + ": not a directory)"},
		{[]string{"history", "--history", "postgres://u@127.0.0.1:1/db"}, exitLocal, "не прочитана: соединение отвергнуто: там никто не слушает (failed to connect to"},
	}
	for _, tc := range cases {
		_, errOut, status := e.run(tc.args...)
		if status != tc.status || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q, want %q on one line", tc.args, status, errOut, tc.want)
		}
	}
}

// The sandbox introduces itself in Russian.
func TestTheSandboxSaysWhereItIsInRussian(t *testing.T) {
	e := newEnv(t)
	r := startSandbox(t, e)
	waitFor(t, "the banner", func() bool { return strings.Contains(r.out.String(), "ctrl+c — остановить") })
	out := r.out.String()
	if !strings.Contains(out, "песочница uz: http://") || !strings.Contains(out, "(ключ "+sandbox.KeyKZ+")") || strings.Contains(out, "(key ") || strings.Contains(out, "stops") {
		t.Errorf("the banner:\n%s", out)
	}
}

// A call that got no answer is said with Russian words for people (the
// table too); --json keeps the stable English kind for scripts.
func TestNoAnswerKindsAreRussianForPeople(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	_, errOut, status := e.run("call", "user/getOwnBalance", "--server", "http://127.0.0.1:1")
	if status != exitNoAnswer || !strings.Contains(errOut, "ответа API нет (в соединении отказано): ") || strings.Contains(errOut, "(refused)") {
		t.Errorf("call: exit %d %q", status, errOut)
	}
	out, _, _ := e.run("history")
	if !strings.Contains(out, "нет ответа: в соединении отказано") || strings.Contains(out, "refused") {
		t.Errorf("history:\n%s", out)
	}
	out, _, _ = e.run("call", "user/getOwnBalance", "--server", "http://127.0.0.1:1", "--json")
	var got callJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil || got.Error == nil || got.Error.Kind != "refused" {
		t.Errorf("--json: %v %s", err, out)
	}
	if rows := e.historyRows(); rows[0]["error_kind"] != "refused" {
		t.Errorf("history --json: %v", rows[0]["error_kind"])
	}
}

// A date in the wrong form is explained with a form people read, not Go's
// reference date.
func TestDateFormIsSaidForPeople(t *testing.T) {
	out, _, status := runCLI(t, "sms", "check", "привет", "--deferred-to", "2020-01-01 10:00")
	if status != exitAPIError || !strings.Contains(out, "нужны дата и время вида ГГГГ-ММ-ДД ЧЧ:ММ:СС, например 2026-03-02 12:00:00") || strings.Contains(out, "2006") {
		t.Errorf("exit %d\n%s", status, out)
	}
}

// Who made a call when $USER is not set: $LOGNAME, else the account this
// runs as, never "unknown" on a machine that knows its users.
func TestTheAgentWithoutUSER(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	e.env["LOGNAME"] = "timur"
	e.run("call", "user/getOwnBalance")
	delete(e.env, "LOGNAME")
	e.run("call", "user/getOwnBalance")
	rows := e.historyRows()
	if rows[1]["agent"] != "timur" {
		t.Errorf("with LOGNAME: %v", rows[1]["agent"])
	}
	u, err := user.Current()
	if err != nil {
		t.Skipf("this machine does not know its user: %v", err)
	}
	if rows[0]["agent"] != u.Username {
		t.Errorf("with neither: %v, want the account %s", rows[0]["agent"], u.Username)
	}
}
