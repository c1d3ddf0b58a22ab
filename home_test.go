package main

import (
	"os"
	"path/filepath"
	"testing"

	"codedesk/sandbox"
)

// CODEDESK_HISTORY and history = "…" in config.toml may start with ~/, as
// people write them: the calls go under $HOME (CODEDESK_HISTORY made a
// directory named "~" in the working directory).
func TestHistoryPathsExpandHome(t *testing.T) {
	t.Chdir(t.TempDir())
	e := newSandboxEnv(t, sandbox.Options{})
	home := e.env["HOME"]
	e.env["CODEDESK_HISTORY"] = "~/from-env.db"
	if _, errOut, status := e.run("call", "user/getOwnBalance"); status != exitOK {
		t.Fatalf("call: %d %s", status, errOut)
	}
	if n := countCalls(t, filepath.Join(home, "from-env.db")); n != 1 {
		t.Errorf("%d calls under $HOME from CODEDESK_HISTORY", n)
	}
	if _, err := os.Stat("~"); err == nil {
		t.Error(`a directory named "~" was made in the working directory`)
	}
	delete(e.env, "CODEDESK_HISTORY")
	cfg := filepath.Join(e.env["XDG_CONFIG_HOME"], "codedesk", "config.toml")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	if err := os.WriteFile(cfg, []byte("history = \"~/from-config.db\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errOut, status := e.run("call", "user/getOwnBalance"); status != exitOK {
		t.Fatalf("call: %d %s", status, errOut)
	}
	if n := countCalls(t, filepath.Join(home, "from-config.db")); n != 1 {
		t.Errorf("%d calls under $HOME from config.toml", n)
	}
}
