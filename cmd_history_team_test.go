package main

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"codedesk/history"
	"codedesk/history/historytest/netproxy"
	"codedesk/sandbox"
)

// Two engineers, one history: the "done when", on a real
// PostgreSQL (see pg_env_test.go).

// engineer is one support engineer's world: their own config file (agent
// and the team's URL), state folder, clock and sandbox; every line they
// are shown is kept, to be searched for the password.
type engineer struct {
	*cliEnv
	agent string
	shown *strings.Builder
}

func newEngineer(t *testing.T, agent, where string) engineer {
	t.Helper()
	e := newSandboxEnv(t, sandbox.Options{})
	e.writeConfig(fmt.Sprintf("agent = %q\nhistory = %q\n", agent, where))
	return engineer{cliEnv: e, agent: agent, shown: &strings.Builder{}}
}

// do runs codedesk as this engineer and keeps what they were shown.
func (e engineer) do(args ...string) (stdout, stderr string, status int) {
	e.t.Helper()
	stdout, stderr, status = e.run(args...)
	e.shown.WriteString(stdout + stderr)
	return stdout, stderr, status
}

// rows is `history --json` with args, as this engineer.
func (e engineer) rows(args ...string) []map[string]any {
	e.t.Helper()
	rows := e.historyRows(args...)
	out, _, _ := e.run(append([]string{"history", "--json"}, args...)...)
	e.shown.WriteString(out)
	return rows
}

// neverShown fails when a password (as typed or URL-escaped) reached what
// the engineers were shown.
func neverShown(t *testing.T, password string, engineers ...engineer) {
	t.Helper()
	for _, e := range engineers {
		for _, form := range []string{password, url.QueryEscape(password), url.PathEscape(password)} {
			if strings.Contains(e.shown.String(), form) {
				t.Errorf("the database password (%q) was shown:\n%s", form, e.shown.String())
			}
		}
	}
}

func TestTwoEngineersShareOneHistory(t *testing.T) {
	const password = "team-p@ss:w0rd"
	where := withPassword(t, freshSchema(t), password)
	aigerim, timur := newEngineer(t, "aigerim", where), newEngineer(t, "timur", where)

	// Reading never creates the team's tables: that is for a writer (the
	// owner, once), and the reader is told so.
	_, errOut, status := timur.do("history")
	if status != exitLocal || !strings.Contains(errOut, "истории ещё нет: в базе нет таблиц codedesk") || len(pgTables(t, where)) != 0 {
		t.Fatalf("reading an empty database: exit %d %s; tables %v", status, errOut, pgTables(t, where))
	}

	// Aigerim makes a call; Timur sees it, with her name.
	out, errOut, status := aigerim.do("call", "message/sendSmsMessage", "recipient=77001234567", "text=Ваш код: 1234")
	if status != exitOK || strings.Contains(errOut, "локально") {
		t.Fatalf("the call: exit %d\n%s%s", status, out, errOut)
	}
	out, _, status = timur.do("history")
	if status != exitOK || !strings.Contains(out, "aigerim") || !strings.Contains(out, "message/sendSmsMessage") {
		t.Fatalf("Timur's history: exit %d\n%s", status, out)
	}
	id := fmt.Sprint(timur.rows()[0]["id"])

	// Timur stars it with a note; Aigerim sees the star, the note, its
	// author and its time.
	if out, errOut, status := timur.do("history", "star", id, "--note", "клиент из Ташкента: помог сервер uz"); status != exitOK {
		t.Fatalf("star: exit %d %s%s", status, out, errOut)
	}
	rows := aigerim.rows()
	if len(rows) != 1 || rows[0]["starred"] != true || rows[0]["note"] != "клиент из Ташкента: помог сервер uz" ||
		rows[0]["note_author"] != "timur" || rows[0]["note_at"] != timur.clock.Now().Format(jsonTime) || rows[0]["agent"] != "aigerim" {
		t.Fatalf("Aigerim's history --json: %v", rows)
	}
	if out, _, _ := aigerim.do("history"); !strings.Contains(out, "★") || !strings.Contains(out, "(timur)") {
		t.Errorf("the table must show the star and the note's author:\n%s", out)
	}

	// Timur's own call; --mine and --agent tell them apart on both sides.
	timur.do("call", "user/getOwnBalance")
	for _, e := range []engineer{aigerim, timur} {
		mine := e.rows("--mine")
		if len(mine) != 1 || mine[0]["agent"] != e.agent {
			t.Errorf("%s --mine: %v", e.agent, mine)
		}
		if got := e.rows("--agent", "aigerim"); len(got) != 1 || fmt.Sprint(got[0]["id"]) != id {
			t.Errorf("%s --agent aigerim: %v", e.agent, got)
		}
		if got := e.rows("--starred"); len(got) != 1 || fmt.Sprint(got[0]["id"]) != id {
			t.Errorf("%s --starred: %v", e.agent, got)
		}
		if got := e.rows("--query", "ташкента"); len(got) != 1 {
			t.Errorf("%s: the note is not searchable: %v", e.agent, got)
		}
	}
	// Unstar from the other side.
	aigerim.do("history", "unstar", id)
	if got := timur.rows("--starred"); len(got) != 0 {
		t.Errorf("unstarred by Aigerim, still starred for Timur: %v", got)
	}
	neverShown(t, password, aigerim, timur)
}

// The server away: the call goes through, the record is kept locally and
// the engineer is told once; when the server is back, push sends it
// exactly once, however often it runs.
func TestACallWithTheServerAwayIsKeptAndPushedOnce(t *testing.T) {
	const password = "offline-secret-42"
	where := withPassword(t, freshSchema(t), password)
	p := netproxy.For(t, where)
	aigerim := newEngineer(t, "aigerim", p.Via(t, where))
	p.Set(netproxy.Refuse)

	// A followed task records two calls in one run: told once.
	out, errOut, status := aigerim.do("call", "campaign/addRecipients", "id=1", "recipientGroups[]=7", "--wait")
	if status != exitOK || !strings.Contains(out, "100 · ") {
		t.Fatalf("the call must go through with the history server down: exit %d\n%s%s", status, out, errOut)
	}
	if n := strings.Count(errOut, "сохранён локально"); n != 1 || !strings.Contains(errOut, "codedesk history push") {
		t.Errorf("told %d times, want once, with how to send it:\n%s", n, errOut)
	}
	pending := history.DefaultFallbackPath(aigerim.getenv, p.Via(t, where))
	if n := countCalls(t, pending); n != 2 {
		t.Errorf("%d calls kept in %s, want 2", n, pending)
	}
	if _, errOut, status := aigerim.do("history", "push"); status != exitLocal {
		t.Errorf("push with the server still down: exit %d %s", status, errOut)
	}

	p.Set(netproxy.Forward)
	out, errOut, status = aigerim.do("history", "push")
	if status != exitOK || !strings.Contains(out, "отправлено 2 вызова, пропущено 0 вызовов") || !strings.Contains(out, "в истории команды") {
		t.Fatalf("push: exit %d\n%s%s", status, out, errOut)
	}
	out, _, status = aigerim.do("history", "push")
	if status != exitOK || !strings.Contains(out, "отправлять нечего") || !strings.Contains(out, "2 вызова") {
		t.Errorf("a second push: exit %d\n%s", status, out)
	}
	rows := newEngineer(t, "timur", where).rows()
	if len(rows) != 2 || rows[0]["agent"] != "aigerim" || rows[0]["uid"] == rows[1]["uid"] {
		t.Errorf("on the server, once each: %v", rows)
	}
	neverShown(t, password, aigerim)
}

// push --from copies an engineer's own SQLite history into the team's,
// keeping who, when, stars and notes; twice copies nothing twice.
func TestPushFromCopiesALocalHistoryOnce(t *testing.T) {
	where := freshSchema(t)
	aigerim := newEngineer(t, "aigerim", where)
	local := filepath.Join(t.TempDir(), "mine.db")
	aigerim.do("call", "campaign/send", "id=424242", "--history", local)
	aigerim.do("history", "star", "1", "--note", "рассылки нет", "--history", local)
	out, errOut, status := aigerim.do("history", "push", "--from", local)
	if status != exitOK || !strings.Contains(out, "скопировано 1 вызов, пропущено 0 вызовов") {
		t.Fatalf("push --from: exit %d\n%s%s", status, out, errOut)
	}
	out, _, _ = aigerim.do("history", "push", "--from", local)
	if !strings.Contains(out, "скопировано 0 вызовов, пропущено 1 вызов") {
		t.Errorf("the second push --from:\n%s", out)
	}
	rows := newEngineer(t, "timur", where).rows()
	if len(rows) != 1 || rows[0]["note"] != "рассылки нет" || rows[0]["note_author"] != "aigerim" || rows[0]["starred"] != true ||
		rows[0]["at"] != aigerim.clock.Now().Format(jsonTime) {
		t.Errorf("the copy: %v", rows)
	}
}

// The password of the team's URL is in no message, error or output, even
// when the server is not there at all.
func TestTheDatabasePasswordIsNeverShown(t *testing.T) {
	const password = "hunter2-S3cr3t/pw"
	where := withPassword(t, "postgres://aigerim@"+netproxy.ClosedPort(t)+"/codedesk?sslmode=disable", password)
	e := newEngineer(t, "aigerim", where)
	if _, errOut, status := e.do("history"); status != exitLocal || !strings.Contains(errOut, "xxxxx") {
		t.Errorf("history with the server away: exit %d %s", status, errOut)
	}
	if _, errOut, status := e.do("call", "user/getOwnBalance"); status != exitOK || !strings.Contains(errOut, "сохранён локально") {
		t.Errorf("call with the server away: exit %d %s", status, errOut)
	}
	for _, args := range [][]string{{"history", "push"}, {"history", "star", "1"}, {"export", "1"}, {"history", "--json"}} {
		if _, errOut, status := e.do(args...); status != exitLocal {
			t.Errorf("%v: exit %d %s", args, status, errOut)
		}
	}
	if _, _, status := e.do("history", "check"); status != exitUsage {
		t.Errorf("check of a team history: exit %d", status)
	}
	// Kept locally, an import has no id yet: it prints none, and says so.
	if out, errOut, status := e.do("import", "http://127.0.0.1:1/service/user/getOwnBalance"); status != exitOK || out != "" ||
		!strings.Contains(errOut, "номера пока нет") || !strings.Contains(errOut, "codedesk history push") {
		t.Errorf("import with the server away: exit %d, stdout %q, stderr %s", status, out, errOut)
	}
	neverShown(t, password, e)
}

// The API key never reaches the team's database: not from the call, not
// from a parameter that carries it, not from an imported curl.
func TestTheKeyNeverReachesTheTeamDatabase(t *testing.T) {
	const key = "Zk3Q9vX2mB7nR4tW8yL1cF6hJ0dS5gA2pE9uK3oM" // 40 letters and digits: the sandbox takes it
	where := freshSchema(t)
	e := newEngineer(t, "aigerim", where)
	e.env["MOBIZON_API_KEY"] = key
	for _, args := range [][]string{
		{"call", "user/getOwnBalance"},
		{"call", "message/sendSmsMessage", "recipient=77001234567", "text=ключ " + key},
		{"import", "curl 'http://" + e.sandbox.KZ + "/service/user/getOwnBalance?apiKey=" + key + "'"},
	} {
		if _, errOut, status := e.do(args...); status != exitOK {
			t.Fatalf("%v: exit %d %s", args, status, errOut)
		}
	}
	dump := pgDump(t, where)
	if n := strings.Count(dump, `"uid"`); n != 3 {
		t.Fatalf("%d calls in the dump, want 3:\n%s", n, dump)
	}
	if strings.Contains(dump, key) || strings.Contains(dump, key[:20]) {
		t.Errorf("the key reached the database:\n%s", dump)
	}
}
