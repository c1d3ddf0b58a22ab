package main

import (
	"strings"
	"testing"
)

// `import -` reads a curl whose CRLF line ends a terminal doubled into
// CR CR as one command, as the TUI's paste does.
func TestImportStdinTakesDoubledCRLineBreaks(t *testing.T) {
	e := newEnv(t)
	e.stdin = "curl -X POST \\\r\r  'https://api.mobizon.kz/service/message/sendsmsmessage' \\\r\r" +
		"  -d 'recipient=77001234567&text=hi'\r\r"
	out, errOut, status := e.run("import", "-")
	if status != 0 {
		t.Fatalf("import - of a CR CR paste: status %d, %s", status, errOut)
	}
	if strings.Contains(errOut, "несколько команд") || strings.TrimSpace(out) == "" {
		t.Errorf("import - must keep it as one call: stdout %q, stderr %q", out, errOut)
	}
}
