package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codedesk/sandbox"
)

// Every spelling of the key's parameter in a pasted curl (query, form
// body, JSON body, header; apiKey, api_key, api-key, API_KEY, apiKey[],
// key, percent-encoded) is dropped at import: none reaches the history
// file's bytes, the screen or an export, and a replay goes with the user's
// own key.
func TestEveryKeySpellingIsDroppedAtImport(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	dbPath := filepath.Join(t.TempDir(), "h.db")
	e.env["CODEDESK_HISTORY"] = dbPath
	secrets := []string{"SECRETquery1", "SECRETquery2", "SECRETquery3", "SECRETquery4", "SECRETform1", "SECRETform2",
		"SECRETform3", "SECRETjson1", "SECRETjson2", "SECRETheader1"}
	base := "http://" + e.sandbox.KZ + "/service/user/getownbalance?output=json&api=v1"
	pastes := []string{
		`curl '` + base + `&api_key=SECRETquery1&API-KEY=SECRETquery2&%61piKey=SECRETquery3&apiKey%5B%5D=SECRETquery4&x=1' ` +
			`-d 'key=SECRETform1&ApiKey[]=SECRETform2&params[api_key]=SECRETform3&y=2' -H 'X-Api-Key: SECRETheader1'`,
		`curl '` + base + `' -H 'Content-Type: application/json' -d '{"API_KEY":"SECRETjson1","params":{"apiKey":"SECRETjson2"},"z":3}'`,
	}
	var seen strings.Builder
	for _, paste := range pastes {
		out, errOut, status := e.run("import", paste)
		if status != exitOK || !strings.Contains(errOut, "ключ API из запроса удалён") {
			t.Fatalf("import: exit %d\n%s%s", status, out, errOut)
		}
		seen.WriteString(out + errOut)
		id := strings.TrimSpace(out)
		for _, args := range [][]string{{"export", id}, {"export", id, "--json"}, {"replay", id}} {
			out, errOut, status := e.run(args...)
			if status != exitOK {
				t.Errorf("%v: exit %d\n%s%s", args, status, out, errOut)
			}
			seen.WriteString(out + errOut)
		}
	}
	for _, args := range [][]string{{"history"}, {"history", "--json"}} {
		out, errOut, _ := e.run(args...)
		seen.WriteString(out + errOut)
	}
	if !strings.Contains(seen.String(), "x=1") || !strings.Contains(seen.String(), "y=2") {
		t.Errorf("the other parameters are lost:\n%s", seen.String())
	}
	var stored []byte
	for _, suffix := range []string{"", "-wal"} {
		b, _ := os.ReadFile(dbPath + suffix)
		stored = append(stored, b...)
	}
	if len(stored) == 0 {
		t.Fatal("no history file")
	}
	for _, s := range secrets {
		if strings.Contains(string(stored), s) {
			t.Errorf("%s reached the history file", s)
		}
		if strings.Contains(seen.String(), s) {
			t.Errorf("%s reached the screen or an export", s)
		}
	}
}
