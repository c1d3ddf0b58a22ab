package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"codedesk/history"
	"codedesk/history/historytest/corrupt"
	"codedesk/model"
	"codedesk/model/ru"
	"codedesk/sandbox"
)

// writeConfig writes the engineer's config.toml.
func (e *cliEnv) writeConfig(text string) string {
	e.t.Helper()
	dir := filepath.Join(e.env["XDG_CONFIG_HOME"], "codedesk")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		e.t.Fatal(err)
	}
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		e.t.Fatal(err)
	}
	return path
}

// historyRows runs `history --json` with args and reads its rows.
func (e *cliEnv) historyRows(args ...string) []map[string]any {
	e.t.Helper()
	out, errOut, status := e.run(append([]string{"history", "--json"}, args...)...)
	if status != exitOK {
		e.t.Fatalf("history --json %v: exit %d %s", args, status, errOut)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		e.t.Fatalf("history --json: %v\n%s", err, out)
	}
	return rows
}

// rowIDs are the ids of history --json rows, newest first.
func rowIDs(rows []map[string]any) []int {
	out := make([]int, len(rows))
	for i, r := range rows {
		out[i] = int(r["id"].(float64))
	}
	return out
}

// Who made each call is recorded (the config's agent, else $USER), shown
// in the table, carried in --json, and --agent and --mine narrow to it.
func TestHistoryShowsWhoMadeEachCall(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	e.env["USER"] = "timur"
	e.run("call", "user/getOwnBalance") // as $USER
	e.writeConfig("agent = \"aigerim\"\n")
	e.run("call", "campaign/send", "id=424242")
	out, _, status := e.run("history")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if status != exitOK || len(lines) != 3 || !strings.Contains(lines[0], "кто") ||
		!strings.Contains(lines[1], "aigerim") || !strings.Contains(lines[2], "timur") {
		t.Fatalf("the table must name who made each call: exit %d\n%s", status, out)
	}
	rows := e.historyRows()
	for _, r := range rows {
		for _, key := range []string{"agent", "starred", "note", "note_author", "note_at"} {
			if _, ok := r[key]; !ok {
				t.Errorf("row %v lacks %q", r["id"], key)
			}
		}
		if r["starred"] != false || r["note"] != "" || r["note_at"] != nil {
			t.Errorf("an unstarred call without a note: %v", r)
		}
	}
	if rows[0]["agent"] != "aigerim" || rows[1]["agent"] != "timur" {
		t.Errorf("agents: %v %v", rows[0]["agent"], rows[1]["agent"])
	}
	if got := rowIDs(e.historyRows("--agent", "timur")); len(got) != 1 || got[0] != 1 {
		t.Errorf("--agent timur: %v", got)
	}
	if got := rowIDs(e.historyRows("--mine")); len(got) != 1 || got[0] != 2 {
		t.Errorf("--mine (aigerim): %v", got)
	}
	if got := e.historyRows("--agent", "olga"); len(got) != 0 {
		t.Errorf("--agent olga: %v", got)
	}
	if _, errOut, status := e.run("history", "--mine", "--agent", "timur"); status != exitUsage || !strings.Contains(errOut, "что-то одно") {
		t.Errorf("--mine with --agent: exit %d %s", status, errOut)
	}
}

// --since and --until read dates, dates with times and spans back from
// the clock; a bare --until date includes that day.
func TestHistorySinceUntil(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	ctx := context.Background()
	e.run("call", "user/getOwnBalance") // 2026-03-02 10:00
	e.clock.Sleep(ctx, 26*time.Hour)
	e.run("call", "user/getOwnBalance") // 2026-03-03 12:00
	e.clock.Sleep(ctx, 3*time.Hour)
	e.run("call", "user/getOwnBalance") // 2026-03-03 15:00
	cases := []struct {
		args []string
		want []int
	}{
		{[]string{"--since", "2h"}, []int{3}},
		{[]string{"--since", "1d"}, []int{3, 2}},
		{[]string{"--since", "2026-03-03"}, []int{3, 2}},
		{[]string{"--until", "2026-03-02"}, []int{1}},
		{[]string{"--until", "2026-03-03 12:00"}, []int{1}},
		{[]string{"--since", "2026-03-03 12:00", "--until", "2026-03-03 14:59"}, []int{2}},
	}
	for _, tc := range cases {
		if got := rowIDs(e.historyRows(tc.args...)); !equalInts(got, tc.want) {
			t.Errorf("%v: %v, want %v", tc.args, got, tc.want)
		}
	}
	for _, args := range [][]string{{"--since", "вчера"}, {"--since", "1d", "--until", "2d"}} {
		if _, errOut, status := e.run(append([]string{"history"}, args...)...); status != exitUsage || errOut == "" {
			t.Errorf("%v: exit %d %s", args, status, errOut)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// star and unstar for scripts: the note's author is who is working, its
// time the clock's; an unknown id is a failed lookup.
func TestHistoryStarAndUnstar(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	e.writeConfig("agent = \"aigerim\"\n")
	e.run("call", "campaign/send", "id=424242")
	out, errOut, status := e.run("history", "star", "1", "--note", "клиент из Ташкента: помог сервер uz")
	if status != exitOK || !strings.Contains(out, "вызов 1 (campaign/send) отмечен звёздочкой") ||
		!strings.Contains(out, "«клиент из Ташкента: помог сервер uz» (aigerim, ") {
		t.Fatalf("star: exit %d\n%s%s", status, out, errOut)
	}
	r := e.historyRows("--starred")
	if len(r) != 1 || r[0]["starred"] != true || r[0]["note"] != "клиент из Ташкента: помог сервер uz" ||
		r[0]["note_author"] != "aigerim" || r[0]["note_at"] != e.clock.Now().Format(jsonTime) {
		t.Fatalf("starred with a note: %v", r)
	}
	if got := e.historyRows("--query", "ташкента"); len(got) != 1 {
		t.Errorf("the note is not searchable: %v", got)
	}
	out, _, status = e.run("history", "unstar", "1")
	r = e.historyRows()
	if status != exitOK || !strings.Contains(out, "без звёздочки") || r[0]["starred"] != false || r[0]["note"] == "" {
		t.Errorf("unstar keeps the note: exit %d %s %v", status, out, r)
	}
	out, _, status = e.run("history", "star", "1", "--note", "")
	r = e.historyRows()
	if status != exitOK || !strings.Contains(out, "заметка убрана") || r[0]["note"] != "" || r[0]["note_at"] != nil {
		t.Errorf("an empty --note removes it: exit %d %s %v", status, out, r)
	}
	for _, args := range [][]string{{"star", "42"}, {"unstar", "42"}} {
		if _, errOut, status := e.run(append([]string{"history"}, args...)...); status != exitAPIError || !strings.Contains(errOut, "вызова 42 нет в истории") {
			t.Errorf("%v: exit %d %s", args, status, errOut)
		}
	}
	if _, errOut, status := e.run("history", "star"); status != exitUsage || !strings.Contains(errOut, "нужен номер вызова") {
		t.Errorf("star without an id: exit %d %s", status, errOut)
	}
}

// One order for every command and the TUI: --history, CODEDESK_HISTORY,
// the profile's history, the top level's, the default file.
func TestOneOrderFindsTheHistory(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	dir := t.TempDir()
	top, prof, env, flag := filepath.Join(dir, "top.db"), filepath.Join(dir, "uz.db"), filepath.Join(dir, "env.db"), filepath.Join(dir, "flag.db")
	e.writeConfig("history = \"" + top + "\"\nagent = \"aigerim\"\n[profiles.uz]\nhistory = \"" + prof + "\"\nagent = \"timur\"\n")
	steps := []struct {
		args  []string
		env   string
		where string
		agent string
	}{
		{nil, "", top, "aigerim"},
		{[]string{"--profile", "uz"}, "", prof, "timur"},
		{nil, env, env, "aigerim"},
		{[]string{"--history", flag}, env, flag, "aigerim"},
	}
	for i, st := range steps {
		e.env["CODEDESK_HISTORY"] = st.env
		if _, errOut, status := e.run(append([]string{"call", "user/getOwnBalance"}, st.args...)...); status != exitOK {
			t.Fatalf("step %d: exit %d %s", i, status, errOut)
		}
		rows := e.historyRows(append([]string{"--limit", "1"}, st.args...)...)
		if n := countCalls(t, st.where); n != 1 || len(rows) != 1 || rows[0]["agent"] != st.agent {
			t.Errorf("step %d: %d calls in %s, rows %v, want one by %s", i, n, st.where, rows, st.agent)
		}
		// The TUI opens the same history, as the same engineer.
		f := e.factory(nil, nil)
		var conn connFlags
		if len(st.args) == 2 && st.args[0] == "--profile" {
			conn.profile = st.args[1]
		} else if len(st.args) == 2 {
			f.HistoryFlag = st.args[1]
		}
		opts, cleanup, err := uiOptions(&TUIOptions{Factory: f, Settings: f.settingsFunc(&conn)})
		cleanup()
		if err != nil || opts.HistoryPath != st.where || opts.Settings.Agent != st.agent {
			t.Errorf("step %d: the TUI's history %q as %q, want %q as %q (%v)", i, opts.HistoryPath, opts.Settings.Agent, st.where, st.agent, err)
		}
	}
	if _, err := os.Stat(history.DefaultPath(e.getenv)); err == nil {
		t.Error("the default file was written although the config names another")
	}
}

// countCalls is how many calls the SQLite history at path holds.
func countCalls(t *testing.T, path string) int64 {
	t.Helper()
	s, err := history.Open(context.Background(), path, history.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer s.Close()
	n, err := s.Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A broken config stops a command only when it has a say: the history's
// place or the agent.
func TestABrokenConfigMattersOnlyWhenNeeded(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	path := filepath.Join(t.TempDir(), "h.db")
	e.run("call", "user/getOwnBalance", "--history", path)
	e.writeConfig("history = [broken\n")
	if out, errOut, status := e.run("history", "--history", path); status != exitOK || !strings.Contains(out, "user/getOwnBalance") {
		t.Errorf("--history names the file, the config has no say: exit %d %s", status, errOut)
	}
	e.env["CODEDESK_HISTORY"] = path
	if _, errOut, status := e.run("export", "1"); status != exitOK {
		t.Errorf("CODEDESK_HISTORY names the file: exit %d %s", status, errOut)
	}
	for _, args := range [][]string{{"history", "--mine"}, {"history", "star", "1"}} {
		if _, errOut, status := e.run(args...); status != exitLocal || !strings.Contains(errOut, "config.toml") {
			t.Errorf("%v needs the agent from the config: exit %d %s", args, status, errOut)
		}
	}
	delete(e.env, "CODEDESK_HISTORY")
	if _, errOut, status := e.run("history"); status != exitLocal || !strings.Contains(errOut, "config.toml") {
		t.Errorf("the config says where the history is: exit %d %s", status, errOut)
	}
	e.writeConfig("default = \"nosuch\"\n")
	if _, errOut, status := e.run("history"); status != exitUsage || !strings.Contains(errOut, "профиля «nosuch» нет") {
		t.Errorf("a missing profile: exit %d %s", status, errOut)
	}
}

// 7.4: reading commands open the history read-only: a 0444 file is read;
// writing to it is a local failure that writes nothing.
func TestReadingCommandsReadAReadOnlyFile(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	path := filepath.Join(t.TempDir(), "h.db")
	e.run("call", "campaign/send", "id=424242", "--history", path)
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	for _, args := range [][]string{{"history"}, {"history", "--failed", "--json"}, {"export", "1"}, {"export", "1", "--json"}} {
		if out, errOut, status := e.run(append(args, "--history", path)...); status != exitOK || !strings.Contains(out, "424242") {
			t.Errorf("%v on a 0444 file: exit %d %s", args, status, errOut)
		}
	}
	for _, args := range [][]string{{"history", "star", "1"}, {"import", "http://127.0.0.1:1/service/user/getOwnBalance"}} {
		if _, errOut, status := e.run(append(args, "--history", path)...); status != exitLocal || !strings.Contains(errOut, "только для чтения") {
			t.Errorf("%v on a 0444 file: exit %d %s", args, status, errOut)
		}
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the read-only file changed")
	}
}

func TestPushNeedsATeamHistory(t *testing.T) {
	e := newEnv(t)
	for _, args := range [][]string{{"history", "push"}, {"history", "push", "--from", "x.db"}} {
		_, errOut, status := e.run(args...)
		if status != exitUsage || !strings.Contains(errOut, "отправлять некуда") || !strings.Contains(errOut, "postgres://") {
			t.Errorf("%v on a file: exit %d %s", args, status, errOut)
		}
	}
	if _, errOut, status := e.run("history", "push", "--from", ""); status != exitUsage || !strings.Contains(errOut, "нужен путь") {
		t.Errorf("--from '': exit %d %s", status, errOut)
	}
}

// 7.5: check says whether the file is sound (0) or damaged (4, with how
// to keep the data); --repair copies what can be read into a new file,
// which then works as the history.
func TestHistoryCheckAndRepair(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	path := filepath.Join(t.TempDir(), "h.db")
	s, err := history.Open(context.Background(), path, history.Options{})
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
	out, errOut, status := e.run("history", "check", "--history", path)
	if status != exitOK || !strings.Contains(out, "цела") {
		t.Fatalf("a sound file: exit %d %s%s", status, out, errOut)
	}
	corrupt.Page(t, path)
	damaged, _ := os.ReadFile(path)
	_, errOut, status = e.run("history", "check", "--history", path)
	if status != exitLocal || !strings.Contains(errOut, "повреждён") || !strings.Contains(errOut, "check --repair") {
		t.Errorf("a damaged file: exit %d %s", status, errOut)
	}
	for _, args := range [][]string{{"history"}, {"export", "1"}, {"history", "star", "1"}, {"import", "http://127.0.0.1:1/service/user/getOwnBalance"}} {
		if _, errOut, status = e.run(append(args, "--history", path)...); status != exitLocal || !strings.Contains(errOut, "повреждён") {
			t.Errorf("%v on a damaged file: exit %d %s", args, status, errOut)
		}
	}
	// A call still goes through, and says why it was not kept.
	if _, errOut, status = e.run("call", "user/getOwnBalance", "--history", path); status != exitOK || !strings.Contains(errOut, "check --repair") {
		t.Errorf("a call with a damaged history: exit %d %s", status, errOut)
	}
	if now, _ := os.ReadFile(path); string(now) != string(damaged) {
		t.Error("the damaged file was written to")
	}
	fixed := filepath.Join(t.TempDir(), "fixed.db")
	out, errOut, status = e.run("history", "check", "--history", path, "--repair", fixed)
	if status != exitOK || !strings.Contains(out, "скопировано") || !strings.Contains(out, "--history "+fixed) ||
		!strings.Contains(out, "rm -f "+path+"-wal") || !strings.Contains(errOut, "повреждён") {
		t.Fatalf("--repair: exit %d\n%s%s", status, out, errOut)
	}
	n := countCalls(t, fixed)
	if n == 0 || n >= 300 || !strings.Contains(out, "скопировано "+ru.Calls.Count(int(n))) ||
		!strings.Contains(out, "нет в копии: "+ru.Calls.Count(300-int(n))+" (номера ") {
		t.Errorf("%d calls in the copy; the report: %s", n, out)
	}
	if _, errOut, status = e.run("history", "check", "--history", fixed); status != exitOK {
		t.Errorf("the copy is sound: exit %d %s", status, errOut)
	}
	if _, errOut, status = e.run("history", "check", "--history", path, "--repair", fixed); status != exitLocal || !strings.Contains(errOut, "уже есть") {
		t.Errorf("--repair onto an existing file: exit %d %s", status, errOut)
	}
	if _, errOut, status = e.run("history", "check", "--history", filepath.Join(t.TempDir(), "none.db")); status != exitLocal || !strings.Contains(errOut, "нет") {
		t.Errorf("no file: exit %d %s", status, errOut)
	}
	if _, errOut, status = e.run("history", "check", "--history", "postgres://u:pw@127.0.0.1:1/db"); status != exitUsage || !strings.Contains(errOut, "PostgreSQL") {
		t.Errorf("a team history: exit %d %s", status, errOut)
	}
}

// On a terminal a row never wraps into the next: each is cut to the
// terminal's width, at a space when one is near, and a customer's long
// method name does not widen the column for every row.
func TestHistoryRowsFitTheTerminal(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	e.run("call", "message/sendSmsMessage", "recipient=77000000009", "text=x")
	e.run("call", "message/"+strings.Repeat("x", 70))
	e.tty, e.width = true, 70
	out, errOut, status := e.run("history")
	if status != exitOK {
		t.Fatalf("exit %d %s", status, errOut)
	}
	cut := 0
	for line := range strings.Lines(strings.TrimSuffix(out, "\n")) {
		line = strings.TrimSuffix(line, "\n")
		if w := ansi.StringWidth(line); w > 70 {
			t.Errorf("a row of %d columns on a 70-column terminal: %q", w, line)
		}
		if strings.HasSuffix(line, "…") {
			cut++
		}
	}
	if cut == 0 || strings.Contains(out, strings.Repeat("x", 40)) {
		t.Errorf("long rows must be cut, the long method too:\n%s", out)
	}
	// Not a terminal: rows whole, for grep.
	e.tty, e.width = false, 0
	if out, _, _ := e.run("history"); !strings.Contains(out, strings.Repeat("x", 30)) {
		t.Errorf("a pipe gets rows whole:\n%s", out)
	}
}
