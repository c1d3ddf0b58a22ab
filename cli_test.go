package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"codedesk/sandbox"
)

// runCLI runs codedesk in-process as a script would, stdout not a terminal.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var out, errOut bytes.Buffer
	status = run(args, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), status
}

func TestCodesRanksMatches(t *testing.T) {
	out, _, status := runCLI(t, "codes", "лимит")
	if status != exitOK {
		t.Fatalf("exit %d", status)
	}
	if first := strings.Fields(strings.SplitN(out, "\n", 2)[0]); len(first) < 3 || first[0] != "30" || first[1] != "client" {
		t.Errorf("first line %q, want code 30 first", first)
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
	if status != exitAPIError || !strings.Contains(errOut, `no code matches "zzzqqq"`) {
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

func TestCodeErrors(t *testing.T) {
	_, errOut, status := runCLI(t, "code", "777")
	if status != exitAPIError || !strings.Contains(errOut, "code 777 is not in the code table") {
		t.Errorf("unknown code: exit %d, stderr %q", status, errOut)
	}
	_, errOut, status = runCLI(t, "code", "тридцать")
	if status != exitUsage || !strings.Contains(errOut, "not a code number") {
		t.Errorf("not a number: exit %d, stderr %q", status, errOut)
	}
	_, _, status = runCLI(t, "code")
	if status != exitUsage {
		t.Errorf("no argument: exit %d, want %d", status, exitUsage)
	}
	_, _, status = runCLI(t, "codes", "--no-such-flag")
	if status != exitUsage {
		t.Errorf("unknown flag: exit %d, want %d", status, exitUsage)
	}
	_, _, status = runCLI(t, "no-such-command")
	if status != exitUsage {
		t.Errorf("unknown command: exit %d, want %d", status, exitUsage)
	}
}

func TestVersion(t *testing.T) {
	out, _, status := runCLI(t, "version")
	if status != exitOK || !strings.HasPrefix(out, "codedesk ") {
		t.Errorf("version: %q exit %d", out, status)
	}
}

func TestCLIGlamourStyle(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	t.Setenv("COLORFGBG", "0;15")
	if got := cliGlamourStyle(); got != "light" {
		t.Errorf("COLORFGBG=0;15: %q, want light", got)
	}
	t.Setenv("COLORFGBG", "15;0")
	if got := cliGlamourStyle(); got != "dark" {
		t.Errorf("COLORFGBG=15;0: %q, want dark", got)
	}
	t.Setenv("NO_COLOR", "yes please")
	if got := cliGlamourStyle(); got != "ascii" {
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
