//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"codedesk/sandbox"
)

// mkfifo makes a named pipe at path: opening it to read waits for a
// writer forever.
func mkfifo(t *testing.T, path string) string {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	return path
}

// runWithin runs codedesk and fails loudly when it does not end in time:
// a FIFO once made every command below wait forever.
func (e *cliEnv) runWithin(d time.Duration, args ...string) (stdout, stderr string, status int) {
	e.t.Helper()
	type result struct {
		out, errOut string
		status      int
	}
	done := make(chan result, 1)
	go func() {
		out, errOut, status := e.run(args...)
		done <- result{out, errOut, status}
	}()
	select {
	case r := <-done:
		return r.out, r.errOut, r.status
	case <-time.After(d):
		e.t.Fatalf("%v did not end in %s", args, d)
		return "", "", 0
	}
}

// A FIFO (or a directory) where a history or a file to read should be is
// refused before it is opened, saying what it is: nothing waits forever.
func TestFIFOsAreRefusedNotWaitedOn(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	e.env["MOBIZON_WEBHOOK_SECRET"] = "my-webhook-secret"
	dir := t.TempDir()
	fifo := mkfifo(t, filepath.Join(dir, "f"))
	good := filepath.Join(dir, "good.db")
	if _, errOut, status := e.run("--history", good, "call", "user/getOwnBalance"); status != exitOK {
		t.Fatalf("call into a good history: %d %s", status, errOut)
	}
	walFIFO := filepath.Join(dir, "walfifo.db")
	if err := os.WriteFile(walFIFO, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	mkfifo(t, walFIFO+"-wal")
	cases := []struct {
		args   []string
		status int
	}{
		{[]string{"--history", fifo, "history"}, exitLocal},
		{[]string{"--history", fifo, "export", "1"}, exitLocal},
		{[]string{"--history", fifo, "import", "https://api.mobizon.kz/service/user/getownbalance"}, exitLocal},
		{[]string{"--history", fifo, "history", "star", "1"}, exitLocal},
		{[]string{"--history", fifo, "history", "check"}, exitLocal},
		{[]string{"--history", dir, "history"}, exitLocal},
		{[]string{"--history", walFIFO, "history"}, exitLocal},
		{[]string{"--history", good, "history", "push", "--from", fifo}, exitUsage}, // a file history has nowhere to push
		{[]string{"--history", good, "history", "check", "--repair", fifo}, exitLocal},
		{[]string{"webhook", "verify", fifo}, exitLocal},
		{[]string{"webhook", "verify", dir}, exitLocal},
		{[]string{"--history", fifo, "call", "user/getOwnBalance"}, exitOK}, // a call still goes, with a warning
	}
	for _, tc := range cases {
		_, errOut, status := e.runWithin(20*time.Second, tc.args...)
		if status != tc.status || !strings.Contains(errOut, "не обычный файл") && tc.status != exitUsage {
			t.Errorf("%v: exit %d (want %d)\n%s", tc.args, status, tc.status, errOut)
		}
	}
}

// A FIFO where config.toml, a key file or a webhook secret file should be
// is refused before it is opened, as a local failure (4), naming what it
// is.
func TestSettingsFilesThatAreFIFOsAreRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := mkfifo(t, filepath.Join(dir, "f"))
	writeConfig := func(e *cliEnv, text string) {
		cfgDir := filepath.Join(e.env["XDG_CONFIG_HOME"], "codedesk")
		if err := os.MkdirAll(cfgDir, 0o700); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(cfgDir, "config.toml")
		if text == "" {
			mkfifo(t, path)
			return
		}
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cases := map[string]string{
		"config.toml":         "",
		"key_file":            "[profiles.kz]\nserver = \"api.mobizon.kz\"\nkey_file = \"" + fifo + "\"\n",
		"webhook_secret_file": "[profiles.kz]\nserver = \"api.mobizon.kz\"\nwebhook_secret_file = \"" + fifo + "\"\n",
	}
	for name, text := range cases {
		e := newSandboxEnv(t, sandbox.Options{})
		delete(e.env, "MOBIZON_API_KEY")
		writeConfig(e, text)
		_, errOut, status := e.runWithin(20*time.Second, "--profile", "kz", "call", "user/getOwnBalance")
		if status != exitLocal || !strings.Contains(errOut, "именованный канал") || !strings.Contains(errOut, "не обычный файл") {
			t.Errorf("%s as a FIFO: exit %d\n%s", name, status, errOut)
		}
	}
}
