package main

import (
	"os"
	"strings"
	"testing"

	"codedesk/sandbox"
)

// Output that cannot be written is a local failure (4) for every command,
// said once and in Russian, whatever the command thought of its work (a
// code the API refused too): /dev/full takes nothing.
func TestOutputThatCannotBeWrittenExits4(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full here: %v", err)
	}
	defer full.Close()
	e := newSandboxEnv(t, sandbox.Options{})
	if _, errOut, status := e.run("call", "user/getOwnBalance"); status != exitOK {
		t.Fatalf("call: exit %d %s", status, errOut)
	}
	for _, args := range [][]string{
		{"codes"}, {"codes", "--json"}, {"codes", "лимит"}, {"code", "30"}, {"history"}, {"history", "--json"},
		{"call", "user/getOwnBalance"}, {"call", "user/getOwnBalance", "--json"}, {"call", "campaign/send", "id=424242"},
		{"export", "1"}, {"export", "1", "--reply"}, {"sms", "statuses"}, {"sms", "statuses", "EXPIRED"},
		{"sms", "check", "привет"}, {"version"}, {"--help"}, {"replay", "1"},
	} {
		errOut, status := e.runTo(full, args...)
		if status != exitLocal || strings.Count(errOut, "вывод не записан") != 1 || !strings.Contains(errOut, "вывод не записан: на диске нет места (write /dev/full: no space left on device)") {
			t.Errorf("%v to /dev/full: exit %d, stderr %q", args, status, errOut)
		}
	}
}
