package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codedesk/sandbox"
)

// realFormatKey is a key of the real format (40 letters and digits): the
// sandbox takes it as a kz account.
const realFormatKey = "Zk3Q9vX2mB7nR4tW8yL1cF6hJ0dS5gA2pE9uK3oM"

// A key pasted into a note never reaches the history file, the echo, the
// listing or --json: the store cuts it out, the output masks it.
func TestAKeyInANoteIsCutOut(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	e.env["MOBIZON_API_KEY"] = realFormatKey
	if _, errOut, status := e.run("call", "user/getOwnBalance"); status != exitOK {
		t.Fatalf("call: exit %d %s", status, errOut)
	}
	delete(e.env, "MOBIZON_API_KEY") // the note is written by someone without the key set
	var seen strings.Builder
	for _, args := range [][]string{
		{"history", "star", "1", "--note", "note with key " + realFormatKey},
		{"history"}, {"history", "--json"}, {"export", "1", "--json"},
	} {
		out, errOut, status := e.run(args...)
		if status != exitOK {
			t.Fatalf("%v: exit %d %s", args, status, errOut)
		}
		seen.WriteString(out + errOut)
	}
	if !strings.Contains(seen.String(), "note with key Zk3Q…") {
		t.Errorf("the note is not shown masked:\n%s", seen.String())
	}
	db, _ := os.ReadFile(filepath.Join(e.env["XDG_STATE_HOME"], "codedesk", "history.db"))
	wal, _ := os.ReadFile(filepath.Join(e.env["XDG_STATE_HOME"], "codedesk", "history.db-wal"))
	for what, text := range map[string]string{"output": seen.String(), "history file": string(db) + string(wal)} {
		if strings.Contains(text, realFormatKey[4:]) {
			t.Errorf("the key is in the %s", what)
		}
	}
}
