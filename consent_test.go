package main

import (
	"encoding/json"
	"strings"
	"testing"

	"codedesk/sandbox"
)

// failedSends records two failed calls that send SMS and one that does
// not, plus a send that got no answer (its outcome unknown), and returns
// the env.
func failedSends(t *testing.T) *cliEnv {
	t.Helper()
	e := newSandboxEnv(t, sandbox.Options{})
	e.run("call", "message/sendSmsMessage", "recipient=77000000009", "text=x") // 9
	e.run("call", "campaign/send", "id=424242")                                // 2
	e.run("call", "message/nosuch")                                            // 5, sends nothing
	// A send that got no answer: nothing listens there. Replays below go
	// to the sandbox with --server.
	e.run("call", "message/sendSmsMessage", "recipient=77001234567", "text=y", "--server", "http://127.0.0.1:1")
	return e
}

// Without a terminal and without --yes nothing is sent: exit 2, and the
// message names both ways on.
func TestReplayOfPaidCallsNeedsYesWithoutATerminal(t *testing.T) {
	e := failedSends(t)
	before, _, _ := e.run("history", "--json", "--limit", "100")
	out, errOut, status := e.run("replay", "--failed", "--server", e.server())
	if status != exitUsage || !strings.Contains(errOut, "--yes") || !strings.Contains(errOut, "--dry-run") || !strings.Contains(errOut, "3 вызова") {
		t.Errorf("exit %d, stderr %q, stdout %q", status, errOut, out)
	}
	// Named by id, the same.
	if _, errOut, status := e.run("replay", "1"); status != exitUsage || !strings.Contains(errOut, "1 вызов отправит сообщения и потратит") {
		t.Errorf("replay 1: exit %d, stderr %q", status, errOut)
	}
	if after, _, _ := e.run("history", "--json", "--limit", "100"); after != before {
		t.Errorf("something was sent without consent:\n%s", after)
	}
}

// --dry-run lists what would go, marks the paid and the unknown, sends
// nothing, exits 0.
func TestReplayDryRunSendsNothing(t *testing.T) {
	e := failedSends(t)
	before, _, _ := e.run("history", "--json", "--limit", "100")
	out, errOut, status := e.run("replay", "--failed", "--dry-run", "--server", e.server())
	if status != exitOK {
		t.Fatalf("exit %d\n%s%s", status, out, errOut)
	}
	for _, want := range []string{"77000000009", "рассылка 424242 целиком", "платно", "исход неизвестен", "message/nosuch", "ничего не отправлено (4 вызова)"} {
		if !strings.Contains(out, want) {
			t.Errorf("the list lacks %q:\n%s", want, out)
		}
	}
	if after, _, _ := e.run("history", "--json", "--limit", "100"); after != before {
		t.Errorf("--dry-run sent something:\n%s", after)
	}
	out, _, status = e.run("replay", "--failed", "--dry-run", "--json", "--server", e.server())
	var plan []plannedJSON
	if err := json.Unmarshal([]byte(out), &plan); err != nil || status != exitOK || len(plan) != 4 {
		t.Fatalf("--dry-run --json: exit %d, %v\n%s", status, err, out)
	}
	unknown := 0
	for _, p := range plan {
		if p.UnknownOutcome {
			unknown++
			if !p.SpendsMoney || len(p.Recipients) != 1 || p.Recipients[0] != "77001234567" {
				t.Errorf("the unknown one: %+v", p)
			}
		}
	}
	if unknown != 1 {
		t.Errorf("%d calls of unknown outcome, want 1: %s", unknown, out)
	}
}

// On a terminal the question names what would go and to whom, a campaign
// whole (its size is the API's to know), and marks the unknown outcome.
// "n" replays the free calls and skips the paid ones, saying how many;
// "y" sends everything.
func TestReplayAsksOnATerminal(t *testing.T) {
	e := failedSends(t)
	e.tty = true
	e.stdin = "n\n"
	before := e.historyRows("--limit", "100")
	out, errOut, status := e.run("replay", "--failed", "--server", e.server())
	for _, want := range []string{"Повтор отправит настоящие SMS (3 вызова): 2 сообщения, рассылка 424242 целиком:",
		"1  message/sendSmsMessage → 77000000009", "2  campaign/send → рассылка 424242 целиком", "исход неизвестен",
		"Отправить и платные? [y/N] (n — повторить только бесплатные: 1 вызов)", "платные не повторяются: пропущено 3 вызова"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("the question lacks %q:\n%s", want, errOut)
		}
	}
	// The free call went (and still fails: 1); the paid ones are listed, skipped.
	if status != exitAPIError || strings.Count(out, "→  пропущен  платный") != 3 || strings.Count(lineWith(out, "message/nosuch"), "5 ✗") != 2 ||
		!strings.Contains(out, "успешно 0 из 1; платных пропущено: 3 вызова") {
		t.Errorf("declined: exit %d\n%s%s", status, out, errOut)
	}
	after := e.historyRows("--limit", "100")
	if len(after) != len(before)+1 || after[0]["method"] != "nosuch" || after[0]["replay_of"] == nil {
		t.Errorf("a declined replay sent %d calls, the newest %v", len(after)-len(before), after[0])
	}
	// Only paid calls, and a no: nothing goes.
	out, errOut, status = e.run("replay", "1", "2", "--server", e.server())
	if status != exitUsage || !strings.Contains(errOut, "Отправить? [y/N]") || !strings.Contains(errOut, "ничего не отправлено") || out != "" {
		t.Errorf("only paid, declined: exit %d\n%s%s", status, out, errOut)
	}
	e.stdin = "y\n"
	out, errOut, status = e.run("replay", "--failed", "--server", e.server())
	if status == exitUsage || !strings.Contains(out, "успешно") || strings.Count(out, "→") != 5 || strings.Contains(out, "пропущен") {
		t.Errorf("consented: exit %d\n%s%s", status, out, errOut)
	}
}

// --skip-paid is the "no" for scripts: the free calls go, the paid ones
// are skipped, said on stderr and marked in --json.
func TestReplaySkipPaid(t *testing.T) {
	e := failedSends(t)
	before := e.historyRows("--limit", "100")
	out, errOut, status := e.run("replay", "--failed", "--skip-paid", "--json", "--server", e.server())
	var results []replayResult
	if err := json.Unmarshal([]byte(out), &results); err != nil || status != exitAPIError || len(results) != 4 {
		t.Fatalf("exit %d, %v\n%s%s", status, err, out, errOut)
	}
	skipped := 0
	for _, r := range results {
		if r.Skipped {
			skipped++
			if r.NewCode != nil || r.ReplayID != 0 || r.Server != e.server() {
				t.Errorf("a skipped call was sent: %+v", r)
			}
		}
	}
	if skipped != 3 || !strings.Contains(errOut, "пропущено 3 вызова") {
		t.Errorf("%d skipped; stderr %q", skipped, errOut)
	}
	if after := e.historyRows("--limit", "100"); len(after) != len(before)+1 {
		t.Errorf("--skip-paid sent %d calls", len(after)-len(before))
	}
	if _, errOut, status := e.run("replay", "--failed", "--skip-paid", "--yes"); status != exitUsage || !strings.Contains(errOut, "что-то одно") {
		t.Errorf("--skip-paid with --yes: exit %d %s", status, errOut)
	}
}

// A call that sends nothing needs no consent, and --yes lets paid ones go
// from a script.
func TestReplayConsentOnlyForPaidCalls(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	e.run("call", "message/nosuch")
	if out, errOut, status := e.run("replay", "--failed", "--server", e.server()); status != exitAPIError || !strings.Contains(out, "5 ✗") {
		t.Errorf("a free call: exit %d\n%s%s", status, out, errOut)
	}
	e.run("call", "message/sendSmsMessage", "recipient=77000000009", "text=x")
	if out, errOut, status := e.run("replay", "--failed", "--yes"); status != exitAPIError || strings.Count(out, "9 ✗") != 2 {
		t.Errorf("--yes: exit %d\n%s%s", status, out, errOut)
	}
}

// lineWith is the first line of out that holds s.
func lineWith(out, s string) string {
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}

// A free call that got no answer is of unknown outcome too, but sends no
// message: the list must not say messages may have gone.
func TestReplayDryRunUnknownFreeCallSendsNoMessages(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	e.run("call", "user/getOwnBalance", "--server", "http://127.0.0.1:1")
	out, errOut, status := e.run("replay", "--failed", "--dry-run", "--server", e.server())
	line := lineWith(out, "user/getOwnBalance")
	if status != exitOK || !strings.Contains(line, "исход неизвестен: ответа не было") || strings.Contains(out, "сообщения могли уйти") {
		t.Errorf("exit %d, the free call's line %q\n%s%s", status, line, out, errOut)
	}
}
