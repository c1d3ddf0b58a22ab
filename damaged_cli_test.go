package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"codedesk/sandbox"
)

// A call another tool damaged (parameters that are not JSON, an answer
// that is not JSON) no longer fails `history`, `history --json` or every
// export: it is listed marked, `history check` counts it (exit 4), and an
// export that would be built from a damaged field refuses (4) instead of
// printing something else.
func TestDamagedCallsAreShownMarked(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	path := filepath.Join(t.TempDir(), "h.db")
	e.env["CODEDESK_HISTORY"] = path
	for range 4 {
		if _, errOut, status := e.run("call", "user/getOwnBalance"); status != exitOK {
			t.Fatalf("call: %d %s", status, errOut)
		}
	}
	db, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Path: path}).String())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`UPDATE calls SET params = 'not json [' WHERE id = 2`, `UPDATE calls SET data = '{"half' WHERE id = 3`} {
		if _, err := db.ExecContext(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	out, errOut, status := e.run("history")
	if status != exitOK || !strings.Contains(out, "⚠ повреждено поле: параметры") || !strings.Contains(out, "⚠ повреждено поле: данные") ||
		!strings.Contains(errOut, "2 вызова с повреждёнными полями (3, 2)") {
		t.Errorf("history: exit %d\n%s%s", status, out, errOut)
	}
	out, errOut, status = e.run("history", "--json")
	var calls []struct {
		ID      int64    `json:"id"`
		Damaged []string `json:"damaged"`
	}
	if err := json.Unmarshal([]byte(out), &calls); status != exitOK || err != nil || len(calls) != 4 ||
		strings.Join(calls[1].Damaged, ",") != "data" || strings.Join(calls[2].Damaged, ",") != "params" || calls[0].Damaged == nil || len(calls[0].Damaged) != 0 {
		t.Errorf("history --json: exit %d %v\n%s%s", status, err, out, errOut)
	}
	if _, errOut, status = e.run("export", "2"); status != exitLocal || !strings.Contains(errOut, "запрос из него не собрать") {
		t.Errorf("export of a call with damaged parameters: exit %d %s", status, errOut)
	}
	if out, errOut, status = e.run("export", "2", "--json"); status != exitOK || !json.Valid([]byte(out)) || !strings.Contains(errOut, "повреждён") {
		t.Errorf("export --json of a damaged call: exit %d\n%s%s", status, out, errOut)
	}
	if out, errOut, status = e.run("export", "3"); status != exitOK || !strings.Contains(out, "curl") {
		t.Errorf("a curl needs no answer: exit %d\n%s%s", status, out, errOut)
	}
	if _, errOut, status = e.run("history", "check"); status != exitLocal || !strings.Contains(errOut, "у 2 вызовов поля не читаются (номера 2–3)") {
		t.Errorf("history check: exit %d\n%s", status, errOut)
	}
}
