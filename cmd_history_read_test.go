package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"codedesk/history/historytest/corrupt"
	"codedesk/sandbox"
)

// A reading command given a history that is not there creates nothing and
// says so, instead of showing a new, empty history: a mistyped path must
// not look like a history with no calls. It is a local problem (4).
func TestReadingAHistoryThatIsNotThereCreatesNothing(t *testing.T) {
	e := newEnv(t)
	dir := filepath.Join(t.TempDir(), "nonexist")
	path := filepath.Join(dir, "x.db")
	for _, args := range [][]string{{"history"}, {"history", "--failed", "--json"}, {"export", "1"}, {"export", "1", "--json"}} {
		out, errOut, status := e.run(append(args, "--history", path)...)
		if status != exitLocal || out != "" || !strings.Contains(errOut, "истории ещё нет: "+path+" — ни одного вызова не записано, или путь неверен") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, status, out, errOut)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Fatalf("%v created %s (%v)", args, dir, err)
		}
	}
	// The default place too, on a machine that never made a call.
	if _, errOut, status := e.run("history"); status != exitLocal || !strings.Contains(errOut, "истории ещё нет") {
		t.Errorf("no history at the default place: exit %d %s", status, errOut)
	}
	if _, err := os.Stat(filepath.Join(e.env["XDG_STATE_HOME"], "codedesk")); !os.IsNotExist(err) {
		t.Errorf("history created the state folder (%v)", err)
	}
	// An empty file holds no calls either, and stays as it was.
	empty := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errOut, status := e.run("history", "--history", empty); status != exitLocal || !strings.Contains(errOut, "истории ещё нет: "+empty+" — файл пуст") {
		t.Errorf("an empty file: exit %d %s", status, errOut)
	}
	if names := dirNames(t, filepath.Dir(empty)); !slices.Equal(names, []string{"empty.db"}) {
		t.Errorf("beside the empty file: %v", names)
	}
	if st, _ := os.Stat(empty); st.Size() != 0 {
		t.Errorf("the empty file grew to %d bytes", st.Size())
	}
}

// Reading a history leaves its folder as it was: no -wal or -shm file
// left beside a sound file, a read-only one or a damaged one.
func TestReadingLeavesTheFolderAsItWas(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	dir := t.TempDir()
	path := filepath.Join(dir, "h.db")
	for range 300 {
		if _, errOut, status := e.run("call", "user/getOwnBalance", "--history", path); status != exitOK {
			t.Fatalf("call: exit %d %s", status, errOut)
		}
	}
	reads := [][]string{{"history"}, {"history", "--json"}, {"export", "1"}, {"history", "check"}}
	want := []string{"h.db"}
	if names := dirNames(t, dir); !slices.Equal(names, want) {
		t.Fatalf("after the calls: %v", names)
	}
	// A history that is there, without that call: a failed lookup (1).
	if _, errOut, status := e.run("export", "4242", "--history", path); status != exitAPIError || !strings.Contains(errOut, "вызова 4242 нет в истории") {
		t.Errorf("export of an unknown id: exit %d %s", status, errOut)
	}
	for _, args := range reads {
		if _, errOut, status := e.run(append(args, "--history", path)...); status != exitOK {
			t.Errorf("%v on a sound file: exit %d %s", args, status, errOut)
		}
		if names := dirNames(t, dir); !slices.Equal(names, want) {
			t.Errorf("%v on a sound file left %v", args, names)
		}
	}
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	for _, args := range reads {
		if _, errOut, status := e.run(append(args, "--history", path)...); status != exitOK {
			t.Errorf("%v on a 0444 file: exit %d %s", args, status, errOut)
		}
		if names := dirNames(t, dir); !slices.Equal(names, want) {
			t.Errorf("%v on a 0444 file left %v", args, names)
		}
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	corrupt.Page(t, path)
	damaged, _ := os.ReadFile(path)
	for _, args := range reads {
		if _, errOut, status := e.run(append(args, "--history", path)...); status != exitLocal || !strings.Contains(errOut, "повреждён") {
			t.Errorf("%v on a damaged file: exit %d %s", args, status, errOut)
		}
		if names := dirNames(t, dir); !slices.Equal(names, want) {
			t.Errorf("%v on a damaged file left %v", args, names)
		}
	}
	if now, _ := os.ReadFile(path); string(now) != string(damaged) {
		t.Error("the damaged file was written to")
	}
}

// dirNames are the names in dir, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// callKeys are the keys of every history --json row, always present.
var callKeys = []string{"agent", "at", "code", "damaged", "data", "data_cut", "duration_ms", "error", "error_kind", "http_method", "id",
	"message", "method", "module", "note", "note_at", "note_author", "params", "replay_of", "server", "source", "starred", "uid"}

// history --json rows have one stable set of keys: null where there is no
// value, "" for an empty message or note; a script never meets a missing key.
func TestHistoryJSONKeysAreStable(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	e.run("call", "user/getOwnBalance")                                   // 1: an answer, no message
	e.run("call", "user/getOwnBalance", "--server", "http://127.0.0.1:1") // 2: no answer
	e.run("import", "https://api.mobizon.kz/service/user/getOwnBalance")  // 3: never sent
	e.run("call", "campaign/send", "id=424242")                           // 4: refused, with a note
	if _, errOut, status := e.run("history", "star", "4", "--note", "клиент перепутал id"); status != exitOK {
		t.Fatalf("star: exit %d %s", status, errOut)
	}
	rows := e.historyRows()
	if len(rows) != 4 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, r := range rows {
		var keys []string
		for k := range r {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, callKeys) {
			t.Errorf("row %v keys %v, want %v", r["id"], keys, callKeys)
		}
	}
	noted, imported, refused, answered := rows[0], rows[1], rows[2], rows[3]
	if noted["note"] != "клиент перепутал id" || noted["note_author"] == nil || noted["note_at"] == nil || noted["error"] != nil {
		t.Errorf("a noted call: %v", noted)
	}
	if refused["code"] != nil || refused["error_kind"] != "refused" || refused["error"] == "" || refused["message"] != "" || refused["data"] != nil {
		t.Errorf("a call with no answer: %v", refused)
	}
	if imported["code"] != nil || imported["error_kind"] != nil || imported["note"] != "" || imported["note_author"] != nil || imported["note_at"] != nil {
		t.Errorf("an imported call: %v", imported)
	}
	if answered["code"] != float64(0) || answered["message"] != "" || answered["data"] == nil || answered["replay_of"] != nil || answered["error_kind"] != nil {
		t.Errorf("an answered call: %v", answered)
	}
}

// --limit shows that many calls; a limit that shows nothing (or, as it
// did, 50 by accident) is bad usage. When there are more, a person is
// told on stderr; a script's output is only the rows.
func TestHistoryLimit(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	for range 5 {
		e.run("call", "user/getOwnBalance")
	}
	for _, args := range [][]string{{"history", "--limit", "0"}, {"history", "--limit", "-1"}, {"replay", "--failed", "--limit", "0"}, {"sms", "list", "--to", "77001234567", "--limit", "0"}} {
		if out, errOut, status := e.run(args...); status != exitUsage || out != "" || !strings.Contains(errOut, "«"+args[len(args)-1]+"»: нужно число больше нуля") {
			t.Errorf("%v: exit %d %q %q", args, status, out, errOut)
		}
	}
	if got := e.historyRows("--limit", "3"); len(got) != 3 || got[0]["id"] != float64(5) {
		t.Errorf("--limit 3: %v", rowIDs(got))
	}
	e.tty = true
	out, errOut, status := e.run("history", "--limit", "3")
	if status != exitOK || strings.Count(strings.TrimSpace(out), "\n") != 3 || !strings.Contains(errOut, "показаны последние 3 вызова; есть ещё — --limit 6 для большего") {
		t.Errorf("3 of 5 on a terminal: exit %d\n%s%s", status, out, errOut)
	}
	if _, errOut, _ = e.run("history", "--limit", "5"); errOut != "" {
		t.Errorf("all 5 shown, yet: %q", errOut)
	}
	if _, errOut, _ = e.run("history", "--limit", "1"); !strings.Contains(errOut, "показан последний 1 вызов;") {
		t.Errorf("1 of 5: %q", errOut)
	}
	e.tty = false
	if _, errOut, _ = e.run("history", "--limit", "3"); errOut != "" {
		t.Errorf("piped, stderr says %q", errOut)
	}
}
